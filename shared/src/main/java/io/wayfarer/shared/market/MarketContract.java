package io.wayfarer.shared.market;

import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.Topic.Audience;
import io.wayfarer.shared.bus.Topic;
import io.wayfarer.shared.input.Field;

/** The market verticle's bus addresses (ARCHITECTURE.md rule 2). Orders carry the server-known {@code playerId}. */
public final class MarketContract {
  /** {@code {playerId, town, good, qty, maxUnitPrice, requestId}} → a receipt; the same requestId again → the same receipt. */
  public static final String BUY = "market.buy";
  /** {@code {playerId, town, good, qty, minUnitPrice, requestId}} → a receipt. */
  public static final String SELL = "market.sell";
  /** {@code {town}} → {@code {town, gameMinutes, season, goods: [{id, name, unit, buy, sell, stock, need, trend}]}}. */
  public static final String PRICES = "market.prices";
  /** {@code {}} → {@code {towns: {town: prices}}}: every town's board, for planning a route. */
  public static final String ALL_PRICES = "market.prices.all";
  /** {@code {town, good, hours}} → {@code {town, good, samples: [{gameHour, buy, sell, stock}]}}, one sample per game hour. */
  public static final String HISTORY = "market.history";
  /** {@code {playerId}} → {@code {trades: [receipt...]}}, newest first. */
  public static final String TRADES = "market.trades";
  /**
   * Server-side only, never bridged: {@code {batch: [{town, good, delta, reason}]}} moves stock from (delta > 0)
   * or to (delta < 0) the world through the ledger; consumption takes at most what the market holds.
   * Replies {@code {applied: [{town, good, delta, reason}]}}. The NPC verticle feeds production this way.
   */
  public static final String SUPPLY = "market.supply";

  /** Published after every trade and every game hour: the town's board, as {@link #PRICES} answers. Bridged. */
  public static final Topic<Document> BOARD = Topic.keyed("prices", "market.<town>.prices", "[a-z0-9_]{1,40}", Audience.EVERYONE,
      Document::fromJson, "the town's board, as `GET /api/market/{town}`, after trades (at most every 100 ms) and every game hour");

  private MarketContract() {}

  /** What players type to trade, each declared once (the gateway, the market and the browser's form read these). */
  public static final class Inputs {
    public static final Field GOOD = Field.text("good", 1, 40, "[a-z][a-z0-9_]{0,39}", "good must be the id of a good, such as bread");
    /** A limit per unit, in copper: up to a million gold pieces, far above any price. */
    public static final Field MAX_UNIT_PRICE = Field.whole("maxUnitPrice", 1, 100_000_000,
        "maxUnitPrice (the most you pay a unit) must be a whole number of copper pieces from 1 to 100000000");
    public static final Field MIN_UNIT_PRICE = Field.whole("minUnitPrice", 0, 100_000_000,
        "minUnitPrice (the least you take a unit) must be a whole number of copper pieces from 0 to 100000000");

    /** The quantity of one order, up to {@code market.maxOrderQty}. */
    public static Field qty(long maxOrderQty) {
      return Field.whole("qty", 1, maxOrderQty);
    }

    public static Field qty(io.vertx.core.json.JsonObject config) {
      return qty(config.getJsonObject("market").getLong("maxOrderQty"));
    }

    private Inputs() {}
  }

  public static String prices(String town) {
    return BOARD.address(town);
  }
}
