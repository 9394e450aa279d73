package io.wayfarer.server;

import static io.wayfarer.server.Browser.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.RedisAPI;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.test.StoppableRedis;
import io.wayfarer.shared.test.TestInfra;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis is a cache: with it stopped, logged-in players play on from PostgreSQL; with it back,
 * caching resumes.
 */
@ExtendWith(VertxExtension.class)
class RedisOutageTest {
  @TempDir static Path dir;
  static StoppableRedis redis;
  static Wayfarer server;
  static int port;

  @BeforeAll
  static void start() {
    redis = new StoppableRedis(dir.resolve("redis"));
    server =
        InProcess.start(
            TestInfra.config(
                new JsonObject()
                    .put("redis", new JsonObject().put("uri", redis.uri()))
                    .put("clock", new JsonObject().put("secondsPerGameHour", 0.6))));
    port = InProcess.httpPort(server);
  }

  @AfterAll
  static void stop() {
    // This test's own Redis goes even when the server never started (it outlived a failed run
    // once).
    try {
      if (server != null) {
        InProcess.assertConserved(server);
        server.close();
      }
    } finally {
      redis.close();
    }
  }

  @Test
  void playersKeepPlayingWithoutRedisAndCachingResumes(Vertx vertx) throws Exception {
    Browser b = new Browser(vertx, port);
    b.newCharacter("steady" + System.nanoTime() % 100000, "Steady", "fighter");
    String key = "session:" + PlayerContract.tokenHash(b.token());
    RedisAPI direct =
        Clients.redis(
            vertx, new JsonObject().put("redis", new JsonObject().put("uri", redis.uri())));
    assertNotNull(direct.get(key).await(), "the session is cached");
    direct.close();

    redis.stop();
    expect(200, b.get("/api/me"));
    JsonObject journey =
        expect(202, b.post("/api/travel", new JsonObject().put("to", "millbrook")))
            .bodyAsJsonObject();
    assertEquals("millbrook", journey.getJsonObject("details").getString("to"));
    assertEquals(503, b.get("/health").statusCode(), "health tells the operator Redis is down");
    // Markets price from PostgreSQL while the cache is away, and trades are priced there too.
    JsonObject board = expect(200, b.get("/api/market/millbrook")).bodyAsJsonObject();
    assertEquals("postgresql", board.getString("source"));
    JsonObject folk = expect(200, b.get("/api/towns/redhaven/npcs")).bodyAsJsonObject();
    assertEquals("redhaven", folk.getString("town"), "the NPC verticle answers from its own state");
    assertTrue(folk.getJsonArray("places").size() > 0, folk.encode());
    Browser shopper = new Browser(vertx, port);
    shopper.newCharacter("shopper" + System.nanoTime() % 100000, "Shopper", "bard");
    JsonObject receipt =
        expect(
                200,
                shopper.post(
                    "/api/market/redhaven/buy",
                    new JsonObject()
                        .put("good", "bread")
                        .put("qty", 2)
                        .put("maxUnitPrice", 10_000)
                        .put("requestId", UUID.randomUUID().toString())))
            .bodyAsJsonObject();
    assertTrue(receipt.getLong("total") > 0);
    // Who is where comes from PostgreSQL while the cache is away: the shopper is in Redhaven, the
    // traveller on the road, both online.
    JsonObject who = expect(200, b.get("/api/presence")).bodyAsJsonObject();
    assertTrue(
        who.getJsonObject("present").getJsonArray("redhaven").contains("Shopper"), who.encode());
    assertTrue(who.getLong("online") >= 2, who.encode());
    // A new login works too: sessions live in PostgreSQL.
    Browser other = new Browser(vertx, port);
    other.newCharacter("calm" + System.nanoTime() % 100000, "Calm", "cleric");

    redis.start();
    long deadline = System.currentTimeMillis() + 15_000;
    RedisAPI again =
        Clients.redis(
            vertx, new JsonObject().put("redis", new JsonObject().put("uri", redis.uri())));
    String otherKey = "session:" + PlayerContract.tokenHash(other.token());
    while (System.currentTimeMillis() < deadline) {
      expect(200, other.get("/api/me"));
      if (again.get(otherKey).await() != null) {
        break;
      }
      Thread.sleep(200);
    }
    assertNotNull(again.get(otherKey).await(), "with Redis back, sessions are cached again");
    expect(
        200,
        shopper.post(
            "/api/market/redhaven/buy",
            new JsonObject()
                .put("good", "bread")
                .put("qty", 1)
                .put("maxUnitPrice", 10_000)
                .put("requestId", UUID.randomUUID().toString())));
    assertNotNull(again.get("market:redhaven:prices").await(), "a trade refills the price cache");
    JsonObject cached = expect(200, b.get("/api/market/redhaven")).bodyAsJsonObject();
    assertTrue(!cached.containsKey("source"), "served from the cache again");
    again.close();
    expect(200, b.get("/health"));
  }
}
