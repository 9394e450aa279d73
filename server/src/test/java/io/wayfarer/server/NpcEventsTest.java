package io.wayfarer.server;

import static io.wayfarer.server.Browser.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.events.EventsContract;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.npc.NpcContract;
import io.wayfarer.shared.test.BridgeClient;
import io.wayfarer.shared.test.TestInfra;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The townsfolk and world events with every verticle deployed; time is paused and moved by the
 * admin commands, so each game hour happens when the test says.
 */
@ExtendWith(VertxExtension.class)
class NpcEventsTest {
  static final String ADMIN_PASSWORD = "the keys of the keep";
  static Wayfarer server;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    server =
        InProcess.start(
            TestInfra.config(
                new JsonObject()
                    .put("market", new JsonObject().put("driftRate", 0.0))
                    .put(
                        "admin",
                        new JsonObject()
                            .put("username", "warden")
                            .put("password", ADMIN_PASSWORD))));
    port = InProcess.httpPort(server);
    admin(ClockContract.ADMIN_PAUSE, new JsonObject());
  }

  @AfterAll
  static void stop() {
    InProcess.assertConserved(server);
    server.close();
  }

  static WorldTime admin(String address, JsonObject body) {
    return WorldTime.fromJson(
        server.vertx().eventBus().<JsonObject>request(address, body).await().body());
  }

  /**
   * Moves time on to the next {@code hour} o'clock, one game hour at a time so every verticle
   * settles each hour.
   */
  static WorldTime toHour(int hour) throws InterruptedException {
    WorldTime now = admin(ClockContract.NOW, new JsonObject());
    int steps = Math.floorMod(hour - now.hour(), 24);
    steps = steps == 0 ? 24 : steps;
    if (now.minute() != 0) {
      now = admin(ClockContract.ADMIN_ADVANCE, new JsonObject().put("minutes", 60 - now.minute()));
      long reached = hourOf(now);
      whereabouts("redhaven", w -> w.getLong("gameHour", -1L) >= reached);
      steps--;
    }
    for (int i = 0; i < steps; i++) {
      now = admin(ClockContract.ADMIN_ADVANCE, new JsonObject().put("minutes", 60));
      // Each hour is done (goods supplied, then who is where announced) before the next one comes.
      long reached = hourOf(now);
      whereabouts("redhaven", w -> w.getLong("gameHour", -1L) >= reached);
    }
    return now;
  }

  static JsonObject whereabouts(String town, Predicate<JsonObject> until)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    JsonObject w = null;
    while (System.currentTimeMillis() < deadline) {
      w =
          server
              .vertx()
              .eventBus()
              .<JsonObject>request(
                  NpcContract.WHEREABOUTS.address(), new JsonObject().put("town", town))
              .await()
              .body();
      if (until.test(w)) {
        return w;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("whereabouts never matched: " + w);
  }

  static int count(JsonObject w, String place) {
    for (Object o : w.getJsonArray("places")) {
      if (((JsonObject) o).getString("place").equals(place)) {
        return ((JsonObject) o).getInteger("count");
      }
    }
    return 0;
  }

  static long hourOf(WorldTime t) {
    return t.gameMinutes() / 60;
  }

  @Test
  void whereaboutsChangeWithTheHours(Vertx vertx) throws Exception {
    WorldTime ten = toHour(10);
    JsonObject day = whereabouts("redhaven", w -> w.getLong("gameHour", -1L) == hourOf(ten));
    assertTrue(
        count(day, "smithy") > 0 && count(day, "market") > 0 && count(day, "gate") > 0,
        day.encode());
    assertTrue(
        day.getJsonArray("places").encode().contains("\"profession\":\"smith\""),
        "the smith is named at the smithy");
    WorldTime eleven = toHour(23);
    JsonObject night = whereabouts("redhaven", w -> w.getLong("gameHour", -1L) == hourOf(eleven));
    assertEquals(0, count(night, "smithy"));
    assertEquals(0, count(night, "market"), "the market is shut at night");
    assertTrue(count(night, "walls") > 0, "the night watch is on the walls");
    assertTrue(count(night, "home") > count(day, "home"));
    // Over HTTP, for the browser's town panel.
    JsonObject http =
        expect(200, new Browser(vertx, port).get("/api/towns/redhaven/npcs")).bodyAsJsonObject();
    assertEquals("redhaven", http.getString("town"));
    assertEquals(404, new Browser(vertx, port).get("/api/towns/atlantis/npcs").statusCode());
  }

  @Test
  void theTownsfolksWorkReachesTheMarketThroughTheLedger() throws Exception {
    Pool pool = Clients.pgPool(server.vertx(), server.config());
    try {
      String markets =
          "SELECT holder || '/' || asset AS k, qty FROM holdings WHERE holder LIKE 'market:%' ORDER BY 1";
      java.util.Map<String, Long> before = new java.util.HashMap<>();
      pool.query(markets)
          .execute()
          .await()
          .forEach(r -> before.put(r.getString("k"), r.getLong("qty")));
      toHour(5);
      toHour(18);
      java.util.Map<String, Long> after = new java.util.HashMap<>();
      pool.query(markets)
          .execute()
          .await()
          .forEach(r -> after.put(r.getString("k"), r.getLong("qty")));
      long changed =
          after.entrySet().stream()
              .filter(e -> !e.getValue().equals(before.get(e.getKey())))
              .count();
      assertTrue(
          changed >= 10,
          "the townsfolk's work and appetite moved many markets' stock: " + changed + " changed");
      assertTrue(
          !after.get("market:millbrook/grain").equals(before.get("market:millbrook/grain")),
          "Millbrook's grain moved with the farmers' day");
      long supplied =
          pool.query(
                  "SELECT count(*) FROM ledger_entries WHERE reason LIKE '%by the townsfolk of%'")
              .execute()
              .await()
              .iterator()
              .next()
              .getLong(0);
      assertTrue(supplied > 0, "every change is a ledger entry with its reason");
      assertEquals(java.util.Map.of(), Ledger.imbalances(pool).await());
    } finally {
      pool.close().await();
    }
  }

  @Test
  void anAdminsBanditsReachEveryoneAndEachVerticleReacts(Vertx vertx) throws Exception {
    BridgeClient listener =
        BridgeClient.connect(vertx, port, MultiMap.caseInsensitiveMultiMap()).await();
    listener.register(EventsContract.EVENTS).await();
    Browser player = new Browser(vertx, port);
    player.newCharacter("roamer" + System.nanoTime() % 100000, "Roamer", "ranger");
    JsonObject bandits =
        new JsonObject()
            .put("type", "bandits")
            .put("town", "redhaven")
            .put("severity", 3)
            .put("hours", 6);
    assertEquals(
        403,
        player.post("/api/admin/events", bandits).statusCode(),
        "players may not raise events");
    assertEquals(0, active(vertx).size(), "nothing was raised");

    double breadBefore =
        MarketTest.price(
            expect(200, player.get("/api/market/redhaven")).bodyAsJsonObject(), "bread");
    Browser warden = new Browser(vertx, port);
    expect(200, warden.login("warden", ADMIN_PASSWORD));
    assertEquals(
        400, warden.post("/api/admin/events", bandits.copy().put("type", "dragons")).statusCode());
    assertEquals(
        400, warden.post("/api/admin/events", bandits.copy().put("severity", 9)).statusCode());
    JsonObject event = expect(201, warden.post("/api/admin/events", bandits)).bodyAsJsonObject();
    assertEquals("Bandits spotted near Redhaven!", event.getString("text"));

    long deadline = System.currentTimeMillis() + 30_000;
    while (listener.frames().stream().noneMatch(f -> "rec".equals(f.getString("type")))
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    JsonObject received =
        listener.frames().stream()
            .filter(f -> "rec".equals(f.getString("type")))
            .findFirst()
            .orElseThrow()
            .getJsonObject("body");
    assertEquals(
        "Bandits spotted near Redhaven!", received.getString("text"), "a bridged browser heard it");
    assertEquals(1, active(vertx).size());

    // The market: a risk premium on Redhaven's prices for the duration.
    double breadDuring = 0;
    deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      breadDuring =
          MarketTest.price(
              expect(200, player.get("/api/market/redhaven")).bodyAsJsonObject(), "bread");
      if (breadDuring > breadBefore * 1.1) {
        break;
      }
      Thread.sleep(50);
    }
    assertTrue(
        breadDuring > breadBefore * 1.1, "bread went from " + breadBefore + " to " + breadDuring);

    // The townsfolk: guards go on patrol at the next hour.
    WorldTime next =
        admin(
            ClockContract.ADMIN_ADVANCE,
            new JsonObject()
                .put("minutes", 60 - admin(ClockContract.NOW, new JsonObject()).minute()));
    JsonObject w = whereabouts("redhaven", x -> x.getLong("gameHour", -1L) == hourOf(next));
    assertTrue(
        count(w, "patrol") > 0 && count(w, "gate") == 0 && count(w, "walls") == 0, w.encode());

    // The roads: a journey out of Redhaven meets the bandits' extra danger.
    expect(202, player.post("/api/travel", new JsonObject().put("to", "saltmere")));
    admin(ClockContract.ADMIN_ADVANCE, new JsonObject().put("minutes", 3 * 60));
    JsonObject encounter = null;
    deadline = System.currentTimeMillis() + 30_000;
    while (encounter == null && System.currentTimeMillis() < deadline) {
      for (Object o :
          expect(200, player.get("/api/me")).bodyAsJsonObject().getJsonArray("notices")) {
        if ("encounter".equals(((JsonObject) o).getString("kind"))) {
          encounter = (JsonObject) o;
        }
      }
      Thread.sleep(50);
    }
    assertTrue(encounter != null, "the road's check was made");
    assertEquals(
        6,
        encounter.getJsonObject("data").getInteger("eventDanger"),
        "bandits (severity 3) add 6 to the roads into Redhaven");

    // And it ends on time.
    admin(ClockContract.ADMIN_ADVANCE, new JsonObject().put("minutes", 6 * 60));
    deadline = System.currentTimeMillis() + 30_000;
    while (listener.frames().stream()
            .noneMatch(
                f ->
                    f.getJsonObject("body") != null
                        && f.getJsonObject("body").getBoolean("ended", false))
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(
        listener.frames().stream()
            .anyMatch(
                f ->
                    f.getJsonObject("body") != null
                        && f.getJsonObject("body").getBoolean("ended", false)),
        "the end is announced");
    assertEquals(0, active(vertx).size());
    listener.close().await();
  }

  @Test
  void eventsAndTownsfolkOutliveARestart(Vertx vertx) throws Exception {
    Browser warden = new Browser(vertx, port);
    expect(200, warden.login("warden", ADMIN_PASSWORD));
    JsonObject festival =
        expect(
                201,
                warden.post(
                    "/api/admin/events",
                    new JsonObject()
                        .put("type", "festival")
                        .put("town", "millbrook")
                        .put("severity", 2)
                        .put("hours", 48)
                        .put("text", "Millbrook dances till dawn.")))
            .bodyAsJsonObject();
    WorldTime noon = toHour(12);
    JsonObject before = whereabouts("oakhollow", w -> w.getLong("gameHour", -1L) == hourOf(noon));

    server.undeploy("npc");
    server.undeploy("events");
    // With the townsfolk's Redis copy gone, only the snapshot the verticle saved can say where they
    // stand.
    RedisAPI redis = Clients.redis(server.vertx(), server.config());
    redis.del(List.of("npc:oakhollow:whereabouts")).await();
    redis.close();
    server.deploy("events");
    server.deploy("npc");

    JsonObject after = whereabouts("oakhollow", w -> true);
    assertEquals(before, after, "the townsfolk stand where they stood");
    assertTrue(
        active(vertx).stream()
            .anyMatch(e -> ((JsonObject) e).getLong("id").equals(festival.getLong("id"))),
        "the festival goes on after the restart");
  }

  static JsonArray active(Vertx vertx) {
    return expect(200, new Browser(vertx, port).get("/api/events"))
        .bodyAsJsonObject()
        .getJsonArray("active");
  }
}
