package io.wayfarer.shared.estate;

import static io.wayfarer.shared.player.PlayerContract.sessionPlayer;

import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.RequestId;
import io.wayfarer.shared.bus.Body;
import io.wayfarer.shared.bus.Command;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.TownRef;
import io.wayfarer.shared.input.Field;
import io.wayfarer.shared.input.Form;
import io.wayfarer.shared.player.ModerationContract;
import io.wayfarer.shared.player.PlayerContract;

/**
 * Houses: plots bought in a town, their storage (the ledger holder {@code house:<plot>}) and the
 * keys their owners give. Owned by the estate verticle (ARCHITECTURE.md: the contracts).
 */
public final class EstateContract {
  private EstateContract() {}

  /** The town's plots: free ones with their price, and who owns the rest. */
  public static final Command<TownRef, Document> PLOTS =
      Command.read(
          "estate.plots",
          TownRef::fromJson,
          Document::fromJson,
          null,
          "the town's plots: size, storage, price, upkeep per game week, and whose each is");

  /** Buys a free plot in the town where the buyer's character stands. */
  public static final Command<BuyPlot, Document> BUY =
      Command.change(
          "estate.buy",
          BuyPlot::fromJson,
          Document::fromJson,
          BuyPlot.FORM,
          "buys a free plot in the town where your character stands; the price goes to the town");

  /** The houses a player owns and those they hold a key to, with what each stores. */
  public static final Command<Mine, Document> HOUSES =
      Command.read(
          "estate.houses",
          Mine::fromJson,
          Document::fromJson,
          null,
          "your houses and those you hold a key to: what each stores, and who holds keys to yours");

  /**
   * The houses an account owned at a game minute, each with what it stored and had on its shelf
   * then (admins only: the player verticle asks it for its look back; no route of its own).
   */
  public static final Command<ModerationContract.AccountAt, Document> OWNED_AT =
      Command.read(
          "estate.admin.ownedAt",
          ModerationContract.AccountAt::fromJson,
          Document::fromJson,
          ModerationContract.AccountAt.FORM,
          "the houses an account owned at a game minute, what each stored, shelved and asked then, and the keys it held then (admins only)");

  /** Puts gold or goods into a house's storage. */
  public static final Command<Move, Document> STORE =
      Command.change(
          "estate.store",
          Move::fromJson,
          Document::fromJson,
          Move.FORM,
          "puts coin or goods you carry into a house you own or hold a key to, standing in its town");

  /** Takes gold or goods out of a house's storage. */
  public static final Command<Move, Document> TAKE =
      Command.change(
          "estate.take",
          Move::fromJson,
          Document::fromJson,
          Move.FORM,
          "takes coin or goods out of a house you own or hold a key to, standing in its town");

  /** Gives a player a key to one's house. */
  public static final Command<KeyStep, Document> GIVE_KEY =
      Command.change(
          "estate.keys.give",
          KeyStep::fromJson,
          Document::fromJson,
          KeyStep.FORM,
          "gives a character's player a key to your house: they may store and take");

  /** Takes a key back: it stops opening the house at once. */
  public static final Command<KeyStep, Document> TAKE_KEY =
      Command.change(
          "estate.keys.take",
          KeyStep::fromJson,
          Document::fromJson,
          KeyStep.FORM,
          "takes back a key to your house; it stops working at once");

  /** Pays upkeep ahead: coin from the purse to the house's credit, spent before anything else. */
  public static final Command<Prepay, Document> PREPAY =
      Command.change(
          "estate.prepay",
          Prepay::fromJson,
          Document::fromJson,
          Prepay.FORM,
          "pays upkeep ahead for a house you own: the credit is spent first, week by week");

  /** Takes back what a seized house held, for the fee, within the time the ladder gives. */
  public static final Command<Reclaim, Document> RECLAIM =
      Command.change(
          "estate.reclaim",
          Reclaim::fromJson,
          Document::fromJson,
          Reclaim.FORM,
          "takes back what was seized from your house, paying the town's fee, standing in its town");

  /** Offers one's house to a named player at a price (0: a gift), with its storage or without. */
  public static final Command<Sell, Document> SELL =
      Command.change(
          "estate.sell",
          Sell::fromJson,
          Document::fromJson,
          Sell.FORM,
          "offers your house to a character's player at a price (0 gives it), with what it stores or without");

