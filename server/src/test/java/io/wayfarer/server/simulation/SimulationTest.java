package io.wayfarer.server.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.test.TestInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three game days of the shipped world with 50 scripted players, twice from one seed: the same
 * ledger to the coin (the digest), the goals that apply to three days hold, and the report is
 * written. The first run's ledger replayed to the end of its second day (from the clock's
 * checkpoint at the midnight before and the entries after it) is the ledger of a two-day run of the
 * seed, and a wounded character's whereabouts, hit points and quests then are those the two-day run
 * ended with. Every verticle but the gateway runs, on its own embedded PostgreSQL and Redis.
 */
class SimulationTest {
  static final int DAYS = 3;
  static final long SEED = 7;

  @TempDir Path dir;

  static JsonArray quests(Replay.Result r) {
    return new JsonArray(r.questsUnderWay().stream().map(Replay.Quest::toJson).toList());
  }

  @Test
  void threeDaysFromOneSeedEndAlikeAndMeetTheGoals() throws Exception {
    JsonObject base =
        TestInfra.config(
            new JsonObject()
                .put("data", new JsonObject().put("dir", dir.resolve("data").toString()))
                .put(
                    "scripts",
                    new JsonObject()
                        .put("dir", TestInfra.root().resolve("conf/world/scripts").toString())));
    // A run of the seed that stops after two days: what the world held then. (Each run of a seed
    // starts afresh in the one data directory, so it runs first.) Of its characters, the first
    // the road left wounded is the one a replay will be asked about.
    Simulation.Result twoDays =
        Simulation.run(new SimulationOptions(2, SEED, 50, dir.resolve("two-days"), null), base);
    JsonObject standing =
        twoDays.report().getJsonArray("characters").stream()
            .map(JsonObject.class::cast)
            .filter(
                c ->
                    c.getJsonObject("hitPoints").getInteger("hp")
                        < c.getJsonObject("hitPoints").getInteger("maxHp"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("nobody was wounded in two days"))
            .copy();
    String holder = "player:" + standing.remove("player");
    Simulation.Result first =
        Simulation.run(new SimulationOptions(DAYS, SEED, 50, dir.resolve("first"), null), base);
    // The first run's ledger as it stood at the end of its second day, rebuilt from its log.
    long start = first.report().getLong("startMinute");
    long dayTwo = start + 2 * 24 * 60;
    Replay.Result replayed =
        Replay.run(
            base,
            dir.resolve("data").resolve("simulation-seed-" + SEED),
            dayTwo,
            dir.resolve("replay"),
            holder);
    // And to its end, where settlers own houses: the houses' ownership is rebuilt with the ledger.
    Replay.Result atEnd =
        Replay.run(
            base,
            dir.resolve("data").resolve("simulation-seed-" + SEED),
            first.report().getLong("endMinute"),
            dir.resolve("replay-end"),
            null);
    assertEquals(first.digest(), atEnd.digest(), "a replay to the end is the world at its end");
    long owned = first.report().getJsonObject("estates").getLong("owned");
    assertTrue(owned > 0, "settlers bought houses: " + first.report().getJsonObject("estates"));
    assertEquals(owned, atEnd.housesOwned(), "the houses owned at the end, rebuilt");
    Simulation.Result second =
        Simulation.run(new SimulationOptions(DAYS, SEED, 50, dir.resolve("second"), null), base);
    assertEquals(dayTwo, twoDays.report().getLong("endMinute"));
    assertEquals(
        twoDays.digest(), replayed.digest(), "a replay to the end of day two is that day's world");
    assertTrue(
        replayed.checkpoint() != null
            && replayed.checkpoint() > start
            && replayed.checkpoint() < dayTwo
            && replayed.checkpoint() % (24 * 60) == 0,
        "it started from a midnight's checkpoint within the run: " + replayed);
    assertTrue(replayed.entries() > 0, "and replayed the entries after it: " + replayed);
    // Beyond the ledger: where the wounded player's character stood then (from its activities'
    // minutes), its hit points (from their changes' minutes) and its quests under way are what
    // the two-day world left it with.
    JsonArray questsThen = (JsonArray) standing.remove("quests");
    JsonObject hitPointsThen = (JsonObject) standing.remove("hitPoints");
    assertEquals(standing, replayed.whereabouts().toJson(), holder + " then: " + replayed);
    assertEquals(questsThen, quests(replayed), holder + "'s quests then");
    assertEquals(hitPointsThen, replayed.hitPoints().toJson(), holder + "'s hit points then");
    assertTrue(replayed.holder().getOrDefault("coin", 0L) > 0, holder + " held coin: " + replayed);
    // And the houses' ownership rebuilt as it stood then: as many owned as in the two-day world.
    assertEquals(
        twoDays.report().getJsonObject("estates").getLong("owned"),
        replayed.housesOwned(),
        "houses owned then: " + replayed);

    assertTrue(first.digest().matches("[0-9a-f]{64}"), first.digest());
    assertEquals(first.digest(), second.digest(), "one seed, one world, to the coin");
    JsonObject a = first.report().copy();
    JsonObject b = second.report().copy();
    for (JsonObject r : List.of(a, b)) {
      r.remove("timing");
    }
    assertEquals(a, b, "the same report but for the real time it took");

    JsonObject report = first.report();
    JsonObject did = report.getJsonObject("scriptedPlayers").getJsonObject("did");
    for (String act : List.of("work", "travel", "buy", "sell", "rest", "buyhouse", "takequest")) {
      assertTrue(did.getLong(act, 0L) > 0, "the scripted players " + act + ": " + did);
    }
    assertTrue(
        report.getJsonObject("estates").getLong("owned") > 0,
        "a settler's house is in the report: " + report.getJsonObject("estates"));
    assertEquals(DAYS * 24 * 60L, report.getLong("endMinute") - report.getLong("startMinute"));
    for (Object o : report.getJsonArray("goals")) {
      JsonObject goal = (JsonObject) o;
      assertNotEquals(Boolean.FALSE, goal.getBoolean("holds"), goal.encodePrettily());
    }

    String page = Files.readString(first.dir().resolve("index.html"));
    assertTrue(page.contains("uPlot"), "uPlot is inline");
    assertTrue(page.contains(first.digest()), "the figures are inline");
    assertEquals(report, new JsonObject(Files.readString(first.dir().resolve("report.json"))));
  }
}
