package io.wayfarer.shared.clock;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.bus.Empty;

/**
 * A verticle's view of world time: the clock asked directly, or the latest tick heard on the bus
 * when the clock does not answer.
 */
public final class GameClock {
  private final Vertx vertx;
  private final long timeoutMillis;
  private WorldTime latest;

  public GameClock(Vertx vertx, long timeoutMillis) {
    this.vertx = vertx;
    this.timeoutMillis = timeoutMillis;
  }

  public void heard(WorldTime time) {
    if (latest == null || time.gameMinutes() >= latest.gameMinutes()) {
      latest = time;
    }
  }

  public Future<WorldTime> now() {
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