  /** The buyer takes the house: price and title change hands in one transaction. */
  public static final Command<SaleStep, Document> ACCEPT_SALE =
      Command.change(
          "estate.sale.accept",
          SaleStep::fromJson,
          Document::fromJson,
          SaleStep.FORM,
          "takes a house offered to you, paying its price, standing in its town");

  /** The buyer declines, or the seller withdraws, an open sale. */
  public static final Command<SaleStep, Document> END_SALE =
      Command.change(
          "estate.sale.end",
          SaleStep::fromJson,
          Document::fromJson,
          SaleStep.FORM,
          "declines a house offered to you, or withdraws your own offer");

  /** The town's shops: every listing, each good's cheapest first. */
  public static final Command<TownRef, Document> SHOPS =
      Command.read(
          "estate.shops",
          TownRef::fromJson,
          Document::fromJson,
          null,
          "the players' shops in the town: each listing's good, unit price, stock, house and owner, cheapest first");

  /**
   * Puts goods from a house's storage on its shop's shelf at a unit price (or changes the price).
   */
  public static final Command<Listing, Document> LIST =
      Command.change(
          "estate.shop.list",
          Listing::fromJson,
          Document::fromJson,
          Listing.FORM,
          "moves goods from your house's storage to its shop at a unit price, or changes the price (qty 0)");

  /** Takes a good off the shelf: what is left goes back to the house's storage. */
  public static final Command<Delisting, Document> DELIST =
      Command.change(
          "estate.shop.delist",
          Delisting::fromJson,
          Document::fromJson,
          Delisting.FORM,
          "takes a good off your shop's shelf, back into the house's storage");

  /** Buys from a player's shop in the town where the buyer stands, owner there or not. */
  public static final Command<ShopBuy, Document> SHOP_BUY =
      Command.change(
          "estate.shop.buy",
          ShopBuy::fromJson,
          Document::fromJson,
          ShopBuy.FORM,
          "buys from a player's shop in your town at its unit price, if it is at most maxUnitPrice");

  /** The town's wanted board: open buy orders, each good's best price first. */
  public static final Command<TownRef, Document> WANTED =
      Command.read(
          "estate.wanted",
          TownRef::fromJson,
          Document::fromJson,
          null,
          "the town's open buy orders: good, unit price, how many are still wanted, by whom; best price first");

  /** Posts a buy order in the buyer's town, its coin held in escrow from the start. */
  public static final Command<Wanted, Document> POST_ORDER =
      Command.change(
          "estate.order.post",
          Wanted::fromJson,
          Document::fromJson,
          Wanted.FORM,
          "wants qty of a good at a unit price in the town where you stand; the coin for all of it is held until filled or cancelled");

  /** Sells into a buy order, fully or partly. */
  public static final Command<Fill, Document> FILL_ORDER =
      Command.change(
          "estate.order.fill",
          Fill::fromJson,
          Document::fromJson,
          Fill.FORM,
          "sells goods you carry into a buy order in your town at its price (the town's tax taken from it)");

  /** Cancels one's own buy order: the coin for what was not filled comes back. */
  public static final Command<OrderStep, Document> CANCEL_ORDER =
      Command.change(
          "estate.order.cancel",
          OrderStep::fromJson,
          Document::fromJson,
          OrderStep.FORM,
          "cancels your buy order; the coin for what was not filled comes back");

