package io.wayfarer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.test.TestInfra;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many players at one market at once, through HTTP: 64 clients make 10,000 attempts to buy a good
 * of which 100 are in stock; exactly 100 are sold and no holding goes negative. Then a mix of buys
 * and sells across goods.
 */
@ExtendWith(VertxExtension.class)
class MarketConcurrencyTest {
  static final int CLIENTS = 64;
  static Wayfarer server;
  static int port;
  static List<Browser> players = new ArrayList<>();

  @BeforeAll
  static void start() {
    // No NPC verticle: its hourly supply would move stock under the exact assertions here.
    server =
        InProcess.start(
            TestInfra.patientConfig(
                new JsonObject()
                    .put("market", new JsonObject().put("driftRate", 0.0))
                    .put(
                        "world",
                        new JsonObject()
                            .put(
                                "towns",
                                TestInfra.root()
                                    .resolve(
                                        "server/src/test/resources/world/towns-scarce-bread.json")
                                    .toString()))
                    .put(
                        "player",
                        new JsonObject()
                            .put("registrationsPerAddressPerHour", 1000)
                            .put("hashQueue", 256))),
            "clock",
            "player",
            "market",
            "gateway");
    port = InProcess.httpPort(server);
    Vertx vertx = server.vertx();
    // Plain threads: Future.await() is not allowed on Vert.x's own threads.
    java.util.concurrent.ExecutorService makers =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    List<java.util.concurrent.Future<?>> made = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      Browser b = new Browser(vertx, port);
      players.add(b);
      String name = "crowd" + i + "x" + System.nanoTime() % 10000;
      String character = "Crowd " + letters(i);
      made.add(makers.submit(() -> b.newCharacter(name, character, "fighter")));
    }
    try {
      for (java.util.concurrent.Future<?> f : made) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not make the crowd", e);
    } finally {
      makers.shutdown();
    }
  }

  static String letters(int i) {
    return "" + (char) ('a' + i / 26 % 26) + (char) ('a' + i % 26);
  }

  @AfterAll
  static void stop() {
    InProcess.assertConserved(server);
    server.close();
  }

  /** Why requests failed without any answer (-1 in the statuses). */
  static final List<String> FAILURES = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Runs {@code attempts} orders from {@code CLIENTS} clients, each client one order at a time. */
  static List<Integer> run(
      int attempts, java.util.function.BiFunction<Browser, Integer, Future<Integer>> order) {
    AtomicInteger next = new AtomicInteger();
    List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Future<Void>> lanes = new ArrayList<>();
    for (Browser b : players) {
      Promise<Void> lane = Promise.promise();
      lanes.add(lane.future());
      server.vertx().runOnContext(v -> loop(b, next, attempts, order, statuses, lane));
    }
    Future.all(lanes).await();
    return statuses;
  }

  static void loop(
      Browser b,
      AtomicInteger next,
      int attempts,
      java.util.function.BiFunction<Browser, Integer, Future<Integer>> order,
      List<Integer> statuses,
      Promise<Void> lane) {
    int i = next.getAndIncrement();
    if (i >= attempts) {
      lane.complete();
      return;
    }
    order
        .apply(b, i)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                FAILURES.add(ar.cause().toString());
              }
              statuses.add(ar.succeeded() ? ar.result() : -1);
              loop(b, next, attempts, order, statuses, lane);
            });
  }

  static Future<Integer> post(Browser b, String path, JsonObject body) {
    return b.http
        .post(path)
        .putHeader("Origin", "http://127.0.0.1:" + port)
        .sendJsonObject(body)
        .map(r -> r.statusCode());
  }

  @Test
  void tenThousandAttemptsOnAHundredLoavesSellExactlyAHundred() {
    Pool pool = Clients.pgPool(server.vertx(), server.config());
    try {
      assertEquals(100, Ledger.balance(pool, Ledger.market("redhaven"), "bread").await());
      List<Integer> statuses =
          run(
              10_000,
              (b, i) ->
                  post(
                      b,
                      "/api/market/redhaven/buy",
                      new JsonObject()
                          .put("good", "bread")
                          .put("qty", 1)
                          .put("maxUnitPrice", 100_000)
                          .put("requestId", UUID.randomUUID().toString())));
      long sold = statuses.stream().filter(s -> s == 200).count();
      long refused = statuses.stream().filter(s -> s == 409).count();
      assertEquals(10_000, statuses.size());
      assertEquals(100, sold, "exactly the stock was sold");
      assertEquals(9_900, refused, "the rest were told no, none failed otherwise");
      assertEquals(0, Ledger.balance(pool, Ledger.market("redhaven"), "bread").await());
      long held =
          pool.query(
                  "SELECT coalesce(sum(qty), 0) FROM holdings WHERE asset = 'bread' AND holder LIKE 'player:%'")
              .execute()
              .await()
              .iterator()
              .next()
              .getLong(0);
      assertEquals(100, held, "the hundred loaves are in players' hands");
      long trades =
          pool.query("SELECT count(*) FROM market_trades WHERE good = 'bread'")
              .execute()
              .await()
              .iterator()
              .next()
              .getLong(0);
      assertEquals(100, trades, "one trade per receipt");
      assertNoNegativeHolding(pool);
    } finally {
      pool.close().await();
    }
  }

  @Test
  void aMixOfBuysAndSellsAcrossGoodsKeepsTheBooks() {
    Pool pool = Clients.pgPool(server.vertx(), server.config());
    try {
      String[] goods = {"fish", "salt", "ale"};
      Random random = new Random(7);
      long[] before = new long[goods.length];
      for (int g = 0; g < goods.length; g++) {
        before[g] = total(pool, goods[g]);
      }
      List<Integer> statuses =
          run(
              3_000,
              (b, i) -> {
                String good = goods[random.nextInt(goods.length)];
                boolean buy = random.nextInt(3) > 0;
                return post(
                    b,
                    "/api/market/redhaven/" + (buy ? "buy" : "sell"),
                    new JsonObject()
                        .put("good", good)
                        .put("qty", 1 + random.nextInt(3))
                        .put(buy ? "maxUnitPrice" : "minUnitPrice", buy ? 100_000 : 0)
                        .put("requestId", UUID.randomUUID().toString()));
              });
      assertTrue(
          statuses.stream().allMatch(s -> s == 200 || s == 409),
          "only successes and refusals: "
              + statuses.stream().filter(s -> s != 200 && s != 409).distinct().toList()
              + " (requests that failed without an answer: "
              + FAILURES
              + ")");
      assertTrue(
          statuses.stream().filter(s -> s == 200).count() > 300, "plenty of trades went through");
      for (int g = 0; g < goods.length; g++) {
        assertEquals(
            before[g], total(pool, goods[g]), goods[g] + " is neither made nor lost by trading");
      }
      assertNoNegativeHolding(pool);
    } finally {
      pool.close().await();
    }
  }

  /** Everything but the world's (negative) account: the goods in markets and players' hands. */
  static long total(Pool pool, String good) {
    return pool.preparedQuery(
            "SELECT coalesce(sum(qty), 0) FROM holdings WHERE asset = $1 AND holder <> 'world'")
        .execute(io.vertx.sqlclient.Tuple.of(good))
        .await()
        .iterator()
        .next()
        .getLong(0);
  }

  static void assertNoNegativeHolding(Pool pool) {
    long negative =
        pool.query("SELECT count(*) FROM holdings WHERE qty < 0 AND holder <> 'world'")
            .execute()
            .await()
            .iterator()
            .next()
            .getLong(0);
    assertEquals(0, negative);
  }
}
