package io.wayfarer.player;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.WorldTime;

/**
 * The player verticle's view of world time: the latest tick heard on the bus, or the clock asked
 * directly.
 */
final class GameClock {
  private final Vertx vertx;
  private final long timeoutMillis;
  private WorldTime latest;

  GameClock(Vertx vertx, long timeoutMillis) {
    this.vertx = vertx;
    this.timeoutMillis = timeoutMillis;
  }

  void heard(WorldTime time) {
    if (latest == null || time.gameMinutes() >= latest.gameMinutes()) {
      latest = time;
    }
  }

  Future<WorldTime> now() {
    return ClockContract.TIME
        .request(vertx, Empty.INSTANCE, timeoutMillis)
        .onSuccess(this::heard)
        .recover(
            err ->
                latest != null
                    ? Future.succeededFuture(latest)
                    : Refusal.fail(Failures.UNAVAILABLE, "the world clock is not running"));
  }
}
