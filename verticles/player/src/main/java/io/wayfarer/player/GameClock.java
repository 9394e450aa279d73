package io.wayfarer.player;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.WorldTime;

/** The player verticle's view of world time: the latest tick heard on the bus, or the clock asked directly. */
final class GameClock {
  private final Vertx vertx;
  private volatile WorldTime latest;

  GameClock(Vertx vertx) {
    this.vertx = vertx;
  }

  void heard(WorldTime time) {
    if (latest == null || time.gameMinutes() >= latest.gameMinutes()) {
      latest = time;
    }
  }

  Future<WorldTime> now() {
    return vertx.eventBus().<JsonObject>request(ClockContract.NOW, new JsonObject(), new DeliveryOptions().setSendTimeout(3000))
        .map(m -> WorldTime.fromJson(m.body()))
        .onSuccess(this::heard)
        .recover(err -> latest != null ? Future.succeededFuture(latest)
            : Refusal.fail(Failures.UNAVAILABLE, "the world clock is not running"));
  }
}