  /** What players type, each declared once. */
  public static final class Inputs {
    public static final Field PLOT =
        Field.text(
            "plot", 1, 40, PlayerContract.Inputs.ID, "plot must be the id of a plot in the town");
    public static final Field ASSET =
        Field.text(
            "asset",
            1,
            40,
            PlayerContract.Inputs.ID,
            "asset must be coin or the id of a good or an item, such as bread");
    public static final Field QTY =
        Field.whole("qty", 1, 1_000_000_000L, "qty must be a whole number from 1 to 1,000,000,000");
    public static final Field NAME = PlayerContract.Inputs.CHARACTER_NAME;
    public static final Field IMPOUND = Field.whole("impound", 1, Long.MAX_VALUE);
    public static final Field SALE = Field.whole("sale", 1, Long.MAX_VALUE);
    public static final Field ORDER = Field.whole("order", 1, Long.MAX_VALUE);
    public static final Field GOOD =
        Field.text(
            "good",
            1,
            40,
            PlayerContract.Inputs.ID,
            "good must be the id of a good, such as bread");
    public static final Field STOCK =
        Field.whole("qty", 0, 1_000_000_000L, "qty must be a whole number from 0 to 1,000,000,000");
    public static final Field UNIT_PRICE =
        Field.whole(
            "unitPrice",
            1,
            1_000_000_000L,
            "unitPrice must be a whole number of copper, 1 or more");
    public static final Field MAX_UNIT_PRICE =
        Field.whole(
            "maxUnitPrice",
            1,
            1_000_000_000L,
            "maxUnitPrice must be a whole number of copper, 1 or more");
    public static final Field TO = PlayerContract.Inputs.CHARACTER_NAME.as("to");
    public static final Field PRICE =
        Field.whole(
            "price", 0, 1_000_000_000_000L, "price must be a whole number of copper, 0 or more");
    public static final Field WITH_STORAGE =
        Field.whole(
            "withStorage",
            0,
            1,
            "withStorage must be 1 (what the house stores goes with it) or 0 (it comes to you)");

    private Inputs() {}
  }

  public record BuyPlot(long playerId, String plot, String requestId) implements Body {
    public static final Form FORM = Form.of().required(Inputs.PLOT).optional(RequestId.FIELD);

