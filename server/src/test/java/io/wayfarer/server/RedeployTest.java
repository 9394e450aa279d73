package io.wayfarer.server;

import static io.wayfarer.server.Browser.expect;
import static io.wayfarer.server.InProcess.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.test.BridgeClient;
import io.wayfarer.shared.test.TestInfra;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replacing one verticle in a running process while players play (issue 14): 100 sockets listen to
 * the clock and a board, 16 traders buy and sell without pause, and an admin redeploys a verticle.
 * No socket drops, every order is answered (a 503 during a gap is sent again with its request id,
 * as a client does), every acknowledged trade is in the books exactly once, and the new verticle
 * takes its configuration read again.
 */
class RedeployTest {
  static final int LISTENERS = 100;
  static final int TRADERS = 16;

  static Wayfarer server;
  static int port;
  static Browser admin;
  static final List<Browser> traders = new ArrayList<>();
  static final List<BridgeClient> listeners = new ArrayList<>();
  static String town;

  /** What a redeploy reads as the configuration: the test changes the clock's pace in it. */
  static final AtomicReference<JsonObject> onDisk = new AtomicReference<>();

  @BeforeAll
  static void start() throws Exception {
    JsonObject config =
        TestInfra.patientConfig(
            InProcess.withAdmin(
                new JsonObject()
                    .put(
                        "player",
                        new JsonObject()
                            .put("registrationsPerAddressPerHour", 1000)
                            .put("hashQueue", 256))
                    .put("clock", new JsonObject().put("secondsPerGameHour", 6.0))));
    Wayfarer.checkRanges(config);
    onDisk.set(config);
    server =
        Wayfarer.start(
            new LaunchOptions(List.copyOf(Verticles.ALL.keySet()), false, null),
            config,
            onDisk::get);
    port = InProcess.httpPort(server);
    admin = new Browser(server.vertx(), port);
    expect(200, admin.login(InProcess.ADMIN, InProcess.ADMIN_PASSWORD));
    for (int i = 0; i < TRADERS; i++) {
      Browser b = new Browser(server.vertx(), port);
      b.newCharacter(
          "mover" + i + "x" + System.nanoTime() % 100000,
          "Mover " + MarketConcurrencyTest.letters(i),
          "fighter");
      traders.add(b);
    }
    town =
        expect(200, traders.get(0).get("/api/me"))
            .bodyAsJsonObject()
            .getJsonObject("character")
            .getString("town");
    for (int i = 0; i < LISTENERS; i++) {
      BridgeClient ws = BridgeClient.fromPage(server.vertx(), port, null).await();
      ws.register("world.clock").await();
      ws.register("market." + town + ".prices").await();
      listeners.add(ws);
    }
  }

  @AfterAll
  static void stop() {
    for (BridgeClient ws : listeners) {
      ws.close();
    }
    if (server != null) {
      InProcess.assertConserved(server);
      server.close();
    }
  }

  /** The traders' orders while a verticle is replaced. */
  static final class Trading {
    final AtomicBoolean stop = new AtomicBoolean();
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final Set<String> refused = ConcurrentHashMap.newKeySet();
    final List<String> failures = new CopyOnWriteArrayList<>();
    final AtomicInteger retried = new AtomicInteger();
    final AtomicLong longestMillis = new AtomicLong();
    final List<Future<Void>> lanes = new ArrayList<>();

    void start() {
      for (int i = 0; i < traders.size(); i++) {
        Browser b = traders.get(i);
        Promise<Void> lane = Promise.promise();
        lanes.add(lane.future());
        AtomicInteger n = new AtomicInteger(i);
        server.vertx().runOnContext(v -> next(b, n, lane));
      }
    }

