package io.wayfarer.shared.market;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.RequestId;
import io.wayfarer.shared.bus.Body;
import io.wayfarer.shared.bus.Command;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.bus.Topic;
import io.wayfarer.shared.bus.Topic.Audience;
import io.wayfarer.shared.bus.TownRef;
import io.wayfarer.shared.input.Field;
import io.wayfarer.shared.input.Form;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.player.ModerationContract;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.player.PlayerContract.Me;
import java.util.ArrayList;
import java.util.List;

/**
 * The market verticle's bus addresses (ARCHITECTURE.md rule 2). Orders carry the server-known
 * {@code playerId}.
 */
public final class MarketContract {
  /**
   * Market commands; orders' quantity limit comes from configuration ({@code market.maxOrderQty}),
   * see {@link #buy}.
   */
  public static final Command<TownRef, Document> PRICES =
      Command.read(
          "market.prices",
          TownRef::fromJson,
          Document::fromJson,
          null,
          "the town's board: goods, prices, stock, need, trend");

  public static final Command<Empty, Document> ALL_PRICES =
      Command.read(
          "market.prices.all",
          Empty::fromJson,
          Document::fromJson,
          null,
          "every town's board, for planning a route");
  public static final Command<History, Document> HISTORY =
      Command.read(
          "market.history",
          History::fromJson,
          Document::fromJson,
          History.FORM,
          "a good's price history in the town, one sample per game hour");
  public static final Command<Me, Document> TRADES =
      Command.read(
          "market.trades",
          Me::fromJson,
          Document::fromJson,
          null,
          "your last 50 trades, newest first");
  static final String BUY = "market.buy";
  static final String SELL = "market.sell";

  /**
   * Buying: {@code {playerId, town, good, qty, maxUnitPrice, requestId}} → a receipt; the same
   * requestId again → the same receipt.
   */
  public static Command<Order, Document> buy(long maxOrderQty) {
    return Command.change(
        BUY,
        json -> Order.fromJson(json, true, maxOrderQty),
        Document::fromJson,
        Order.form(true, maxOrderQty),
        "buys at the board's price, up to maxUnitPrice a unit; the same requestId again answers the same receipt");
  }

  /** Selling: {@code {playerId, town, good, qty, minUnitPrice, requestId}} → a receipt. */
  public static Command<Order, Document> sell(long maxOrderQty) {
    return Command.change(
        SELL,
        json -> Order.fromJson(json, false, maxOrderQty),
        Document::fromJson,
        Order.form(false, maxOrderQty),
        "sells at the board's price, for at least minUnitPrice a unit");
  }

  public static Command<Order, Document> buy(JsonObject config) {
    return buy(config.getJsonObject("market").getLong("maxOrderQty"));
  }

  public static Command<Order, Document> sell(JsonObject config) {
    return sell(config.getJsonObject("market").getLong("maxOrderQty"));
  }

  /** {@code {town, good, hours?}}: hours from 1 to 720, 24 when not given. */
  public record History(String town, String good, Integer hours) implements Body {
    public static final Field HOURS = Field.whole("hours", 1, 720);

    /** What a client asks for: the good, and how many hours back (the gateway's query string). */
    public static final Form FORM = Form.of().required(Inputs.GOOD).optional(HOURS);

