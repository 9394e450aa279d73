package io.wayfarer.shared.infra;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import java.util.function.Supplier;

/**
 * Runs a transaction again when PostgreSQL chose it as a deadlock victim (40P01) or could not
 * serialise it (40001). Lock ordering is the real cure; this is the seatbelt, bounded so that a
 * real bug still surfaces.
 */
public final class Retry {
  private Retry() {}

  public static <T> Future<T> onConflict(Supplier<Future<T>> transaction, int attempts) {
    return transaction
        .get()
        .recover(
            err -> {
              if (attempts > 1
                  && err instanceof PgException pg
                  && ("40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState()))) {
                return onConflict(transaction, attempts - 1);
              }
              return Future.failedFuture(err);
            });
  }
}
