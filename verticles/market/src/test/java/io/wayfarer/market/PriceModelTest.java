package io.wayfarer.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PriceModelTest {
  final PriceModel model = new PriceModel(0.1, 0.8, 0.25, 4.0);
  final PriceModel.Conditions bread = new PriceModel.Conditions(2.0, 1.0, 1.0, 200, 0.05);

  @Test
  void atNeedTheMidPriceIsTheBasePrice() {
    assertEquals(2.0, model.mid(bread, 200), 1e-9);
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
      assertTrue(p >= 2.0 * 0.25 - 1e-9 && p <= 2.0 * 4.0 + 1e-9, stock + " → " + p);
    }
    assertEquals(8.0, model.mid(bread, 0), 1e-9, "an empty market charges the ceiling");
  }

  @Test
  void seasonAndEventFactorsMultiply() {
    PriceModel.Conditions winter = new PriceModel.Conditions(2.0, 1.3, 1.0, 200, 0.05);
    PriceModel.Conditions bandits = new PriceModel.Conditions(2.0, 1.3, 1.5, 200, 0.05);
    assertEquals(model.mid(bread, 300) * 1.3, model.mid(winter, 300), 1e-9);
    assertEquals(model.mid(bread, 300) * 1.3 * 1.5, model.mid(bandits, 300), 1e-9);
  }

  @Test
  void theSpreadIsNeverNegative() {
    for (long stock = 0; stock < 2000; stock += 13) {
      assertTrue(model.bid(bread, stock) <= model.mid(bread, stock));
      assertTrue(model.mid(bread, stock) <= model.ask(bread, stock));
    }
    // Buying and selling back the same unit never makes gold out of nothing.
    for (long stock = 1; stock < 2000; stock += 11) {
      PriceModel.Quote buy = model.buy(bread, stock, 1);
      PriceModel.Quote sell = model.sell(bread, stock - 1, 1);
      assertTrue(sell.playerGold() <= buy.playerGold(), "round trip at " + stock);
    }
  }

  @Test
  void largeOrdersPayAlongTheCurve() {
    PriceModel.Quote one = model.buy(bread, 300, 1);
    PriceModel.Quote many = model.buy(bread, 300, 100);
    assertTrue(many.playerGold() > 100 * one.firstUnit(), "slippage: " + many.playerGold() + " vs " + 100 * one.firstUnit());
    assertTrue(many.lastUnit() > many.firstUnit());
    PriceModel.Quote sells = model.sell(bread, 300, 100);
    assertTrue(sells.playerGold() < 100 * model.sell(bread, 300, 1).firstUnit());
    assertTrue(sells.lastUnit() < sells.firstUnit());
  }

  @Test
  void goldAddsUpAndTaxGoesToTheTown() {
    for (long qty : new long[] {1, 3, 17, 250}) {
      PriceModel.Quote b = model.buy(bread, 400, qty);
      assertEquals(b.playerGold(), b.marketGold() + b.taxGold());
      assertTrue(b.taxGold() >= 0 && b.marketGold() > 0);
      PriceModel.Quote s = model.sell(bread, 400, qty);
      assertEquals(s.marketGold(), s.playerGold() + s.taxGold());
      assertTrue(s.taxGold() >= 0);
    }
    PriceModel.Quote noTax = model.buy(new PriceModel.Conditions(2.0, 1.0, 1.0, 200, 0.0), 200, 10);
    assertEquals(0, noTax.taxGold());
  }

  @Test
  void nonsenseIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> model.buy(bread, 10, 0));
    assertThrows(IllegalArgumentException.class, () -> model.sell(bread, 10, -1));
    assertThrows(IllegalArgumentException.class, () -> new PriceModel(-0.1, 0.8, 0.25, 4));
    assertThrows(IllegalArgumentException.class, () -> new PriceModel(0.1, 0.8, 2, 4));
  }
}