    public static History fromJson(JsonObject json) {
      return new History(
          TownRef.townOf(json),
          Inputs.GOOD.text(json),
          json.getValue("hours") == null ? null : (int) HOURS.whole(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("town", town).put("good", good).put("hours", hours);
    }
  }

  /**
   * An order. {@code limit} is the most the player pays per unit (buy: {@code maxUnitPrice}) or the
   * least it accepts (sell: {@code minUnitPrice}), in copper; the order's total is checked against
   * {@code limit × qty}, so no rounding decides it.
   */
  public record Order(
      boolean buy, long playerId, String town, String good, long qty, long limit, String requestId)
      implements Body {
    static Form form(boolean buy, long maxOrderQty) {
      return Form.of()
          .required(Inputs.GOOD)
          .required(Inputs.qty(maxOrderQty))
          .required(buy ? Inputs.MAX_UNIT_PRICE : Inputs.MIN_UNIT_PRICE)
          .required(RequestId.FIELD);
    }

    static Order fromJson(JsonObject json, boolean buy, long maxOrderQty) {
      long playerId = PlayerContract.sessionPlayer(json);
      return new Order(
          buy,
          playerId,
          TownRef.townOf(json),
          Inputs.GOOD.text(json),
          Inputs.qty(maxOrderQty).whole(json),
          (buy ? Inputs.MAX_UNIT_PRICE : Inputs.MIN_UNIT_PRICE).whole(json),
          RequestId.required(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("town", town)
          .put("good", good)
          .put("qty", qty)
          .put(buy ? Inputs.MAX_UNIT_PRICE.name() : Inputs.MIN_UNIT_PRICE.name(), limit)
          .put("requestId", requestId);
    }
  }

  /**
   * Server-side only, never bridged: moves stock from (delta > 0) or to (delta < 0) the world
   * through the ledger, in one transaction; consumption takes at most what the market holds.
   * Replies with what was applied. The NPC verticle feeds production this way.
   */
  /** Admin, never bridged: an account's latest 50 trades. */
  public static final Command<ModerationContract.Account, Document> TRADES_OF =
      Command.read(
          "admin.market.trades",
          ModerationContract.Account::fromJson,
          Document::fromJson,
          ModerationContract.Account.FORM,
          "an account's latest 50 trades (admins only)");

  public static final Command<Supply, Supply> SUPPLY =
      Command.change(
          "market.supply",
          Supply::fromJson,
          Supply::fromJson,
          null,
          "moves stock between the world and markets, each change with its reason");

  /**
   * One change of a market's stock: {@code {town, good, delta, reason}}. The market pays the world
   * for what comes in and is paid for what goes out, along its price curve; a caravan's load
   * ({@link #loaded}, {@link #unloaded}) as a whole at the price before it moves.
   */
  public record StockChange(String town, String good, long delta, String reason) {
    /** The reason of a load taken from a market onto a caravan bound for {@code to}. */
    public static String loaded(String to) {
      return CARAVAN_LOADED + to;
    }

    /** The reason of a caravan's load arriving from {@code from}. */
    public static String unloaded(String from, String good) {
      return CARAVAN_FROM + from + " sells its " + good;
    }

    /** Whether this change is a caravan's load, leaving or arriving. */
    public boolean carried() {
      return reason.startsWith(CARAVAN_LOADED) || reason.startsWith(CARAVAN_FROM);
    }

    /** The reasons' prefixes, for a report that counts caravans in the ledger. */
    public static final String CARAVAN_LOADED = "loaded onto a caravan to ";

    public static final String CARAVAN_FROM = "a caravan from ";

    JsonObject toJson() {
      return new JsonObject()
          .put("town", town)
          .put("good", good)
          .put("delta", delta)
          .put("reason", reason);
    }
  }

  /**
   * {@code {batch: [{town, good, delta, reason}], batchId?}}, 1 to 10000 changes; towns and goods
   * are the market's to check. A batch with a {@code batchId} is applied once: sent again, it
   * answers what it applied the first time, so a sender retries it until it is taken.
   */
  public record Supply(List<StockChange> batch, String batchId) implements Body {
    public static final int MAX_CHANGES = 10_000;

    public Supply(List<StockChange> batch) {
      this(batch, null);
    }

    public static Supply fromJson(JsonObject json) {
      JsonArray batch = json.getJsonArray("batch");
      if (batch == null || batch.isEmpty() || batch.size() > MAX_CHANGES) {
        throw Refusal.badInput("batch must list 1 to " + MAX_CHANGES + " stock changes");
      }
      List<StockChange> changes = new ArrayList<>();
      for (Object o : batch) {
        if (!(o instanceof JsonObject c)
            || !(c.getValue("town") instanceof String town)
            || !(c.getValue("good") instanceof String good)
            || !(c.getValue("delta") instanceof Integer || c.getValue("delta") instanceof Long)
            || Math.abs(c.getLong("delta")) > Ledger.MAX_QTY
            || !(c.getValue("reason") instanceof String reason)
            || reason.isBlank()
            || reason.length() > 200) {
          throw Refusal.badInput(
              "each change needs a town, a good, a whole delta and a reason: " + o);
        }
        changes.add(new StockChange(town, good, c.getLong("delta"), reason));
      }
      Object id = json.getValue("batchId");
      if (id != null && !(id instanceof String s && !s.isBlank() && s.length() <= 100)) {
        throw Refusal.badInput("batchId must be text of 1 to 100 characters");
      }
      return new Supply(List.copyOf(changes), (String) id);
    }

    @Override
    public JsonObject toJson() {
      JsonArray batch = new JsonArray();
      this.batch.forEach(c -> batch.add(c.toJson()));
      JsonObject json = new JsonObject().put("batch", batch);
      if (batchId != null) {
        json.put("batchId", batchId);
      }
      return json;
    }
  }

  /**
   * Published after every trade and every game hour: the town's board, as {@link #PRICES} answers.
   * Bridged.
   */
  public static final Topic<Document> BOARD =
      Topic.keyed(
              "prices",
              "market.<town>.prices",
              "[a-z0-9_]{1,40}",
              Audience.EVERYONE,
              Document::fromJson,
              "the town's board, as `GET /api/market/{town}`, after trades (at most every 100 ms) and every game hour")
          .superseding();

  /**
   * Server only, never bridged: a player's trade, published after it is kept, as a deed ({@code
   * kind} {@code traded}, {@code details} the receipt). World scripts hear it.
   */
  public static final Topic<PlayerContract.Deed> TRADED =
      Topic.fixed(
          "traded",
          "market.traded",
          Audience.SERVER,
          PlayerContract.Deed::fromJson,
          "`{playerId, kind: traded, town, gameMinutes, details}`: a player's trade, its receipt in details");

  private MarketContract() {}

  /**
   * What players type to trade, each declared once (the gateway, the market and the browser's form
   * read these).
   */
  public static final class Inputs {
    public static final Field GOOD =
        Field.text(
            "good", 1, 40, "[a-z][a-z0-9_]{0,39}", "good must be the id of a good, such as bread");

    /** A limit per unit, in copper: up to a million gold pieces, far above any price. */
    public static final Field MAX_UNIT_PRICE =
        Field.whole(
            "maxUnitPrice",
            1,
            100_000_000,
            "maxUnitPrice (the most you pay a unit) must be a whole number of copper pieces from 1 to 100000000");

    public static final Field MIN_UNIT_PRICE =
        Field.whole(
            "minUnitPrice",
            0,
            100_000_000,
            "minUnitPrice (the least you take a unit) must be a whole number of copper pieces from 0 to 100000000");

    /** The quantity of one order, up to {@code market.maxOrderQty}. */
    public static Field qty(long maxOrderQty) {
      return Field.whole("qty", 1, maxOrderQty);
    }

    public static Field qty(JsonObject config) {
      return qty(config.getJsonObject("market").getLong("maxOrderQty"));
    }

    private Inputs() {}
  }

  public static String prices(String town) {
    return BOARD.address(town);
  }
}
