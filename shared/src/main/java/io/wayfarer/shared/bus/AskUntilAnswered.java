package io.wayfarer.shared.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks an owner for its state until it answers once: at once, then after 1, 2, 4… seconds (up to
 * half a minute apart). At an ordinary start the owner may simply not be deployed yet, so the first
 * failure is said quietly and only a long wait loudly. Used by the copies that verticles keep of
 * another's state ({@code ActiveEvents}, {@code TownLaws}). Confined to one event loop.
 */
public final class AskUntilAnswered<T> {
  private static final Logger LOG = LoggerFactory.getLogger(AskUntilAnswered.class);
  private static final long FIRST_RETRY_MILLIS = 1000;
  private static final long MAX_RETRY_MILLIS = 32_000;

  private final Vertx vertx;
  private final String who;
  private final String what;
  private final Supplier<Future<T>> ask;
  private final Consumer<T> take;
  private boolean answered;
  private boolean stopped;
  private long retryMillis = FIRST_RETRY_MILLIS;
  private long retryTimer = -1;

  /**
   * @param who the verticle asking, for the log
   * @param what what it asks about, for the log ("the world's active events")
   */
  public AskUntilAnswered(
      Vertx vertx, String who, String what, Supplier<Future<T>> ask, Consumer<T> take) {
    this.vertx = vertx;
    this.who = who;
    this.what = what;
    this.ask = ask;
    this.take = take;
  }

  /** Asks now, and again until answered or stopped. */
  public void start() {
    if (stopped || answered) {
      return;
    }
    ask.get()
        .onSuccess(
            answer -> {
              if (!stopped) {
                answered();
                take.accept(answer);
              }
            })
        .onFailure(
            err -> {
              if (stopped || answered) {
                return;
              }
              if (retryMillis == FIRST_RETRY_MILLIS) {
                LOG.info(
                    "{}: {} not known yet ({}); asking again until the owner answers",
                    who,
                    what,
                    err.getMessage());
              } else if (retryMillis == MAX_RETRY_MILLIS / 2) {
                LOG.warn("{}: still no answer about {} ({})", who, what, err.getMessage());
              }
              retryTimer = vertx.setTimer(retryMillis, id -> start());
              retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
            });
  }

  /** The owner told everything another way (it published its state): asking stops. */
  public void answered() {
    answered = true;
    vertx.cancelTimer(retryTimer);
  }

  public boolean isAnswered() {
    return answered;
  }

  public void stop() {
    stopped = true;
    vertx.cancelTimer(retryTimer);
  }
}
