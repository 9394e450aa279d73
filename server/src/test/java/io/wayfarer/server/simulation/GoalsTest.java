package io.wayfarer.server.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.test.TestInfra;
import io.wayfarer.shared.world.World;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The goals, judged on reports made by hand: each fails on what it is about, and only on that. */
class GoalsTest {
  static final World WORLD = TestInfra.world();

  /** A calm eight-day report: every series moving, nothing at a bound, the markets solvent. */
  static JsonObject report(int days) {
    int hours = days * 24;
    JsonObject markets = new JsonObject();
    for (String town : WORLD.map().towns().keySet()) {
      JsonObject goods = new JsonObject();
      for (String good : WORLD.goods().keySet()) {
        JsonArray h = new JsonArray();
        JsonArray mid = new JsonArray();
        JsonArray stock = new JsonArray();
        JsonArray bound = new JsonArray();
        for (int i = 0; i < hours; i++) {
          h.add(1000L + i);
          mid.add(100.0 + i % 3);
          stock.add(200L + i % 2);
          bound.add(0);
        }
        goods.put(
            good,
            new JsonObject()
                .put("need", 200)
                .put("hours", h)
                .put("mid", mid)
                .put("stock", stock)
                .put("atBound", bound));
      }
      markets.put(town, goods);
    }
    JsonArray market = new JsonArray();
    JsonArray player = new JsonArray();
    JsonArray wages = new JsonArray();
    for (int d = 0; d <= days; d++) {
      market.add(2_500_000L);
      player.add(600_000L + d * 1000L);
      wages.add(d == 0 ? 0L : 1000L);
    }
    JsonArray elections = new JsonArray();
    WORLD
        .map()
        .towns()
        .keySet()
        .forEach(
            t ->
                elections.add(
                    new JsonObject().put("town", t).put("counted", true).put("candidates", 2L)));
    return new JsonObject()
        .put("days", days)
        .put("endMinute", (1000L + hours) * 60)
        .put("markets", markets)
        .put(
            "coin",
            new JsonObject()
                .put("held", new JsonObject().put("market", market).put("player", player))
                .put("wages", wages))
        .put("events", new JsonArray())
        .put("roads", new JsonArray())
        .put("elections", elections);
  }

  static Map<String, Boolean> verdicts(JsonObject report) {
    Map<String, Boolean> out = new HashMap<>();
    for (Object o : Goals.check(report, WORLD)) {
      JsonObject g = (JsonObject) o;
      out.put(g.getString("goal"), g.getBoolean("holds"));
    }
    return out;
  }

  static String goal(String start) {
    for (Object o : Goals.check(report(8), WORLD)) {
      String g = ((JsonObject) o).getString("goal");
      if (g.startsWith(start)) {
        return g;
      }
    }
    throw new AssertionError("no goal " + start);
  }

  @Test
  void aCalmWorldMeetsEveryGoalThatApplies() {
    Map<String, Boolean> v = verdicts(report(8));
    assertEquals(Boolean.TRUE, v.get(goal("no price")));
    assertEquals(Boolean.TRUE, v.get(goal("no good's stock")));
    assertEquals(Boolean.TRUE, v.get(goal("no town's food")));
    assertEquals(Boolean.TRUE, v.get(goal("the gold supply")));
    assertEquals(Boolean.TRUE, v.get(goal("the markets keep")));
    assertEquals(null, v.get(goal("price gaps")), "no bandits: nothing to judge");
    assertEquals(null, verdicts(report(3)).get(goal("the gold supply")), "no week to measure");
  }

  @Test
  void eachGoalFailsOnWhatItIsAbout() {
    JsonObject atBound = report(8);
    JsonArray b = series(atBound, "redhaven", "salt", "atBound");
    for (int i = 10; i < 34; i++) {
      b.set(i, 1);
    }
    assertEquals(Boolean.FALSE, verdicts(atBound).get(goal("no price")), "a day at the top");

    JsonObject still = report(8);
    JsonArray s = series(still, "oakhollow", "tools", "stock");
    for (int i = 0; i < 7 * 24; i++) {
      s.set(i, 200L);
    }
    assertEquals(Boolean.FALSE, verdicts(still).get(goal("no good's stock")), "a week unchanged");

    JsonObject hungry = report(8);
    JsonArray bread = series(hungry, "millbrook", "bread", "stock");
    for (int i = 30; i < 54; i++) {
      bread.set(i, 0L);
    }
    assertEquals(
        Boolean.FALSE, verdicts(hungry).get(goal("no town's food")), "a day without bread");
    JsonObject noTools = report(8);
    JsonArray tools = series(noTools, "millbrook", "tools", "stock");
    for (int i = 30; i < 54; i++) {
      tools.set(i, 0L);
    }
    assertEquals(Boolean.TRUE, verdicts(noTools).get(goal("no town's food")), "tools are no food");

    JsonObject minted = report(14);
    JsonArray player = minted.getJsonObject("coin").getJsonObject("held").getJsonArray("player");
    player.set(14, player.getLong(14) + 200_000L);
    assertEquals(Boolean.FALSE, verdicts(minted).get(goal("the gold supply")), "gold from nowhere");
    JsonArray questPay = new JsonArray();
    for (int d = 0; d <= 14; d++) {
      questPay.add(d == 14 ? 200_000L : 0L);
    }
    minted.getJsonObject("coin").put("questPay", questPay);
    assertEquals(Boolean.TRUE, verdicts(minted).get(goal("the gold supply")), "quests paid it");

    JsonObject broke = report(8);
    broke.getJsonObject("coin").getJsonObject("held").getJsonArray("market").set(5, 100_000L);
    assertEquals(Boolean.FALSE, verdicts(broke).get(goal("the markets keep")));

    JsonObject uncontested = report(30);
    uncontested.getJsonArray("elections").getJsonObject(0).put("candidates", 1L);
    assertEquals(Boolean.FALSE, verdicts(uncontested).get(goal("at least one contested")));
    assertEquals(Boolean.TRUE, verdicts(report(30)).get(goal("at least one contested")));
    assertTrue(Collections.frequency(verdicts(report(8)).values(), Boolean.FALSE) == 0);
  }

  static JsonArray series(JsonObject report, String town, String good, String name) {
    return report
        .getJsonObject("markets")
        .getJsonObject(town)
        .getJsonObject(good)
        .getJsonArray(name);
  }
}
