package io.wayfarer.shared.infra;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL transaction whose outcome is told truthfully (ARCHITECTURE.md rule 13), however
 * PostgreSQL fails: stalled, killed, or slow. It knows whether COMMIT has been sent, which decides
 * what may be said:
 *
 * <ul>
 *   <li>before COMMIT is sent, the work can always be undone: past the deadline it is abandoned
 *       (rolled back once PostgreSQL answers again, never committed) and the caller hears {@link
 *       Unavailable}, "nothing was changed";
 *   <li>once COMMIT is sent and no answer comes by the deadline, or the connection dies, nobody
 *       knows whether it committed: the caller hears {@link OutcomeUnknown}, and must not call it a
 *       failure.
 * </ul>
 *
 * Waiting for a connection is bounded by the pool ({@code pg.acquireTimeoutMillis}); the work and
 * its COMMIT by {@code pg.queryTimeoutMillis}.
 */
public final class Db {
  private static final Logger LOG = LoggerFactory.getLogger(Db.class);

  /**
   * Nothing was changed: PostgreSQL could not be reached in time, or the work was undone before
   * COMMIT was sent.
   */
  public static final class Unavailable extends RuntimeException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  /** COMMIT was sent and its answer never came: the work may or may not have been applied. */
  public static final class OutcomeUnknown extends RuntimeException {
    public OutcomeUnknown(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  private enum Stage {
    WORKING,
    ABANDONED,
    COMMITTING,
    DONE
  }

  private final Vertx vertx;
  private final Pool pool;
  private final long deadlineMillis;

  public Db(Vertx vertx, Pool pool, JsonObject config) {
    this.vertx = vertx;
    this.pool = pool;
    this.deadlineMillis = config.getJsonObject("pg").getInteger("queryTimeoutMillis", 1500);
  }

  public Pool pool() {
    return pool;
  }

  /** How long a verticle's start waits for PostgreSQL to answer before it gives up. */
  public static final long START_PATIENCE_MILLIS = 30_000;

  private static final long RETRY_MILLIS = 500;

  /**
   * Succeeds once PostgreSQL answers a {@code SELECT 1}; fails with {@link Unavailable} after
   * {@link #START_PATIENCE_MILLIS}. A verticle's start waits on it before its first query: on a
   * busy machine, or while PostgreSQL restarts, the first connections come slowly, and a start that
   * failed at its first query would leave the verticle undeployed. It asks one question at a time,
   * each bounded by the pool's wait for a connection and by {@code pg.queryTimeoutMillis}, so that
   * when it does give up no request is left waiting for a connection while Vert.x closes the pool
   * (Vert.x 5.0.7 and 5.0.8 fail inside a pool closed with waiters whose timeouts fire, and the
   * start's rollback never ends).
   */
  public static Future<Void> reachable(Vertx vertx, Pool pool, JsonObject config, String who) {
    long queryTimeout = config.getJsonObject("pg").getInteger("queryTimeoutMillis", 1500);
    long giveUpAt = System.nanoTime() + START_PATIENCE_MILLIS * 1_000_000;
    Promise<Void> reached = Promise.promise();
    ask(vertx, pool, queryTimeout, giveUpAt, who, reached, 1);
    return reached.future();
  }

  private static void ask(
      Vertx vertx,
      Pool pool,
      long queryTimeout,
      long giveUpAt,
      String who,
      Promise<Void> reached,
      int attempt) {
    pool.query("SELECT 1")
        .execute()
        .timeout(queryTimeout, TimeUnit.MILLISECONDS)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                if (attempt > 1) {
                  LOG.info("{}: PostgreSQL answers, after {} tries", who, attempt);
                }
                reached.complete();
              } else if (System.nanoTime() - giveUpAt > 0) {
                reached.fail(
                    new Unavailable(
                        who
                            + ": PostgreSQL did not answer for "
                            + START_PATIENCE_MILLIS / 1000
                            + " s: "
                            + ar.cause().getMessage(),
                        ar.cause()));
              } else {
                if (attempt == 1) {
                  LOG.warn(
                      "{}: PostgreSQL does not answer yet ({}); waiting for it up to {} s",
                      who,
                      ar.cause().getMessage(),
                      START_PATIENCE_MILLIS / 1000);
                }
                vertx.setTimer(
                    RETRY_MILLIS,
                    id -> ask(vertx, pool, queryTimeout, giveUpAt, who, reached, attempt + 1));
              }
            });
  }

  /**
   * Runs {@code work} in a transaction and commits it. Fails with the work's own failure (a
   * refusal, a constraint) when PostgreSQL answered, {@link Unavailable} when nothing can have been
   * changed, or {@link OutcomeUnknown}.
   */
  public <T> Future<T> transaction(Function<SqlConnection, Future<T>> work) {
    Promise<T> outcome = Promise.promise();
    pool.getConnection()
        .onComplete(
            acquired -> {
              if (acquired.failed()) {
                outcome.fail(
                    new Unavailable(
                        "no connection to PostgreSQL: " + acquired.cause().getMessage(),
                        acquired.cause()));
                return;
              }
              SqlConnection conn = acquired.result();
              Stage[] stage = {Stage.WORKING};
              long timer =
                  vertx.setTimer(
                      deadlineMillis,
                      id -> {
                        if (stage[0] == Stage.WORKING) {
                          stage[0] = Stage.ABANDONED;
                          outcome.tryFail(
                              new Unavailable(
                                  "PostgreSQL did not answer within "
                                      + deadlineMillis
                                      + " ms; the work was abandoned",
                                  null));
                        } else if (stage[0] == Stage.COMMITTING) {
                          outcome.tryFail(
                              new OutcomeUnknown(
                                  "no answer to COMMIT within " + deadlineMillis + " ms", null));
                        }
                      });
              conn.begin()
                  .compose(
                      tx ->
                          stage[0] == Stage.ABANDONED
                              ? rollback(tx, null)
                              : work.apply(conn)
                                  .transform(
                                      done -> {
                                        if (done.failed()) {
                                          return rollback(tx, done.cause());
                                        }
                                        if (stage[0] == Stage.ABANDONED) {
                                          // Its caller has been told nothing changed: keep that
                                          // true.
                                          return rollback(tx, null);
                                        }
                                        stage[0] = Stage.COMMITTING;
                                        return tx.commit()
                                            .transform(
                                                committed -> {
                                                  if (committed.succeeded()) {
                                                    return Future.succeededFuture(done.result());
                                                  }
                                                  // PostgreSQL answered the COMMIT with an error:
                                                  // it rolled back. Anything else: nobody knows.
                                                  return committed.cause() instanceof PgException
                                                          || committed.cause()
                                                              instanceof
                                                              io.vertx.sqlclient
                                                                  .TransactionRollbackException
                                                      ? Future.failedFuture(committed.cause())
                                                      : Future.failedFuture(
                                                          new OutcomeUnknown(
                                                              "COMMIT was sent and the connection failed: "
                                                                  + committed.cause().getMessage(),
                                                              committed.cause()));
                                                });
                                      }))
                  .onComplete(
                      done -> {
                        vertx.cancelTimer(timer);
                        Stage was = stage[0];
                        stage[0] = Stage.DONE;
                        conn.close()
                            .onFailure(
                                err ->
                                    LOG.debug(
                                        "Connection not returned cleanly: {}", err.toString()));
                        if (done.succeeded()) {
                          outcome.tryComplete(done.result());
                        } else if (was != Stage.COMMITTING
                            && !(done.cause() instanceof Unavailable)
                            && isConnectionFailure(done.cause())) {
                          // The connection broke before COMMIT was sent: PostgreSQL rolls such a
                          // transaction back.
                          outcome.tryFail(
                              new Unavailable(
                                  "PostgreSQL went away mid-transaction: "
                                      + done.cause().getMessage(),
                                  done.cause()));
                        } else {
                          outcome.tryFail(done.cause());
                        }
                      });
            });
    return outcome.future();
  }

  private static <T> Future<T> rollback(Transaction tx, Throwable cause) {
    return tx.rollback()
        .transform(
            r -> {
              if (r.failed()) {
                LOG.debug("Rollback did not complete: {}", r.cause().toString());
              }
              return cause == null
                  ? Future.failedFuture(new Unavailable("abandoned", null))
                  : Future.failedFuture(cause);
            });
  }

  /**
   * Whether a failure means PostgreSQL could not be talked to (a closed or refused connection, a
   * server shutting down or out of connections) rather than that it answered the request with an
   * error.
   */
  public static boolean isConnectionFailure(Throwable err) {
    if (err instanceof PgException pg) {
      String state = pg.getSqlState();
      // 08: connection exception; 57P01..57P03: the server is shutting down or cannot take
      // connections; 53300: too many.
      return state != null
          && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"));
    }
    if (err instanceof ConnectException
        || err instanceof IOException
        || err instanceof HttpClosedException
        || err instanceof TimeoutException) {
      return true;
    }
    String m = String.valueOf(err.getMessage()).toLowerCase(Locale.ROOT);
    return m.contains("connection")
            && (m.contains("closed") || m.contains("refused") || m.contains("reset"))
        || m.equals("timeout")
        || m.contains("timeout waiting for connection");
  }
}
