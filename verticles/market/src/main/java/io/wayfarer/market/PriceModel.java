package io.wayfarer.market;

/**
 * How a town's market prices a good. The mid price follows stock against need, elastically and within bounds:
 * {@code mid = base × season × events × clamp(((need + 1) / (stock + 1))^elasticity, minFactor, maxFactor)},
 * so a market holding what it needs prices at base, a glut cheapens and a shortage dears, never beyond the bounds.
 * The market sells at {@code mid × (1 + spread/2)} and buys at {@code mid × (1 - spread/2)}. An order of many
 * units pays along the curve, each unit at the stock before it moves (slippage), and the town's sales tax is
 * added to a purchase and withheld from a sale. Gold is whole coins: the player's side is rounded against the
 * player (up when paying, down when paid), never in the player's favour.
 */
public record PriceModel(double spread, double elasticity, double minFactor, double maxFactor) {

  public PriceModel {
    if (!(spread >= 0 && spread < 1)) {
      throw new IllegalArgumentException("spread must be from 0 to below 1");
    }
    if (!(elasticity > 0 && elasticity <= 4)) {
      throw new IllegalArgumentException("elasticity must be above 0 and at most 4");
    }
    if (!(minFactor > 0 && minFactor <= 1 && maxFactor >= 1)) {
      throw new IllegalArgumentException("price factors must satisfy 0 < min <= 1 <= max");
    }
  }

  /** What a market knows about one good when it prices it. */
  public record Conditions(double basePrice, double seasonFactor, double eventFactor, long need, double taxRate) {}

  public enum Side { BUY, SELL }

  /**
   * A priced order, from the player's side: {@code playerGold} is what the player pays (BUY) or receives (SELL);
   * {@code marketGold} what the market receives (BUY) or pays out in all (SELL); {@code taxGold} the town's share.
   * For a BUY, playerGold = marketGold + taxGold; for a SELL, marketGold = playerGold + taxGold.
   */
  public record Quote(Side side, long qty, long playerGold, long marketGold, long taxGold, double firstUnit, double lastUnit) {
    /** What the player pays or gets per unit, tax included. */
    public double averageUnit() {
      return (double) playerGold / qty;
    }
  }

  public double mid(Conditions c, long stock) {
    double ratio = (c.need() + 1.0) / (Math.max(0, stock) + 1.0);
    double factor = Math.min(maxFactor, Math.max(minFactor, Math.pow(ratio, elasticity)));
    return c.basePrice() * c.seasonFactor() * c.eventFactor() * factor;
  }

  /** The market's price for selling one unit to a player, before tax. */
  public double ask(Conditions c, long stock) {
    return mid(c, stock) * (1 + spread / 2);
  }

  /** The market's price for buying one unit from a player, before tax. */
  public double bid(Conditions c, long stock) {
    return mid(c, stock) * (1 - spread / 2);
  }

  /** A player buys {@code qty} from a market holding {@code stock}; {@code qty <= stock} is the caller's check. */
  public Quote buy(Conditions c, long stock, long qty) {
    requirePositive(qty);
    double net = 0;
    for (long k = 0; k < qty; k++) {
      net += ask(c, stock - k);
    }
    long player = (long) Math.ceil(round6(net * (1 + c.taxRate())));
    long tax = Math.min(player, Math.round(player * c.taxRate() / (1 + c.taxRate())));
    return new Quote(Side.BUY, qty, player, player - tax, tax,
        ask(c, stock) * (1 + c.taxRate()), ask(c, stock - qty + 1) * (1 + c.taxRate()));
  }

  /** A player sells {@code qty} to a market holding {@code stock}. */
  public Quote sell(Conditions c, long stock, long qty) {
    requirePositive(qty);
    double gross = 0;
    for (long k = 0; k < qty; k++) {
      gross += bid(c, stock + k);
    }
    long market = (long) Math.floor(round6(gross));
    long player = (long) Math.floor(round6(gross * (1 - c.taxRate())));
    return new Quote(Side.SELL, qty, player, market, market - player,
        bid(c, stock) * (1 - c.taxRate()), bid(c, stock + qty - 1) * (1 - c.taxRate()));
  }

  private static void requirePositive(long qty) {
    if (qty <= 0) {
      throw new IllegalArgumentException("an order is for at least one unit");
    }
  }

  /** Floating sums like 2.9999999997 must not round a whole coin the wrong way. */
  private static double round6(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
