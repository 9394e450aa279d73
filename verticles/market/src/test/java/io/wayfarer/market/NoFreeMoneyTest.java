package io.wayfarer.market;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.test.TestInfra;
import io.wayfarer.shared.world.EventTypes;
import io.wayfarer.shared.world.Goods;
import io.wayfarer.shared.world.MarketData;
import io.wayfarer.shared.world.World;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * No loop of buying and selling in one town makes gold from nothing. For the shipped world and the
 * shipped price settings, every town, every good its market trades, every season's factor and every
 * event's price factor, every stock from empty to three times the need and orders of several sizes:
 * buying and selling the same goods back (or selling and buying them back) never leaves the player
 * with more coin. Profit takes carrying goods between towns. Players' shops and buy orders trade
 * between players at prices players set, each sale taxed by the same rule (Money.tax), so a loop
 * through them moves coin between players and to the treasury, never from nowhere.
 */
class NoFreeMoneyTest {
  static final long[] ORDERS = {1, 2, 3, 5, 10, 40};

  @Test
  void noRoundTripInOneTownProfits() {
    World world = TestInfra.world();
    JsonObject settings = TestInfra.config().getJsonObject("market");
    PriceModel model =
        new PriceModel(
            settings.getDouble("spread"),
            settings.getDouble("elasticity"),
            settings.getDouble("minPriceFactor"),
            settings.getDouble("maxPriceFactor"));
    Set<Double> eventFactors = new TreeSet<>(List.of(1.0));
    for (EventTypes.Type type : world.events().all().values()) {
      JsonObject byGood = type.effects().getJsonObject("goodsPriceFactor");
      if (byGood != null) {
        byGood.forEach(e -> eventFactors.add(((Number) e.getValue()).doubleValue()));
      }
      Object all = type.effects().getValue("priceFactor");
      if (all instanceof Number n) {
        eventFactors.add(n.doubleValue());
      }
    }
    List<String> profits = new ArrayList<>();
    long walks = 0;
    for (MarketData.Market market : world.markets().markets().values()) {
      for (var entry : market.goods().entrySet()) {
        Goods.Good good = world.goods().get(entry.getKey());
        // The shipped need, and thin markets a world file might declare: the steepest curves.
        for (long need : List.of(entry.getValue().need(), 1L, 3L, 10L)) {
          Set<Double> seasons = new TreeSet<>(good.seasons().values());
          seasons.add(1.0);
          for (double season : seasons) {
            for (double event : eventFactors) {
              PriceModel.Conditions c =
                  new PriceModel.Conditions(
                      good.basePrice(), season, event, need, market.salesTax());
              long step = Math.max(1, need / 20);
              for (long stock = 0; stock <= 3 * need + 1; stock += step) {
                for (long q : ORDERS) {
                  walks++;
                  if (q <= stock) {
                    long paid = model.buy(c, stock, q).player();
                    long back = model.sell(c, stock - q, q).player();
                    if (back > paid) {
                      profits.add(
                          market.town() + " " + good.id() + " stock " + stock + " buy-sell " + q);
                    }
                  }
                  long got = model.sell(c, stock, q).player();
                  long rebuy = model.buy(c, stock + q, q).player();
                  if (got > rebuy) {
                    profits.add(
                        market.town() + " " + good.id() + " stock " + stock + " sell-buy " + q);
                  }
                }
              }
            }
          }
        }
      }
    }
    assertTrue(walks > 10_000, "walked " + walks + " round trips");
    assertTrue(profits.isEmpty(), "round trips that make coin from nothing: " + profits);
  }
}
