package io.wayfarer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.test.TestInfra;
import org.junit.jupiter.api.Test;

/**
 * A stepped clock (for simulations) runs the whole world, every verticle in one process, as fast as
 * its work allows and skips no hour's work: every town's market settles every game hour of two game
 * days, which a real-time clock on a busy machine may coalesce; and it pauses itself exactly where
 * the run ends ({@code clock.steppedMinutes}).
 */
class SteppedClockTest {

  @Test
  void everyHourOfTwoGameDaysIsWorkedThrough() throws Exception {
    Wayfarer server =
        InProcess.start(
            TestInfra.config(
                new JsonObject()
                    .put(
                        "clock",
                        new JsonObject().put("stepped", true).put("steppedMinutes", 2 * 24 * 60))
                    .put("events", new JsonObject().put("randomEvents", true))));
    Pool pool = Clients.pgPool(server.vertx(), server.config());
    try {
      // A fresh world begins at the calendar's epoch, and the run pauses itself two days on.
      long start = TestInfra.world().calendar().epoch();
      long until = start + 2 * 24 * 60;
      InProcess.until(
          () -> ClockContract.TIME.request(server.vertx(), Empty.INSTANCE, 30_000).await().paused(),
          "two game days, stepped, then paused");
      assertEquals(until, now(server), "paused exactly where the run ends");
      // Its account of where the real time went: every minute it stepped, and only the jobs it
      // waits for as the ones it waited on.
      ClockContract.Stepping stepping =
          ClockContract.STEPPING.request(server.vertx(), Empty.INSTANCE, 30_000).await();
      assertEquals(2 * 24 * 60L, stepping.minutes(), stepping.toString());
      assertTrue(
          ClockContract.Jobs.ALL.containsAll(stepping.heldSeconds().keySet()), stepping.toString());
      assertTrue(!stepping.heldSeconds().isEmpty(), "a job was last at some minute: " + stepping);
      long firstHour = start / 60 + 1;
      long lastHour = until / 60 - 1;
      int towns = TestInfra.world().map().towns().size();
      for (Row r :
          pool.preparedQuery(
                  "SELECT town, count(DISTINCT game_hour) AS hours FROM market_hours"
                      + " WHERE game_hour BETWEEN $1 AND $2 GROUP BY town")
              .execute(Tuple.of(firstHour, lastHour))
              .await()) {
        assertEquals(
            lastHour - firstHour + 1,
            r.getLong("hours"),
            r.getString("town") + " settled every hour from " + firstHour + " to " + lastHour);
        towns--;
      }
      assertEquals(0, towns, "every town's market settled");
      InProcess.assertConserved(server);
    } finally {
      pool.close().await();
      server.close();
    }
  }

  static long now(Wayfarer server) {
    return ClockContract.TIME.request(server.vertx(), Empty.INSTANCE, 30_000).await().gameMinutes();
  }
}
