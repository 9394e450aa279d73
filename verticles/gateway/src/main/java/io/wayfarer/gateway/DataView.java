package io.wayfarer.gateway;

import static io.vertx.core.http.HttpMethod.GET;
import static io.wayfarer.gateway.Endpoint.Access.ADMIN;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.input.Field;
import io.wayfarer.shared.input.Form;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The console's read-only look at the data (issue 14): PostgreSQL's tables with their latest rows,
 * Redis's keys with their type, time to live and a preview, and where both listen (for pgAdmin,
 * DBeaver, TablePlus or RedisInsight). Every read runs in a read-only transaction with a statement
 * timeout; secrets (password and token hashes, cached sessions) are never shown.
 */
final class DataView {
  static final Field TABLE =
      Field.text("table", 1, 63, "[a-z_][a-z0-9_]{0,62}", "table must be the name of a table");
  static final Field LIMIT = Field.whole("limit", 1, 200);
  static final Field PATTERN =
      Field.text(
          "pattern",
          1,
          60,
          "[A-Za-z0-9:*_.\\-]{1,60}",
          "pattern has letters, digits, : * _ . or - (such as market:*)");

  /** Columns whose values are never shown. */
  private static final Set<String> SECRET_COLUMNS = Set.of("password_hash", "token_hash");

  /** Keys whose values are never shown. */
  private static final List<String> SECRET_KEYS = List.of("session:");

  private static final int MAX_KEYS = 100;
  private static final int PREVIEW_CHARS = 300;

  private final Pool pool;
  private final RedisAPI redis;
  private final JsonObject config;

  DataView(Pool pool, RedisAPI redis, JsonObject config) {
    this.pool = pool;
    this.redis = redis;
    this.config = config;
  }

  void addTo(Api api) {
    api.add(
            Endpoint.handles(
                GET,
                "/api/admin/data",
                ADMIN,
                null,
                null,
                200,
                "where PostgreSQL and Redis listen, and PostgreSQL's tables with their row counts (admins only; read-only)",
                ctx -> answer(ctx, tables())))
        .add(
            Endpoint.handles(
                GET,
                "/api/admin/data/rows",
                ADMIN,
                "dataRows",
                Form.of().required(TABLE).optional(LIMIT),
                200,
                "a table's latest rows, secrets hidden (admins only; read-only)",
                ctx -> answer(ctx, rows(JsonBody.body(ctx)))))
        .add(
            Endpoint.handles(
                GET,
                "/api/admin/data/keys",
                ADMIN,
                "dataKeys",
                Form.of().required(PATTERN),
                200,
                "up to 100 Redis keys matching a pattern, with type, time to live and a preview (admins only; read-only)",
                ctx -> answer(ctx, keys(PATTERN.text(JsonBody.body(ctx))))));
  }

  private static void answer(RoutingContext ctx, Future<JsonObject> result) {
    result.onSuccess(ctx::json).onFailure(err -> PlayerApi.fail(ctx, err));
  }

  private Future<JsonObject> tables() {
    return readOnly(
            "SELECT relname AS name, n_live_tup AS rows FROM pg_stat_user_tables"
                + " WHERE schemaname = 'public' ORDER BY relname")
        .map(
            rows -> {
              JsonArray tables = new JsonArray();
              rows.forEach(
                  r ->
                      tables.add(
                          new JsonObject()
                              .put("name", r.getString("name"))
                              .put("rows", r.getLong("rows"))));
              return new JsonObject()
                  .put("postgres", withoutPassword(config.getJsonObject("pg").getString("uri")))
                  .put("redis", withoutPassword(config.getJsonObject("redis").getString("uri")))
                  .put("tables", tables);
            });
  }