    private void next(Browser b, AtomicInteger n, Promise<Void> lane) {
      if (stop.get()) {
        lane.complete();
        return;
      }
      boolean buy = n.getAndIncrement() % 2 == 0;
      JsonObject order =
          new JsonObject()
              .put("good", "bread")
              .put("qty", 1)
              .put(buy ? "maxUnitPrice" : "minUnitPrice", buy ? 100_000 : 1)
              .put("requestId", UUID.randomUUID().toString());
      send(b, buy ? "buy" : "sell", order, System.nanoTime(), lane, n);
    }

    /** Sends an order until it is answered for good: a 503 is sent again with its request id. */
    private void send(
        Browser b, String side, JsonObject order, long t0, Promise<Void> lane, AtomicInteger n) {
      b.http
          .post("/api/market/" + town + "/" + side)
          .putHeader("Origin", "http://127.0.0.1:" + port)
          .sendJsonObject(order)
          .onComplete(
              ar -> {
                String id = order.getString("requestId");
                if (ar.failed()) {
                  failures.add(id + ": no answer: " + ar.cause());
                } else if (ar.result().statusCode() == 503) {
                  retried.incrementAndGet();
                  server.vertx().setTimer(200, t -> send(b, side, order, t0, lane, n));
                  return;
                } else if (ar.result().statusCode() == 200) {
                  acknowledged.add(id);
                } else if (ar.result().statusCode() == 409) {
                  refused.add(id);
                } else {
                  failures.add(
                      id + ": " + ar.result().statusCode() + " " + ar.result().bodyAsString());
                }
                longestMillis.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                next(b, n, lane);
              });
    }

    void finish() {
      stop.set(true);
      Future.all(lanes).await();
    }
  }

  static JsonObject verticle(String name) {
    JsonObject report = expect(200, admin.get("/api/admin/verticles")).bodyAsJsonObject();
    for (Object p : report.getJsonArray("processes")) {
      for (Object v : ((JsonObject) p).getJsonArray("verticles")) {
        if (name.equals(((JsonObject) v).getString("name"))) {
          return (JsonObject) v;
        }
      }
    }
    throw new AssertionError(name + " is not in " + report.encode());
  }

  @ParameterizedTest
  @ValueSource(strings = {"market", "player", "npc", "clock", "events", "social", "estate", "town"})
  void aVerticleIsReplacedWhilePlayersTradeAndListen(String name) throws Exception {
    int redeploysBefore = verticle(name).getInteger("redeploys");
    String deploymentBefore = verticle(name).getString("deployment");
    long minuteBefore =
        expect(200, admin.get("/api/world")).bodyAsJsonObject().getLong("gameMinutes");
    Trading trading = new Trading();
    trading.start();
    until(() -> trading.acknowledged.size() >= TRADERS, "trades before the redeploy");
    int[] framesBefore = listeners.stream().mapToInt(ws -> ws.frames().size()).toArray();

    HttpResponse<Buffer> res =
        admin.post(
            "/api/admin/verticles/" + name + "/redeploy",
            new JsonObject().put("reason", "test: replace " + name + " under load"));
    expect(200, res);
    JsonObject done = res.bodyAsJsonObject();
    assertEquals(name, done.getString("verticle"));
    assertEquals(deploymentBefore, done.getString("replaced"));

    int acknowledgedAtRedeploy = trading.acknowledged.size();
    until(
        () -> trading.acknowledged.size() >= acknowledgedAtRedeploy + TRADERS,
        "trades after the redeploy");
    trading.finish();

    // Every socket stayed open and still hears the world (a new clock included).
    for (int i = 0; i < listeners.size(); i++) {
      BridgeClient ws = listeners.get(i);
      assertFalse(ws.closed().isComplete(), "socket " + i + " was dropped");
      int before = framesBefore[i];
      until(() -> ws.frames().size() > before + 1, "socket's frames after the redeploy");
    }
    // Every order was answered, and the books hold each acknowledged trade once and no refused one.
    assertEquals(List.of(), trading.failures);
    Pool pool = Clients.pgPool(server.vertx(), server.config());
    try {
      long kept =
          pool.preparedQuery("SELECT count(*) FROM market_trades WHERE request_id = ANY($1)")
              .execute(Tuple.of(trading.acknowledged.toArray(new String[0])))
              .await()
              .iterator()
              .next()
              .getLong(0);
      assertEquals(trading.acknowledged.size(), kept, "each acknowledged trade is kept once");
      long refusedKept =
          pool.preparedQuery("SELECT count(*) FROM market_trades WHERE request_id = ANY($1)")
              .execute(Tuple.of(trading.refused.toArray(new String[0])))
              .await()
              .iterator()
              .next()
              .getLong(0);
      assertEquals(0, refusedKept, "a refused order moved nothing");
    } finally {
      pool.close().await();
    }
    System.out.printf(
        "redeploy %s: gap %d ms, took %d ms; %d trades, %d sent again after a 503, longest order %d ms%n",
        name,
        done.getLong("gapMillis"),
        done.getLong("tookMillis"),
        trading.acknowledged.size(),
        trading.retried.get(),
        trading.longestMillis.get());

    JsonObject now = verticle(name);
    assertEquals(redeploysBefore + 1, now.getInteger("redeploys"));
    assertEquals(done.getString("deployment"), now.getString("deployment"));
    assertTrue(now.getBoolean("up"));
    until(() -> admin.get("/health").statusCode() == 200, "health after the redeploy");
    // The world's time went on from where it was (the clock's state handed over, not restarted).
    long minuteAfter =
        expect(200, admin.get("/api/world")).bodyAsJsonObject().getLong("gameMinutes");
    assertTrue(minuteAfter >= minuteBefore, minuteBefore + " then " + minuteAfter);
  }

