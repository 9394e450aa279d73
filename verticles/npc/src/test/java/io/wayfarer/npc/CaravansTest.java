package io.wayfarer.npc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Caravans carry the surplus of a cheap town to a dear one a road away, and stay put while events
 * hold them.
 */
class CaravansTest {
  static JsonObject board(String town, long grainStock, double grainMid) {
    return new JsonObject()
        .put("town", town)
        .put(
            "goods",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("id", "grain")
                        .put("stock", grainStock)
                        .put("need", 300)
                        .put("mid", grainMid))
                .add(
                    new JsonObject()
                        .put("id", "salt")
                        .put("stock", 200)
                        .put("need", 200)
                        .put("mid", 4.0)));
  }

  final List<Caravans.Road> roads = List.of(new Caravans.Road("millbrook", "redhaven", 6, 0));

  @Test
  void aPriceGapSendsTheSurplusDownTheRoadAndNarrows() {
    Caravans caravans = new Caravans(List.of("millbrook", "redhaven"), 1, roads, 40, 1);
    Map<String, Long> stock = new HashMap<>(Map.of("millbrook", 900L, "redhaven", 150L));
    double gapBefore = mid(stock.get("redhaven")) - mid(stock.get("millbrook"));
    for (long hour = 100; hour < 160; hour++) {
      Map<String, JsonObject> boards =
          Map.of(
              "millbrook", board("millbrook", stock.get("millbrook"), mid(stock.get("millbrook"))),
              "redhaven", board("redhaven", stock.get("redhaven"), mid(stock.get("redhaven"))));
      for (Caravans.Move m : caravans.hour(hour, boards, town -> false, town -> 0)) {
        assertEquals("grain", m.good());
        stock.merge(m.town(), m.delta(), Long::sum);
      }
    }
    double gapAfter = mid(stock.get("redhaven")) - mid(stock.get("millbrook"));
    assertTrue(stock.get("redhaven") > 150, "grain arrived in Redhaven: " + stock);
    assertTrue(gapAfter < gapBefore, "the gap narrowed from " + gapBefore + " to " + gapAfter);
    assertEquals(
        1050,
        stock.get("millbrook") + stock.get("redhaven") + inTransit(caravans),
        "a safe road loses nothing");
  }

  @Test
  void eventsHoldCaravansInTown() {
    Caravans caravans = new Caravans(List.of("millbrook", "redhaven"), 1, roads, 40, 1);
    Map<String, JsonObject> boards =
        Map.of("millbrook", board("millbrook", 900, 0.5), "redhaven", board("redhaven", 150, 2.0));
    for (long hour = 0; hour < 24; hour++) {
      assertEquals(
          List.of(),
          caravans.hour(hour, boards, town -> town.equals("redhaven"), town -> 0),
          "bandits near Redhaven");
    }
    assertTrue(caravans.all().stream().noneMatch(Caravans.Caravan::travelling));
    assertTrue(
        !caravans.hour(24, boards, town -> false, town -> 0).isEmpty(),
        "once the roads are safe they set out");
  }

  static long inTransit(Caravans c) {
    return c.all().stream().filter(Caravans.Caravan::travelling).mapToLong(x -> x.qty).sum();
  }

  /** A stand-in for the market's curve: dearer when scarce. */
  static double mid(long stock) {
    return 1.2 * Math.pow(301.0 / (stock + 1.0), 0.8);
  }
}
