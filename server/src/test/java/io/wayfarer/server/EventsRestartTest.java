package io.wayfarer.server;

import static io.wayfarer.server.Browser.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.test.TestInfra;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A world event keeps its effects through a full restart and through a redeploy of any one
 * verticle, whatever order they start in: the market's risk premium and the road's danger are back
 * as soon as the event is.
 */
@ExtendWith(VertxExtension.class)
class EventsRestartTest {
  static final String ADMIN_PASSWORD = "the keys of the keep";
  Wayfarer server;

  @AfterEach
  void stop() {
    if (server != null) {
      InProcess.assertConserved(server);
      server.close();
    }
  }

  static double bread(Browser b) {
    return MarketTest.price(expect(200, b.get("/api/market/redhaven")).bodyAsJsonObject(), "bread");
  }

  /**
   * Waits until {@code value} passes {@code above}: effects come back as soon as the events' owner
   * is heard.
   */
  static double atLeast(DoubleSupplier value, double above, String what)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    double v = value.getAsDouble();
    while (!(v > above) && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      v = value.getAsDouble();
    }
    assertTrue(v > above, what + ": " + v + " is not above " + above);
    return v;
  }

  void admin(String address, JsonObject body) {
    server.vertx().eventBus().request(address, body).await();
  }

  @Test
  void banditsKeepTheirEffectsThroughARestartAndEveryRedeploy(Vertx vertx) throws Exception {
    // Time stands still (nothing drifts or is supplied) so the price moves only with the event.
    JsonObject config =
        TestInfra.config(
            new JsonObject()
                .put("market", new JsonObject().put("driftRate", 0.0))
                .put(
                    "admin",
                    new JsonObject().put("username", "warden").put("password", ADMIN_PASSWORD)));
    server = InProcess.start(config);
    admin(ClockContract.ADMIN_PAUSE, new JsonObject());
    int port = InProcess.httpPort(server);
    Browser player = new Browser(vertx, port);
    player.newCharacter("drover" + System.nanoTime() % 100000, "Drover", "ranger");
    double calm = bread(player);
    Browser warden = new Browser(vertx, port);
    expect(200, warden.login("warden", ADMIN_PASSWORD));
    expect(
        201,
        warden.post(
            "/api/admin/events",
            new JsonObject()
                .put("type", "bandits")
                .put("town", "redhaven")
                .put("severity", 3)
                .put("hours", 48)));
    double during = atLeast(() -> bread(player), calm * 1.1, "the bandits' risk premium");

    // A full restart (same database, same port): the player and market verticles start before the
    // events verticle that owns the events.
    server.close();
    server = InProcess.start(config);
    Browser again = new Browser(vertx, port);
    assertEquals(
        during, atLeast(() -> bread(again), calm * 1.1, "the premium after a restart"), 0.0001);

    // Any one verticle redeployed on its own: the premium stays.
    for (String name : new String[] {"market", "events", "npc", "player", "gateway"}) {
      server.undeploy(name);
      server.deploy(name);
      Browser b = new Browser(vertx, port);
      assertEquals(
          during,
          atLeast(() -> bread(b), calm * 1.1, "the premium after redeploying " + name),
          0.0001);
    }

    // And the roads out of Redhaven are more dangerous: the traveller's check meets the bandits'
    // +6.
    Browser traveller = player;
    expect(202, traveller.post("/api/travel", new JsonObject().put("to", "saltmere")));
    admin(ClockContract.ADMIN_ADVANCE, new JsonObject().put("minutes", 3 * 60));
    JsonObject encounter = null;
    long deadline = System.currentTimeMillis() + 30_000;
    while (encounter == null && System.currentTimeMillis() < deadline) {
      for (Object o :
          expect(200, traveller.get("/api/me")).bodyAsJsonObject().getJsonArray("notices")) {
        if ("encounter".equals(((JsonObject) o).getString("kind"))) {
          encounter = (JsonObject) o;
        }
      }
      Thread.sleep(100);
    }
    assertTrue(encounter != null, "the road's check was made");
    assertEquals(
        6,
        encounter.getJsonObject("data").getInteger("eventDanger"),
        "bandits (severity 3) add 6 to the roads into Redhaven");
  }
}
