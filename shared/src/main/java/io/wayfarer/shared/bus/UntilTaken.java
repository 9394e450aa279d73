package io.wayfarer.shared.bus;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.wayfarer.shared.Failures;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Sends a message that must not be lost (a supply batch) until its owner takes it: again after 1,
 * 2, 4… seconds (at most half a minute apart) while the answer is "unavailable" (503: no handler,
 * no answer in time, outcome unknown), for at most {@code giveUpMillis}. Only for requests the
 * owner applies once however often they come (a batch with its id). A refusal ends it at once.
 */
public final class UntilTaken {
  private static final long FIRST_RETRY_MILLIS = 1000;
  private static final long MAX_RETRY_MILLIS = 30_000;

  private UntilTaken() {}

  public static <T> Future<T> send(
      Vertx vertx, Supplier<Future<T>> send, long giveUpMillis, Logger log, String what) {
    Promise<T> taken = Promise.promise();
    attempt(
        vertx,
        send,
        System.nanoTime() + giveUpMillis * 1_000_000,
        FIRST_RETRY_MILLIS,
        log,
        what,
        taken);
    return taken.future();
  }

  private static <T> void attempt(
      Vertx vertx,
      Supplier<Future<T>> send,
      long deadline,
      long retryMillis,
      Logger log,
      String what,
      Promise<T> taken) {
    send.get()
        .onSuccess(
            answer -> {
              if (retryMillis > FIRST_RETRY_MILLIS) {
                log.info("{}: taken after all", what);
              }
              taken.complete(answer);
            })
        .onFailure(
            err -> {
              if (Failures.httpStatus(err) != Failures.UNAVAILABLE
                  || System.nanoTime() - deadline >= 0) {
                taken.fail(err);
                return;
              }
              if (retryMillis == FIRST_RETRY_MILLIS) {
                log.info(
                    "{}: not taken yet ({}); sending it again until it is", what, err.getMessage());
              }
              vertx.setTimer(
                  retryMillis,
                  id ->
                      attempt(
                          vertx,
                          send,
                          deadline,
                          Math.min(retryMillis * 2, MAX_RETRY_MILLIS),
                          log,
                          what,
                          taken));
            });
  }
}
