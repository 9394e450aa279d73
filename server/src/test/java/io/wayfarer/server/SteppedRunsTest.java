package io.wayfarer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.test.TestInfra;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two stepped runs of a fresh world end with the same holdings, to the coin. */
class SteppedRunsTest {
  @Test
  void twoSteppedRunsOfADayEndAlike() throws Exception {
    List<String> first = run();
    List<String> second = run();
    assertEquals(first, second);
  }

  static List<String> run() throws Exception {
    Wayfarer server =
        InProcess.start(
            TestInfra.config(
                new JsonObject()
                    .put(
                        "clock",
                        new JsonObject().put("stepped", true).put("steppedMinutes", 24 * 60))
                    .put("events", new JsonObject().put("randomEvents", true))),
            "clock",
            "player",
            "market",
            "events",
            "npc",
            "social",
            "estate",
            "town",
            "scripts");
    Pool pool = Clients.pgPool(server.vertx(), server.config());
    try {
      InProcess.until(
          () -> ClockContract.TIME.request(server.vertx(), Empty.INSTANCE, 30_000).await().paused(),
          "a game day, stepped");
      List<String> out = new ArrayList<>();
      for (Row r :
          pool.query(
                  "SELECT holder, asset, qty FROM holdings WHERE qty <> 0 ORDER BY holder, asset")
              .execute()
              .await()) {
        out.add(r.getString(0) + " " + r.getString(1) + " " + r.getLong(2));
      }
      return out;
    } finally {
      pool.close().await();
      server.close();
    }
  }
}
