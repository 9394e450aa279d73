package io.wayfarer.server;

import static io.wayfarer.server.Browser.expect;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wayfarer.shared.test.BridgeClient;
import io.wayfarer.shared.test.TestInfra;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Limits at the bridge beside its permits: how many addresses of one topic a socket may hold, and
 * how many frames a second it may send. Each refusal is an err frame to that socket and a count in
 * the metrics. And the admins' bus inspector, which speaks over the same bridge: only an admin's
 * socket may watch, and it sees a trade's messages with secrets redacted.
 */
@ExtendWith(VertxExtension.class)
class BridgeLimitsTest {
  static Wayfarer server;
  static int port;

  @BeforeAll
  static void start() {
    server =
        InProcess.start(
            TestInfra.config(
                InProcess.withAdmin(
                    new JsonObject()
                        .put(
                            "bridge",
                            new JsonObject().put("maxPerTopic", 2).put("framesPerSecond", 10)))));
    port = InProcess.httpPort(server);
  }

  @AfterAll
  static void stop() {
    InProcess.assertConserved(server);
    server.close();
  }

  static boolean gotError(BridgeClient ws, String code) {
    return ws.frames().stream()
        .anyMatch(f -> "err".equals(f.getString("type")) && code.equals(f.getString("body")));
  }

  static void await(BridgeClient ws, Predicate<BridgeClient> until) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (!until.test(ws) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(until.test(ws), ws.frames().toString());
  }

  static BridgeClient socket(Vertx vertx, Browser as) {
    return BridgeClient.fromPage(vertx, port, as.token()).await();
  }

  /** The inspector's rates for {@code pattern} have come: the socket watches it. */
  static boolean watching(BridgeClient ws, String pattern) {
    return ws.frames().stream()
        .anyMatch(
            f ->
                "admin.inspector.rates".equals(f.getString("address"))
                    && pattern.equals(f.getJsonObject("body").getString("pattern")));
  }

  static List<JsonObject> seen(BridgeClient ws, String address) {
    return ws.frames().stream()
        .filter(
            f ->
                "rec".equals(f.getString("type"))
                    && "admin.inspector".equals(f.getString("address")))
        .map(f -> f.getJsonObject("body"))
        .filter(b -> b.getString("address").startsWith(address))
        .toList();
  }

  @Test
  void onlyAnAdminsSocketWatchesTheBusAndSecretsNeverShow(Vertx vertx) throws Exception {
    Browser player = new Browser(vertx, port);
    player.newCharacter("ina" + System.nanoTime() % 100000, "Ina", "bard");
    BridgeClient players = socket(vertx, player);
    players.write(new JsonObject().put("type", "inspect").put("pattern", "market.*")).await();
    await(players, c -> gotError(c, "access_denied"));

    Browser admin = new Browser(vertx, port);
    expect(200, admin.login(InProcess.ADMIN, InProcess.ADMIN_PASSWORD));
    BridgeClient watch = socket(vertx, admin);
    watch.write(new JsonObject().put("type", "inspect").put("pattern", "a b")).await();
    await(watch, c -> gotError(c, "invalid_pattern"));
    watch.write(new JsonObject().put("type", "inspect").put("pattern", "market.*")).await();
    // The inspector is on once its first rates for the pattern come.
    await(watch, c -> watching(c, "market.*"));
    expect(
        200,
        player.post(
            "/api/market/redhaven/buy",
            new JsonObject()
                .put("good", "bread")
                .put("qty", 1)
                .put("maxUnitPrice", 100_000)
                .put("requestId", "inspected-buy-1")));
    await(watch, c -> !seen(c, "market.buy").isEmpty());
    JsonObject trade = seen(watch, "market.buy").get(0);
    assertTrue(
        trade.getJsonObject("body").getString("requestId").equals("inspected-buy-1"),
        trade.encode());

    // A login passes while watching player.*: its password never reaches the page.
    watch.write(new JsonObject().put("type", "inspect").put("pattern", "player.*")).await();
    await(watch, c -> watching(c, "player.*"));
    Browser again = new Browser(vertx, port);
    expect(200, again.login(InProcess.ADMIN, InProcess.ADMIN_PASSWORD));
    await(watch, c -> !seen(c, "player.auth.login").isEmpty());
    JsonObject login = seen(watch, "player.auth.login").get(0);
    assertTrue(login.encode().contains("(redacted)"), login.encode());
    assertTrue(!login.encode().contains(InProcess.ADMIN_PASSWORD), login.encode());
    watch.write(new JsonObject().put("type", "inspect")).await();
    watch.close().await();
    players.close().await();
  }

  @Test
  void aSocketIsHeldToItsTopicsAndItsPaceAndTheRefusalsAreCounted(Vertx vertx) throws Exception {
    BridgeClient ws = BridgeClient.connect(vertx, port).await();
    ws.register("town.redhaven.presence").await();
    ws.register("town.millbrook.presence").await();
    ws.register("world.clock").await();
    ws.register("town.saltmere.presence").await();
    await(ws, c -> gotError(c, "max_per_topic_reached"));
    // The world clock is another topic: it was taken, and its ticks arrive.
    await(ws, c -> c.frames().stream().anyMatch(f -> "world.clock".equals(f.getString("address"))));

    BridgeClient flood = BridgeClient.connect(vertx, port).await();
    for (int i = 0; i < 60; i++) {
      flood.write(new JsonObject().put("type", "ping"));
    }
    await(flood, c -> gotError(c, "too_many_frames"));

    Browser admin = new Browser(vertx, port);
    expect(200, admin.login(InProcess.ADMIN, InProcess.ADMIN_PASSWORD));
    JsonObject families = MetricsTest.parse(expect(200, admin.get("/metrics")).bodyAsString());
    assertTrue(
        MetricsTest.value(
                families,
                "wayfarer_bridge_refused",
                "wayfarer_bridge_refused_total",
                "reason",
                "too_many_frames")
            >= 1);
    assertTrue(
        MetricsTest.value(
                families,
                "wayfarer_bridge_refused",
                "wayfarer_bridge_refused_total",
                "reason",
                "max_per_topic_reached")
            >= 1);
    assertTrue(
        MetricsTest.value(
                families, "wayfarer_bridge_sockets", "wayfarer_bridge_sockets", null, null)
            >= 2,
        "both sockets are counted");
    ws.close().await();
    flood.close().await();
  }
}
