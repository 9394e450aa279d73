package io.wayfarer.server;

import static io.wayfarer.server.Browser.expect;
import static io.wayfarer.server.InProcess.until;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.test.TestInfra;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A market process restarted in a cluster (issue 14): the NPCs' hourly supply batches sent while it
 * is away are sent again until the new market takes them, each once; {@code /health} says 503 while
 * the market is missing and 200 when it is back.
 */
class ClusterSupplyTest {
  static Wayfarer world;
  static Wayfarer market;
  static JsonObject marketConfig;
  static Browser admin;

  @BeforeAll
  static void startCluster() {
    int[] ports = TestInfra.freePorts(3);
    String name = "wayfarer-test-" + UUID.randomUUID();
    JsonArray members = new JsonArray().add("127.0.0.1:" + ports[1]).add("127.0.0.1:" + ports[2]);
    JsonObject shared =
        TestInfra.config(
            InProcess.withAdmin(
                new JsonObject()
                    .put("clock", new JsonObject().put("secondsPerGameHour", 0.6))
                    .put("http", new JsonObject().put("port", ports[0]))));
    marketConfig = ClusterTest.withCluster(shared, name, ports[2], members);
    market = InProcess.startClustered(marketConfig, "market");
    world =
        InProcess.startClustered(
            ClusterTest.withCluster(shared, name, ports[1], members),
            "clock",
            "player",
            "events",
            "npc",
            "gateway");
    admin = new Browser(world.vertx(), InProcess.httpPort(world));
    expect(200, admin.login(InProcess.ADMIN, InProcess.ADMIN_PASSWORD));
  }

  @AfterAll
  static void stopCluster() {
    if (world != null) {
      world.close();
    }
    if (market != null) {
      market.close();
    }
  }

  /** A counter from the world process's metrics. */
  static double counter(String name) {
    String text = expect(200, admin.get("/metrics")).bodyAsString();
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  @Test
  void supplySentWhileTheMarketRestartsIsTakenOnceItIsBack() throws Exception {
    until(() -> counter("wayfarer_npc_supply_taken_total") >= 3, "the market taking supply");
    until(() -> admin.get("/health").statusCode() == 200, "a healthy cluster");

    market.close();
    market = null;
    double sentAtStop = counter("wayfarer_npc_supply_sent_total");
    until(
        () -> counter("wayfarer_npc_supply_sent_total") >= sentAtStop + 5,
        "batches sent while the market is away");
    assertEquals(503, admin.get("/health").statusCode(), "health says the market is missing");

    market = InProcess.startClustered(marketConfig, "market");
    // Every batch sent until now is taken in the end (later ones may still be on their way).
    double sentAtReturn = counter("wayfarer_npc_supply_sent_total");
    until(
        () -> counter("wayfarer_npc_supply_taken_total") >= sentAtReturn,
        "every batch sent while the market was away taken");
    until(() -> admin.get("/health").statusCode() == 200, "health with the market back");
    assertEquals(0.0, counter("wayfarer_npc_supply_lost_total"), "no batch was given up");
    InProcess.assertConserved(world);
  }
}
