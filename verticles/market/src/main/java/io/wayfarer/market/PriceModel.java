package io.wayfarer.market;

import io.wayfarer.shared.Money;

/**
 * How a town's market prices a good, in copper (ARCHITECTURE.md rule 11). The mid price follows
 * stock against need, elastically and within bounds: {@code mid = base × season × events ×
 * clamp(((need + 1) / (stock + 1))^elasticity, minFactor, maxFactor)}, so a market holding what it
 * needs prices at base, a glut cheapens and a shortage dears, never beyond the bounds. One unit
 * sells at {@code mid × (1 + spread/2)} and is bought back at {@code mid × (1 - spread/2)}, each
 * rounded to the copper piece. An order of many units pays along the curve (slippage): a unit
 * bought at the stock before it leaves, a unit sold at the stock after it arrives, so no
 * buy-and-sell-back in one town gains. The town's sales tax is charged on every purchase and
 * withheld from every sale, rounded up to the copper piece (so at least one copper whenever there
 * is a tax): the price a board shows for one unit is exactly what one unit costs.
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

  /** What a market knows about one good when it prices it; the base price is in copper. */
  public record Conditions(
      double basePrice, double seasonFactor, double eventFactor, long need, double taxRate) {}

  public enum Side {
    BUY,
    SELL
  }

  /**
   * A priced order, in copper, from the player's side: {@code player} is what the player pays (BUY)
   * or receives (SELL); {@code market} what the market receives (BUY) or pays out in all (SELL);
   * {@code tax} the town's share. For a BUY, player = market + tax; for a SELL, market = player +
   * tax.
   */
  public record Quote(Side side, long qty, long player, long market, long tax) {
    /** What the player pays or gets per unit, tax included, in copper. */
    public double averageUnit() {
      return (double) player / qty;
    }
  }

  /** The mid price in copper, before rounding. */
  public double mid(Conditions c, long stock) {
    double ratio = (c.need() + 1.0) / (Math.max(0, stock) + 1.0);
    double factor = Math.min(maxFactor, Math.max(minFactor, Math.pow(ratio, elasticity)));
    return c.basePrice() * c.seasonFactor() * c.eventFactor() * factor;
  }

  /**
   * What the market asks for one unit when it holds {@code stock}, before tax: at least a copper
   * piece.
   */
  public long ask(Conditions c, long stock) {
    return Math.max(1, Math.round(mid(c, stock) * (1 + spread / 2)));
  }

  /** What the market pays for one unit when it holds {@code stock}, before tax. */
  public long bid(Conditions c, long stock) {
    return Math.max(0, Math.round(mid(c, stock) * (1 - spread / 2)));
  }

  /** The tax on an amount, by the world's one rule ({@link Money#tax}). */
  public static long tax(long amount, double rate) {
    return Money.tax(amount, rate);
  }

  /**
   * A player buys {@code qty} from a market holding {@code stock}; {@code qty <= stock} is the
   * caller's check.
   */
  public Quote buy(Conditions c, long stock, long qty) {
    requirePositive(qty);
    long net = 0;
    for (long k = 0; k < qty; k++) {
      net = Math.addExact(net, ask(c, stock - k));
    }
    long tax = tax(net, c.taxRate());
    return new Quote(Side.BUY, qty, net + tax, net, tax);
  }

  /** A player sells {@code qty} to a market holding {@code stock}. */
  public Quote sell(Conditions c, long stock, long qty) {
    requirePositive(qty);
    long gross = 0;
    // Each unit at the stock after it arrives: a unit bought is priced at the stock before it
    // leaves, so selling what was just bought (or buying back what was just sold) never gains,
    // however steep a thin market's curve (NoFreeMoneyTest).
    for (long k = 0; k < qty; k++) {
      gross = Math.addExact(gross, bid(c, stock + k + 1));
    }
    long tax = tax(gross, c.taxRate());
    return new Quote(Side.SELL, qty, gross - tax, gross, tax);
  }

  /**
   * What goods moved between a market and the world (townsfolk, caravans, the trade beyond the map)
   * are worth, in copper: the mid price along the curve, with no spread and no tax, so a market in
   * balance with its town neither gains nor loses by it. A unit coming in is priced at the stock
   * after it arrives, one going out at the stock before it leaves, as a player's are.
   */
  public long worldValue(Conditions c, long stock, long qty, boolean in) {
    requirePositive(qty);
    double value = 0;
    for (long k = 0; k < qty; k++) {
      value += mid(c, in ? stock + k + 1 : stock - k);
    }
    return Math.round(value);
  }

  private static void requirePositive(long qty) {
    if (qty <= 0) {
      throw new IllegalArgumentException("an order is for at least one unit");
    }
  }
}