    public static BuyPlot fromJson(JsonObject json) {
      return new BuyPlot(sessionPlayer(json), Inputs.PLOT.text(json), RequestId.optional(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("plot", plot)
          .put("requestId", requestId);
    }
  }

  public record Mine(long playerId) implements Body {
    public static Mine fromJson(JsonObject json) {
      return new Mine(sessionPlayer(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("playerId", playerId);
    }
  }

  /** Coin (in copper) or a good, in or out of a house. */
  public record Move(long playerId, String plot, String asset, long qty, String requestId)
      implements Body {
    public static final Form FORM =
        Form.of()
            .required(Inputs.PLOT)
            .required(Inputs.ASSET)
            .required(Inputs.QTY)
            .optional(RequestId.FIELD);

    public static Move fromJson(JsonObject json) {
      return new Move(
          sessionPlayer(json),
          Inputs.PLOT.text(json),
          Inputs.ASSET.text(json),
          Inputs.QTY.whole(json),
          RequestId.optional(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("plot", plot)
          .put("asset", asset)
          .put("qty", qty)
          .put("requestId", requestId);
    }
  }

  /** A key given or taken back: the house and the character whose player holds it. */
  public record KeyStep(long playerId, String plot, String name) implements Body {
    public static final Form FORM = Form.of().required(Inputs.PLOT).required(Inputs.NAME);

    public static KeyStep fromJson(JsonObject json) {
      return new KeyStep(sessionPlayer(json), Inputs.PLOT.text(json), Inputs.NAME.text(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("playerId", playerId).put("plot", plot).put("name", name);
    }
  }

  public record Prepay(long playerId, String plot, long qty, String requestId) implements Body {
    public static final Form FORM =
        Form.of().required(Inputs.PLOT).required(Inputs.QTY).optional(RequestId.FIELD);

    public static Prepay fromJson(JsonObject json) {
      return new Prepay(
          sessionPlayer(json),
          Inputs.PLOT.text(json),
          Inputs.QTY.whole(json),
          RequestId.optional(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("plot", plot)
          .put("qty", qty)
          .put("requestId", requestId);
    }
  }

  public record Reclaim(long playerId, long impound) implements Body {
    public static final Form FORM = Form.of().required(Inputs.IMPOUND).optional(RequestId.FIELD);

    public static Reclaim fromJson(JsonObject json) {
      return new Reclaim(sessionPlayer(json), Inputs.IMPOUND.whole(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("playerId", playerId).put("impound", impound);
    }
  }

  public record Sell(
      long playerId, String plot, String to, long price, boolean withStorage, String requestId)
      implements Body {
    public static final Form FORM =
        Form.of()
            .required(Inputs.PLOT)
            .required(Inputs.TO)
            .required(Inputs.PRICE)
            .required(Inputs.WITH_STORAGE)
            .optional(RequestId.FIELD);

    public static Sell fromJson(JsonObject json) {
      return new Sell(
          sessionPlayer(json),
          Inputs.PLOT.text(json),
          Inputs.TO.text(json),
          Inputs.PRICE.whole(json),
          Inputs.WITH_STORAGE.whole(json) == 1,
          RequestId.optional(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("plot", plot)
          .put("to", to)
          .put("price", price)
          .put("withStorage", withStorage ? 1 : 0)
          .put("requestId", requestId);
    }
  }

  public record SaleStep(long playerId, long sale) implements Body {
    public static final Form FORM = Form.of().required(Inputs.SALE).optional(RequestId.FIELD);

    public static SaleStep fromJson(JsonObject json) {
      return new SaleStep(sessionPlayer(json), Inputs.SALE.whole(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("playerId", playerId).put("sale", sale);
    }
  }

  public record Listing(long playerId, String plot, String good, long qty, long unitPrice)
      implements Body {
    public static final Form FORM =
        Form.of()
            .required(Inputs.PLOT)
            .required(Inputs.GOOD)
            .required(Inputs.STOCK)
            .required(Inputs.UNIT_PRICE)
            .optional(RequestId.FIELD);

    public static Listing fromJson(JsonObject json) {
      return new Listing(
          sessionPlayer(json),
          Inputs.PLOT.text(json),
          Inputs.GOOD.text(json),
          Inputs.STOCK.whole(json),
          Inputs.UNIT_PRICE.whole(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("plot", plot)
          .put("good", good)
          .put("qty", qty)
          .put("unitPrice", unitPrice);
    }
  }

  public record Delisting(long playerId, String plot, String good) implements Body {
    public static final Form FORM =
        Form.of().required(Inputs.PLOT).required(Inputs.GOOD).optional(RequestId.FIELD);

    public static Delisting fromJson(JsonObject json) {
      return new Delisting(sessionPlayer(json), Inputs.PLOT.text(json), Inputs.GOOD.text(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("playerId", playerId).put("plot", plot).put("good", good);
    }
  }

  public record ShopBuy(
      long playerId, String plot, String good, long qty, long maxUnitPrice, String requestId)
      implements Body {
    public static final Form FORM =
        Form.of()
            .required(Inputs.PLOT)
            .required(Inputs.GOOD)
            .required(Inputs.QTY)
            .required(Inputs.MAX_UNIT_PRICE)
            .optional(RequestId.FIELD);

    public static ShopBuy fromJson(JsonObject json) {
      return new ShopBuy(
          sessionPlayer(json),
          Inputs.PLOT.text(json),
          Inputs.GOOD.text(json),
          Inputs.QTY.whole(json),
          Inputs.MAX_UNIT_PRICE.whole(json),
          RequestId.optional(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("plot", plot)
          .put("good", good)
          .put("qty", qty)
          .put("maxUnitPrice", maxUnitPrice)
          .put("requestId", requestId);
    }
  }

  public record Wanted(long playerId, String good, long qty, long unitPrice, String requestId)
      implements Body {
    public static final Form FORM =
        Form.of()
            .required(Inputs.GOOD)
            .required(Inputs.QTY)
            .required(Inputs.UNIT_PRICE)
            .optional(RequestId.FIELD);

    public static Wanted fromJson(JsonObject json) {
      return new Wanted(
          sessionPlayer(json),
          Inputs.GOOD.text(json),
          Inputs.QTY.whole(json),
          Inputs.UNIT_PRICE.whole(json),
          RequestId.optional(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("good", good)
          .put("qty", qty)
          .put("unitPrice", unitPrice)
          .put("requestId", requestId);
    }
  }

  public record Fill(long playerId, long order, long qty, String requestId) implements Body {
    public static final Form FORM =
        Form.of().required(Inputs.ORDER).required(Inputs.QTY).optional(RequestId.FIELD);

    public static Fill fromJson(JsonObject json) {
      return new Fill(
          sessionPlayer(json),
          Inputs.ORDER.whole(json),
          Inputs.QTY.whole(json),
          RequestId.optional(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("order", order)
          .put("qty", qty)
          .put("requestId", requestId);
    }
  }

  public record OrderStep(long playerId, long order) implements Body {
    public static final Form FORM = Form.of().required(Inputs.ORDER).optional(RequestId.FIELD);

    public static OrderStep fromJson(JsonObject json) {
      return new OrderStep(sessionPlayer(json), Inputs.ORDER.whole(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("playerId", playerId).put("order", order);
    }
  }
}
