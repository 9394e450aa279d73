package io.wayfarer.shared.infra;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/** Builds the PostgreSQL pool and Redis client a verticle owns, from its deployment config. */
public final class Clients {
  private Clients() {}

  public static Pool pgPool(Vertx vertx, JsonObject config) {
    JsonObject pg = config.getJsonObject("pg");
    int acquire = pg.getInteger("acquireTimeoutMillis", 1000);
    int query = pg.getInteger("queryTimeoutMillis", 1500);
    // Statements are prepared once per connection and planned once: PostgreSQL's default re-plans a
    // statement with
    // its parameters each time it guesses that pays, which for the ledger's array statements it
    // always did, and
    // a trade paid that planning while holding its market's rows. Every statement here finds rows
    // by key through
    // an index, and the generic plans for the ledger's arrays use the primary key once the table is
    // not tiny.
    // A request gives up on PostgreSQL after queryTimeoutMillis (Db, Replies); the server cancels a
    // statement that is
    // still running at twice that, so a connection held by a stuck statement comes back soon after.
    PgConnectOptions connect =
        PgConnectOptions.fromUri(pg.getString("uri"))
            .setCachePreparedStatements(true)
            .addProperty("plan_cache_mode", "force_generic_plan")
            .addProperty("statement_timeout", Integer.toString(2 * query));
    // Waiting for a connection (and making one) is bounded too: when PostgreSQL stalls, requests
    // hear so at once
    // instead of queueing behind the stuck ones.
    PoolOptions pool =
        new PoolOptions()
            .setMaxSize(pg.getInteger("poolSize", 4))
            .setConnectionTimeout(acquire)
            .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
            .setName("wayfarer-pg")
            .setShared(false);
    return PgBuilder.pool()
        .with(pool)
        .with(new NetClientOptions().setConnectTimeout(acquire))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }

  /**
   * How long a request waits on PostgreSQL in all, at most: a connection, then its work (see {@link
   * Db}).
   */
  /**
   * How long one verticle waits for another's answer on the bus ({@code bus.requestTimeoutMillis}).
   */
  public static long busTimeoutMillis(JsonObject config) {
    return config.getJsonObject("bus").getLong("requestTimeoutMillis");
  }

  public static long pgPatienceMillis(JsonObject config) {
    JsonObject pg = config.getJsonObject("pg");
    return pg.getInteger("acquireTimeoutMillis", 1000) + pg.getInteger("queryTimeoutMillis", 1500);
  }

  /**
   * A pooled client: it connects on demand, so it heals by itself when Redis comes back after an
   * outage.
   */
  public static RedisAPI redis(Vertx vertx, JsonObject config) {
    RedisOptions options =
        new RedisOptions()
            .setConnectionString(config.getJsonObject("redis").getString("uri"))
            .setMaxPoolSize(8)
            .setMaxPoolWaiting(64)
            .setMaxWaitingHandlers(1024);
    return RedisAPI.api(Redis.createClient(vertx, options));
  }
}
