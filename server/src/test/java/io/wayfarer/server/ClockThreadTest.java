package io.wayfarer.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.test.TestInfra;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The clock has a thread of its own (a worker pool named for it, {@code Verticles.OWN_THREAD}):
 * however long the jobs on Vert.x's shared worker pool take, the world's time goes on being
 * announced.
 */
class ClockThreadTest {

  @Test
  void aSharedWorkerPoolThatIsAllBusyDoesNotHoldUpTheClock() throws Exception {
    Wayfarer server =
        InProcess.start(
            TestInfra.config(
                new JsonObject().put("clock", new JsonObject().put("secondsPerGameHour", 6.0))),
            "clock");
    CountDownLatch release = new CountDownLatch(1);
    try {
      Vertx vertx = server.vertx();
      AtomicLong announced = new AtomicLong(-1);
      vertx
          .eventBus()
          .<JsonObject>consumer(
              ClockContract.TICKS,
              msg -> announced.set(WorldTime.fromJson(msg.body()).gameMinutes()));
      InProcess.until(() -> announced.get() >= 0, "a first tick");

      // Every thread of the shared pool is taken by a job that waits for the end of the test.
      int shared = VertxOptions.DEFAULT_WORKER_POOL_SIZE;
      CountDownLatch busy = new CountDownLatch(shared);
      for (int i = 0; i < shared; i++) {
        vertx.executeBlocking(
            () -> {
              busy.countDown();
              return release.await(5, TimeUnit.MINUTES);
            },
            false);
      }
      assertTrue(busy.await(2, TimeUnit.MINUTES), "all of the shared pool's threads are busy");

      long from = announced.get();
      InProcess.until(
          () -> announced.get() >= from + 20,
          "twenty more game minutes announced while the shared pool is busy (from " + from + ")");
    } finally {
      release.countDown();
      server.close();
    }
  }
}
