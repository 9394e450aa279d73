package io.wayfarer.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The price model in copper: board price and charge agree, tax is never lost to rounding, round
 * trips cost little.
 */
class PriceModelTest {
  final PriceModel model = new PriceModel(0.1, 0.8, 0.25, 4.0);

  /** Bread at 2 gp (200 cp) with Redhaven's 5 % tax. */
  final PriceModel.Conditions bread = new PriceModel.Conditions(200, 1.0, 1.0, 200, 0.05);

  @Test
  void atNeedTheMidPriceIsTheBasePrice() {
    assertEquals(200, model.mid(bread, 200), 1e-9);
  }

  @Test
  void monotoneInStock() {
    double previous = Double.MAX_VALUE;
    for (long stock = 0; stock <= 5000; stock += 7) {
      double p = model.mid(bread, stock);
      assertTrue(p <= previous, "more stock never costs more: " + stock);
      previous = p;
    }
    assertTrue(model.mid(bread, 50) > model.mid(bread, 200), "a shortage dears");
    assertTrue(model.mid(bread, 800) < model.mid(bread, 200), "a glut cheapens");
  }

  @Test
  void boundedWhateverTheStock() {
    for (long stock : new long[] {0, 1, 2, 10, 1_000_000, Long.MAX_VALUE / 2}) {
      double p = model.mid(bread, stock);
      assertTrue(p >= 200 * 0.25 - 1e-9 && p <= 200 * 4.0 + 1e-9, stock + " → " + p);
    }
    assertEquals(800, model.mid(bread, 0), 1e-9, "an empty market charges the ceiling");
  }

  @Test
  void seasonAndEventFactorsMultiply() {
    PriceModel.Conditions winter = new PriceModel.Conditions(200, 1.3, 1.0, 200, 0.05);
    PriceModel.Conditions bandits = new PriceModel.Conditions(200, 1.3, 1.5, 200, 0.05);
    assertEquals(model.mid(bread, 300) * 1.3, model.mid(winter, 300), 1e-9);
    assertEquals(model.mid(bread, 300) * 1.3 * 1.5, model.mid(bandits, 300), 1e-9);
  }

  @Test
  void theBoardsPriceForOneUnitIsWhatOneUnitCosts() {
    // The board shows the one-unit quote, so a limit at the board's price always buys (or sells)
    // one unit.
    for (long stock = 1; stock < 3000; stock += 17) {
      long shownBuy = model.ask(bread, stock) + PriceModel.tax(model.ask(bread, stock), 0.05);
      assertEquals(shownBuy, model.buy(bread, stock, 1).player());
      long shownSell =
          model.bid(bread, stock + 1) - PriceModel.tax(model.bid(bread, stock + 1), 0.05);
      assertEquals(shownSell, model.sell(bread, stock, 1).player());
    }
  }

  @Test
  void everyTaxedPurchasePaysTaxAndItScalesWithTheOrder() {
    PriceModel.Conditions cheap = new PriceModel.Conditions(3, 1.0, 1.0, 200, 0.05);
    assertTrue(model.buy(cheap, 200, 1).tax() >= 1, "even a purchase of a few copper pays tax");
    for (long qty : new long[] {1, 2, 10, 100}) {
      PriceModel.Quote q = model.buy(bread, 5000, qty);
      assertTrue(
          q.tax() >= Math.ceil(q.market() * 0.05 - 1e-9), "the tax is never rounded away: " + q);
      assertTrue(
          q.tax() <= q.market() * 0.05 + 1, "and never more than a copper over the rate: " + q);
    }
  }

  @Test
  void aOneUnitRoundTripCostsTheSpreadAndTaxNotHalfTheMoney() {
    for (long stock = 50; stock < 2000; stock += 37) {
      long paid = model.buy(bread, stock, 1).player();
      long got = model.sell(bread, stock - 1, 1).player();
      assertTrue(got <= paid, "never money out of nothing at " + stock);
      // The spread (10 %) and the tax both ways (5 %) cost about a fifth; whole coins used to cost
      // half.
      assertTrue(
          got >= paid * 0.7, "a round trip at " + stock + " paid " + paid + " and got back " + got);
    }
  }

  @Test
  void largeOrdersPayAlongTheCurve() {
    PriceModel.Quote one = model.buy(bread, 300, 1);
    PriceModel.Quote many = model.buy(bread, 300, 100);
    assertTrue(
        many.market() > 100 * one.market(),
        "slippage: " + many.market() + " vs " + 100 * one.market());
    PriceModel.Quote sells = model.sell(bread, 300, 100);
    assertTrue(sells.market() < 100 * model.sell(bread, 300, 1).market());
  }

  @Test
  void copperAddsUpAndTaxGoesToTheTown() {
    for (long qty : new long[] {1, 3, 17, 250}) {
      PriceModel.Quote b = model.buy(bread, 400, qty);
      assertEquals(b.player(), b.market() + b.tax());
      assertTrue(b.tax() > 0 && b.market() > 0);
      PriceModel.Quote s = model.sell(bread, 400, qty);
      assertEquals(s.market(), s.player() + s.tax());
      assertTrue(s.tax() > 0);
    }
    PriceModel.Quote noTax = model.buy(new PriceModel.Conditions(200, 1.0, 1.0, 200, 0.0), 200, 10);
    assertEquals(0, noTax.tax());
  }

  @Test
  void nonsenseIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> model.buy(bread, 10, 0));
    assertThrows(IllegalArgumentException.class, () -> model.sell(bread, 10, -1));
    assertThrows(IllegalArgumentException.class, () -> new PriceModel(-0.1, 0.8, 0.25, 4));
    assertThrows(IllegalArgumentException.class, () -> new PriceModel(0.1, 0.8, 2, 4));
  }
}
