package io.wayfarer.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wayfarer.shared.test.BridgeClient;
import io.wayfarer.shared.test.TestInfra;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A bridge socket lives by its pings: one that pings keeps hearing the world however long it
 * listens, and one that falls silent is closed once the ping timeout has passed. The HTTP idle
 * timeout is not what keeps or ends it (the gateway takes that handler off an upgraded socket), so
 * this is the only thing that closes a listener whose page is gone.
 */
@ExtendWith(VertxExtension.class)
class BridgeLivenessTest {
  static final long PING_TIMEOUT_MILLIS = 2_000;
  static Wayfarer server;
  static int port;

  @BeforeAll
  static void start() {
    server =
        InProcess.start(
            TestInfra.config(
                new JsonObject()
                    // A tick every tenth of a second: a listening socket hears something often.
                    .put("clock", new JsonObject().put("secondsPerGameHour", 6.0))
                    .put("bridge", new JsonObject().put("pingTimeoutMillis", PING_TIMEOUT_MILLIS))),
            "clock",
            "gateway");
    port = InProcess.httpPort(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  BridgeClient listener(Vertx vertx) {
    BridgeClient ws = BridgeClient.fromPage(vertx, port, null).await();
    ws.register("world.clock").await();
    return ws;
  }

  static long ticks(BridgeClient ws) {
    return ws.frames().stream()
        .filter(
            f -> "rec".equals(f.getString("type")) && "world.clock".equals(f.getString("address")))
        .count();
  }

  @Test
  void aSocketThatPingsStaysAndASilentOneIsClosed(Vertx vertx) throws Exception {
    BridgeClient pinging = listener(vertx);
    BridgeClient silent = listener(vertx);
    JsonObject ping = new JsonObject().put("type", "ping");
    long pinger = vertx.setPeriodic(PING_TIMEOUT_MILLIS / 8, id -> pinging.write(ping));
    try {
      // The silent one hears ticks too, until the sweeper finds it has not pinged.
      silent.closed().await(60, TimeUnit.SECONDS);
      assertTrue(ticks(silent) > 0, "the silent socket heard the clock before it was closed");

      // The other keeps hearing the clock for three ping timeouts more: its pings keep it.
      long heard = ticks(pinging);
      long from = System.currentTimeMillis();
      long deadline = from + 60_000;
      while ((ticks(pinging) <= heard
              || System.currentTimeMillis() - from < 3 * PING_TIMEOUT_MILLIS)
          && !pinging.closed().isComplete()
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      assertFalse(pinging.closed().isComplete(), "a socket that pings was closed");
      assertTrue(ticks(pinging) > heard, "the pinging socket still hears the clock");
    } finally {
      vertx.cancelTimer(pinger);
      pinging.close();
    }
  }
}