  @Test
  void aRedeployedClockTakesTheConfigurationReadAgain() {
    JsonObject changed = onDisk.get().copy();
    changed.getJsonObject("clock").put("secondsPerGameHour", 7.5);
    onDisk.set(changed);
    try {
      expect(
          200,
          admin.post(
              "/api/admin/verticles/clock/redeploy",
              new JsonObject().put("reason", "test: new pace")));
      assertEquals(
          7.5,
          expect(200, admin.get("/api/world")).bodyAsJsonObject().getDouble("secondsPerGameHour"));
    } finally {
      JsonObject back = onDisk.get().copy();
      back.getJsonObject("clock").put("secondsPerGameHour", 6.0);
      onDisk.set(back);
    }
  }

  @Test
  void onlyAdminsSeeAndReplaceVerticlesAndBadOrdersChangeNothing() {
    Browser player = traders.get(0);
    assertEquals(403, player.get("/api/admin/verticles").statusCode());
    assertEquals(
        403, player.post("/api/admin/verticles/market/redeploy", new JsonObject()).statusCode());
    assertEquals(
        404, admin.post("/api/admin/verticles/dragon/redeploy", new JsonObject()).statusCode());
    assertEquals(
        400, admin.post("/api/admin/verticles/Mar-ket/redeploy", new JsonObject()).statusCode());
    assertEquals(
        409, admin.post("/api/admin/verticles/gateway/redeploy", new JsonObject()).statusCode());
    JsonObject report = expect(200, admin.get("/api/admin/verticles")).bodyAsJsonObject();
    assertTrue(report.getBoolean("healthy"), report.encode());
    JsonArray processes = report.getJsonArray("processes");
    assertEquals(1, processes.size());
    List<String> names = new ArrayList<>();
    processes
        .getJsonObject(0)
        .getJsonArray("verticles")
        .forEach(v -> names.add(((JsonObject) v).getString("name")));
    assertEquals(List.copyOf(Verticles.ALL.keySet()), names);
    // Each was audited, with its reason.
    String audit = expect(200, admin.get("/api/admin/audit")).bodyAsString();
    assertTrue(audit.contains("/api/admin/verticles/gateway/redeploy"), audit);
  }
}