  private Future<JsonObject> rows(JsonObject query) {
    String table = TABLE.text(query);
    long limit = query.getValue(LIMIT.name()) == null ? 50 : LIMIT.whole(query);
    return readOnly(
            "SELECT relname FROM pg_stat_user_tables WHERE schemaname = 'public' AND relname = $1",
            Tuple.of(table))
        .compose(
            found -> {
              if (found.size() == 0) {
                return Refusal.<RowSet<Row>>fail(Failures.NOT_FOUND, "no table " + table);
              }
              // A table name cannot be a parameter: this one matched TABLE's pattern and is a real
              // table, so quoting it is enough.
              return readOnly("SELECT * FROM \"" + table + "\" LIMIT $1", Tuple.of(limit));
            })
        .map(
            rows -> {
              List<String> columns = rows.columnsNames();
              JsonArray out = new JsonArray();
              for (Row r : rows) {
                JsonArray values = new JsonArray();
                for (int i = 0; i < columns.size(); i++) {
                  Object v = r.getValue(i);
                  values.add(
                      SECRET_COLUMNS.contains(columns.get(i))
                          ? "(hidden)"
                          : v == null ? null : String.valueOf(v));
                }
                out.add(values);
              }
              return new JsonObject()
                  .put("table", table)
                  .put("columns", new JsonArray(new ArrayList<>(columns)))
                  .put("rows", out);
            });
  }

  /** One statement in a read-only transaction that gives up after two seconds. */
  private Future<RowSet<Row>> readOnly(String sql) {
    return readOnly(sql, Tuple.tuple());
  }

  private Future<RowSet<Row>> readOnly(String sql, Tuple params) {
    return pool.withTransaction(
        conn ->
            conn.query("SET TRANSACTION READ ONLY")
                .execute()
                .compose(v -> conn.query("SET LOCAL statement_timeout = 2000").execute())
                .compose(v -> conn.preparedQuery(sql).execute(params)));
  }

  private Future<JsonObject> keys(String pattern) {
    return redis
        .scan(List.of("0", "MATCH", pattern, "COUNT", "1000"))
        .compose(
            page -> {
              List<String> names = new ArrayList<>();
              for (Response k : page.get(1)) {
                if (names.size() < MAX_KEYS) {
                  names.add(k.toString());
                }
              }
              // One key after another: asked all at once, a hundred keys' three requests each
              // overflowed the Redis client's wait queue (64) and the view answered 500.
              JsonArray out = new JsonArray();
              Future<Void> chain = Future.succeededFuture();
              for (String name : names) {
                chain = chain.compose(v -> describe(name).map(out::add).mapEmpty());
              }
              return chain.map(
                  v ->
                      new JsonObject()
                          .put("pattern", pattern)
                          .put("keys", out)
                          .put("more", !"0".equals(page.get(0).toString())));
            });
  }

  private Future<JsonObject> describe(String key) {
    Future<Response> type = redis.type(key);
    Future<Response> ttl = redis.ttl(key);
    boolean secret = SECRET_KEYS.stream().anyMatch(key::startsWith);
    return Future.all(type, ttl)
        .compose(
            v -> {
              String kind = type.result().toString();
              JsonObject out =
                  new JsonObject()
                      .put("key", key)
                      .put("type", kind)
                      .put("ttlSeconds", ttl.result().toLong());
              if (secret) {
                return Future.succeededFuture(out.put("preview", "(hidden)"));
              }
              if (!"string".equals(kind)) {
                return Future.succeededFuture(out);
              }
              return redis
                  .getrange(key, "0", String.valueOf(PREVIEW_CHARS - 1))
                  .map(
                      value ->
                          out.put(
                              "preview",
                              value == null || value.type() != ResponseType.BULK
                                  ? null
                                  : value.toString()));
            });
  }

  /** A connection string without its password (the start's log has the full one). */
  static String withoutPassword(String uri) {
    URI u = URI.create(uri);
    String user = u.getUserInfo() == null ? null : u.getUserInfo().split(":", 2)[0];
    return u.getScheme()
        + "://"
        + (user == null ? "" : user + "@")
        + u.getHost()
        + ":"
        + u.getPort()
        + (u.getPath() == null ? "" : u.getPath());
  }
}
