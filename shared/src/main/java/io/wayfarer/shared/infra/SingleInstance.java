package io.wayfarer.shared.infra;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Refusal;

/**
 * Makes sure only one of a kind runs against a database, across every process of a cluster: a PostgreSQL
 * session-level advisory lock held on a connection of its own for as long as the holder lives. Closing the
 * connection (undeploy, shutdown, or the process dying) releases it. The world has one clock and one NPC
 * simulation: two would both tick, or both feed the markets.
 */
public final class SingleInstance {
  private final SqlConnection connection;

  private SingleInstance(SqlConnection connection) {
    this.connection = connection;
  }

  /** Takes the lock named {@code what} or fails with 409, saying another one is running. */
  public static Future<SingleInstance> claim(Pool pool, String what) {
    long key = ("wayfarer:" + what).hashCode();
    return pool.getConnection().compose(conn -> conn.preparedQuery("SELECT pg_try_advisory_lock($1) AS held").execute(Tuple.of(key))
        .compose(rows -> {
          if (rows.iterator().next().getBoolean("held")) {
            return Future.succeededFuture(new SingleInstance(conn));
          }
          return conn.close().transform(ar -> Refusal.<SingleInstance>fail(Failures.CONFLICT,
              "another " + what + " is already running against this database; run exactly one in a cluster"));
        }));
  }

  public Future<Void> release() {
    return connection.close();
  }
}
