package io.wayfarer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.test.TestInfra;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A stop (SIGTERM runs exactly this) finishes what it started: it stops taking requests, answers
 * those in flight, keeps their receipts as the players' notices, and only then closes the pools.
 */
@ExtendWith(VertxExtension.class)
class StopDrainsTest {

  @Test
  void aStopAnswersTheTradesInFlightAndKeepsTheirReceipts(Vertx vertx) throws Exception {
    JsonObject config =
        TestInfra.config(new JsonObject().put("market", new JsonObject().put("driftRate", 0.0)));
    Wayfarer server = InProcess.start(config, "clock", "player", "market", "gateway");
    int port = InProcess.httpPort(server);
    Pool pool = Clients.pgPool(vertx, config);
    try {
      List<Browser> traders = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Browser b = new Browser(vertx, port);
        b.newCharacter(
            "closer" + i + "x" + System.nanoTime() % 100000,
            "Closer " + (char) ('A' + i),
            "fighter");
        traders.add(b);
      }
      // Each trade takes a while to commit, so the stop comes while they are in flight.
      Outages.slowCommits(pool, 0.4);
      List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
      for (Browser b : traders) {
        answers.add(
            b.http
                .post("/api/market/redhaven/buy")
                .putHeader("Origin", "http://127.0.0.1:" + port)
                .sendJsonObject(
                    new JsonObject()
                        .put("good", "bread")
                        .put("qty", 1)
                        .put("maxUnitPrice", 1_000_000)
                        .put("requestId", UUID.randomUUID().toString())));
      }
      long deadline = System.currentTimeMillis() + 30_000;
      while (committing(pool) == 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      assertTrue(committing(pool) > 0, "a trade is committing when the stop begins");
      Thread stopping = new Thread(server::close, "stopping");
      stopping.start();

      List<Long> tradeIds = new ArrayList<>();
      for (Future<HttpResponse<Buffer>> answer : answers) {
        HttpResponse<Buffer> res = answer.await();
        assertEquals(
            200,
            res.statusCode(),
            "a trade in flight is answered, not cut off: " + res.bodyAsString());
        tradeIds.add(res.bodyAsJsonObject().getLong("tradeId"));
      }
      stopping.join();
      for (long tradeId : tradeIds) {
        long notices =
            pool.preparedQuery(
                    "SELECT count(*) FROM notices WHERE kind = 'receipt' AND (data->>'tradeId')::bigint = $1")
                .execute(Tuple.of(tradeId))
                .await()
                .iterator()
                .next()
                .getLong(0);
        assertEquals(
            1,
            notices,
            "the receipt of trade " + tradeId + " was kept before the player verticle stopped");
      }
    } finally {
      Outages.normalCommits(pool);
      pool.close().await();
      server.close();
    }
  }

  static long committing(Pool pool) {
    return pool.query(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active'"
                + " AND query = 'COMMIT'")
        .execute()
        .await()
        .iterator()
        .next()
        .getLong(0);
  }
}
