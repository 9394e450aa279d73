package io.wayfarer.shared.market;

/** The market verticle's bus addresses (DESIGN rule 2). Orders carry the server-known {@code playerId}. */
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

  public static final String PRICES_PATTERN = "market\\.[a-z0-9_]{1,40}\\.prices";

  private MarketContract() {}

  /** Published after every trade and every game hour: the town's board, as {@link #PRICES} answers. */
  public static String prices(String town) {
    return "market." + town + ".prices";
  }
}
