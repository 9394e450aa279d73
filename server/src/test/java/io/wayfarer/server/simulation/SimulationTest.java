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
 * seed. Every verticle but the gateway runs, on its own embedded PostgreSQL and Redis.
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
            "player:1");
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
    // A run of the same seed that stopped at that minute: what the world held then.
    Simulation.Result twoDays =
        Simulation.run(new SimulationOptions(2, SEED, 50, dir.resolve("two-days"), null), base);
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
    // Beyond the ledger: where player 1's character stood then, from its activities' minutes,
    // is where the two-day world left it.
    JsonObject standing = twoDays.report().getJsonArray("characters").getJsonObject(0).copy();
    assertEquals(1L, standing.remove("player"));
    JsonArray playerOnesQuests = (JsonArray) standing.remove("quests");
    assertEquals(standing, replayed.whereabouts().toJson(), "player 1 then: " + replayed);
    assertEquals(playerOnesQuests, quests(replayed), "player 1's quests then");
    assertTrue(replayed.holder().getOrDefault("coin", 0L) > 0, "player 1 held coin: " + replayed);
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
