package io.wayfarer.shared.infra;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure only one of a kind runs against a database, across every process of a cluster: a
 * PostgreSQL session-level advisory lock held on a connection of its own for as long as the holder
 * lives. Closing the connection (undeploy, shutdown, or the process dying) releases it. The world
 * has one clock and one NPC simulation: two would both tick, or both feed the markets.
 *
 * <p>If PostgreSQL goes away the lock goes with the connection: the holder then does its
 * one-of-a-kind work only while {@link #held()}, and the lock is claimed again, every few seconds,
 * until PostgreSQL is back. Confined to the holder's event loop.
 */
public final class SingleInstance {
  private static final Logger LOG = LoggerFactory.getLogger(SingleInstance.class);
  private static final long RECLAIM_MILLIS = 2000;

  private final Vertx vertx;
  private final Pool pool;
  private final String what;
  private SqlConnection connection;
  private boolean released;
  private long reclaimTimer = -1;

  private SingleInstance(Vertx vertx, Pool pool, String what, SqlConnection connection) {
    this.vertx = vertx;
    this.pool = pool;
    this.what = what;
    hold(connection);
  }

  /** Takes the lock named {@code what} or fails with 409, saying another one is running. */
  public static Future<SingleInstance> claim(Vertx vertx, Pool pool, String what) {
    return tryLock(pool, what)
        .compose(
            conn ->
                conn != null
                    ? Future.succeededFuture(new SingleInstance(vertx, pool, what, conn))
                    : Refusal.fail(
                        Failures.CONFLICT,
                        "another "
                            + what
                            + " is already running against this database; run exactly one in a cluster"));
  }

  /** A connection holding the lock, or null when another holds it. */
  private static Future<SqlConnection> tryLock(Pool pool, String what) {
    long key = ("wayfarer:" + what).hashCode();
    return pool.getConnection()
        .compose(
            conn ->
                conn.preparedQuery("SELECT pg_try_advisory_lock($1) AS held")
                    .execute(Tuple.of(key))
                    .transform(
                        ar -> {
                          if (ar.succeeded() && ar.result().iterator().next().getBoolean("held")) {
                            return Future.succeededFuture(conn);
                          }
                          return conn.close()
                              .transform(
                                  closed ->
                                      ar.failed()
                                          ? Future.failedFuture(ar.cause())
                                          : Future.succeededFuture(null));
                        }));
  }

  private void hold(SqlConnection conn) {
    connection = conn;
    conn.closeHandler(
        v -> {
          if (released || connection != conn) {
            return;
          }
          connection = null;
          LOG.warn(
              "The {} lost its PostgreSQL connection and with it the lock that makes it the only one; claiming it again",
              what);
          reclaim();
        });
  }

  private void reclaim() {
    reclaimTimer =
        vertx.setTimer(
            RECLAIM_MILLIS,
            id ->
                tryLock(pool, what)
                    .onComplete(
                        ar -> {
                          if (released) {
                            if (ar.succeeded() && ar.result() != null) {
                              ar.result().close();
                            }
                            return;
                          }
                          if (ar.succeeded() && ar.result() != null) {
                            hold(ar.result());
                            LOG.info("The {} holds its lock again", what);
                          } else {
                            if (ar.succeeded()) {
                              LOG.error(
                                  "Another {} took the lock while PostgreSQL was away; this one stays idle while it runs",
                                  what);
                            }
                            reclaim();
                          }
                        }));
  }

  /** Whether this one holds the lock now, so may do the work only one may do. */
  public boolean held() {
    return connection != null;
  }

  public Future<Void> release() {
    released = true;
    vertx.cancelTimer(reclaimTimer);
    SqlConnection conn = connection;
    connection = null;
    return conn == null ? Future.succeededFuture() : conn.close();
  }
}
