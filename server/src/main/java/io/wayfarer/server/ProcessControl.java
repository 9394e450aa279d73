package io.wayfarer.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.Replies;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.ops.OpsContract;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a process tells about itself and the orders it takes (ARCHITECTURE.md, "Operating"): each
 * process puts its entry in {@link OpsContract#PROCESSES_MAP} every few seconds and answers its own
 * status and redeploy addresses; any process answers {@link OpsContract#VERTICLES} (asking every
 * process) and {@link OpsContract#REDEPLOY} (passing it to the process that runs the verticle).
 *
 * <p>A process that stops marks its entry stopped; one that dies leaves it, no longer renewed.
 * Either is reported down (so {@code /health} is 503: what it served is missing) until a process
 * runs its verticles again, which then takes the gone one's entry out.
 */
final class ProcessControl extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessControl.class);

  /** How often a process renews its entry. */
  static final long BEAT_MILLIS = 2000;

  /** An entry not renewed for this long belongs to a process that is gone. */
  static final long GONE_AFTER_MILLIS = 10_000;

  /** How long a process's own status may take (its PostgreSQL and Redis checks included). */
  private static final long STATUS_TIMEOUT_MILLIS = 1500;

  private final Wayfarer wayfarer;
  private final String processId = UUID.randomUUID().toString();
  private final long started = System.currentTimeMillis();
  private Replies replies;
  private Pool pool;
  private RedisAPI redis;
  private AsyncMap<String, JsonObject> processes;
  private long beat = -1;

  ProcessControl(Wayfarer wayfarer) {
    this.wayfarer = wayfarer;
  }

  @Override
  public Future<?> start() {
    replies = new Replies(vertx, "process control", config());
    JsonObject small = config().copy();
    small.getJsonObject("pg").put("poolSize", 1);
    pool = Clients.pgPool(vertx, small);
    redis = Clients.redis(vertx, config());
    OpsContract.status(processId).serve(replies, e -> status());
    // A redeploy waits for the old one to drain and the new one to start: longer than a query.
    OpsContract.redeployIn(processId)
        .serveWaiting(
            replies,
            r -> wayfarer.redeploy(r.verticle()).map(Document::new),
            OpsContract.REDEPLOY_TIMEOUT_MILLIS);
    OpsContract.VERTICLES.serve(replies, e -> verticles());
    OpsContract.REDEPLOY.serveWaiting(
        replies, this::redeploy, OpsContract.REDEPLOY_TIMEOUT_MILLIS + 20_000);
    return replies
        .ready()
        .compose(v -> vertx.sharedData().<String, JsonObject>getAsyncMap(OpsContract.PROCESSES_MAP))
        .compose(
            map -> {
              processes = map;
              beat = vertx.setPeriodic(BEAT_MILLIS, id -> renew());
              return renew();
            });
  }

  /** This process's entry: who it is and what it runs, with the time it was written. */
  private JsonObject entry() {
    JsonArray names = new JsonArray();
    wayfarer.deployed().forEach(d -> names.add(d.name()));
    return new JsonObject()
        .put("process", processId)
        .put("name", ManagementFactory.getRuntimeMXBean().getName())
        .put("started", Instant.ofEpochMilli(started).toString())
        .put("verticles", names)
        .put("seenAt", System.currentTimeMillis());
  }

  private Future<Void> renew() {
    return processes
        .put(processId, entry())
        .onFailure(err -> LOG.warn("This process's entry was not renewed: {}", err.getMessage()));
  }

  /**
   * Each verticle here (up while its deployment lives), and this process's PostgreSQL and Redis.
   */
  private Future<Document> status() {
    Set<String> live = vertx.deploymentIDs();
    JsonArray verticles = new JsonArray();
    boolean allUp = true;
    for (Wayfarer.Deployed d : wayfarer.deployed()) {
      boolean up = live.contains(d.id());
      allUp &= up;
      verticles.add(
          new JsonObject()
              .put("name", d.name())
              .put("instances", d.instances())
              .put("deployment", d.id())
              .put("since", Instant.ofEpochMilli(d.since()).toString())
              .put("redeploys", d.redeploys())
              .put("replacing", wayfarer.isReplacing(d.name()))
              .put("up", up));
    }
    boolean verticlesUp = allUp;
    Future<JsonObject> pg = check(pool.query("SELECT 1").execute().mapEmpty());
    Future<JsonObject> cache = check(redis.ping(List.of()).mapEmpty());
    return Future.join(pg, cache)
        .transform(
            ar ->
                Future.succeededFuture(
                    new Document(
                        entry()
                            .put("verticles", verticles)
                            .put("postgres", pg.result())
                            .put("redis", cache.result())
                            .put(
                                "up",
                                verticlesUp
                                    && pg.result().getBoolean("up")
                                    && cache.result().getBoolean("up")))));
  }

  private static Future<JsonObject> check(Future<Void> probe) {
    return probe
        .map(v -> new JsonObject().put("up", true))
        .otherwise(
            err ->
                new JsonObject().put("up", false).put("reason", String.valueOf(err.getMessage())));
  }

  /**
   * Every process's status; a process that stopped, whose entry is stale or that does not answer is
   * down. A gone process's entry whose verticles all run elsewhere now (its process was restarted)
   * is taken out.
   */
  private Future<Document> verticles() {
    return processes
        .entries()
        .compose(
            entries -> {
              long now = System.currentTimeMillis();
              List<Future<JsonObject>> asked = new ArrayList<>();
              for (Map.Entry<String, JsonObject> e : entries.entrySet()) {
                JsonObject entry = e.getValue();
                boolean stopped = entry.getBoolean("stopped", false);
                if (stopped || now - entry.getLong("seenAt", 0L) > GONE_AFTER_MILLIS) {
                  asked.add(
                      Future.succeededFuture(
                          entry
                              .copy()
                              .put("up", false)
                              .put("gone", true)
                              .put(
                                  "reason",
                                  (stopped ? "stopped at " : "not heard from since ")
                                      + Instant.ofEpochMilli(entry.getLong("seenAt", 0L)))));
                  continue;
                }
                asked.add(
                    OpsContract.status(e.getKey())
                        .request(vertx, Empty.INSTANCE, STATUS_TIMEOUT_MILLIS)
                        .map(Document::json)
                        .otherwise(
                            err ->
                                entry
                                    .copy()
                                    .put("up", false)
                                    .put("reason", "does not answer: " + err.getMessage())));
              }
              return Future.join(asked).transform(ar -> Future.succeededFuture(report(asked)));
            });
  }

  private Document report(List<Future<JsonObject>> asked) {
    Set<String> running = new LinkedHashSet<>();
    List<JsonObject> all = new ArrayList<>();
    for (Future<JsonObject> f : asked) {
      JsonObject p = f.result();
      all.add(p);
      if (p.getBoolean("up", false)) {
        p.getJsonArray("verticles")
            .forEach(
                v -> {
                  if (v instanceof JsonObject o && o.getBoolean("up", false)) {
                    running.add(o.getString("name"));
                  }
                });
      }
    }
    JsonArray list = new JsonArray();
    Set<String> down = new LinkedHashSet<>();
    for (JsonObject p : all) {
      if (!p.getBoolean("up", false) && p.getValue("seenAt") != null) {
        Set<String> its = new LinkedHashSet<>();
        p.getJsonArray("verticles")
            .forEach(
                v -> its.add(v instanceof JsonObject o ? o.getString("name") : String.valueOf(v)));
        if (p.getBoolean("gone", false) && running.containsAll(its)) {
          // Restarted elsewhere: the dead process's entry has nothing left to tell.
          processes
              .remove(p.getString("process"))
              .onFailure(err -> LOG.warn("A gone process's entry stays: {}", err.getMessage()));
          continue;
        }
        its.stream().filter(n -> !running.contains(n)).forEach(down::add);
      }
      list.add(p);
    }
    boolean healthy =
        list.stream().allMatch(p -> p instanceof JsonObject o && o.getBoolean("up", false));
    return new Document(
        new JsonObject()
            .put("processes", list)
            .put("down", new JsonArray(List.copyOf(down)))
            .put("healthy", healthy));
  }

  /** Passes the order to the process that runs the verticle (this one, if it does). */
  private Future<Document> redeploy(OpsContract.Redeploy order) {
    if (!Verticles.ALL.containsKey(order.verticle())) {
      return Refusal.fail(
          Failures.NOT_FOUND,
          "no verticle is called "
              + order.verticle()
              + "; there are "
              + String.join(", ", Verticles.ALL.keySet()));
    }
    if (wayfarer.deployed().stream().anyMatch(d -> d.name().equals(order.verticle()))) {
      return wayfarer
          .redeploy(order.verticle())
          .map(r -> new Document(r.put("process", processId)));
    }
    return processes
        .entries()
        .compose(
            entries -> {
              long now = System.currentTimeMillis();
              for (Map.Entry<String, JsonObject> e : entries.entrySet()) {
                JsonObject entry = e.getValue();
                if (!entry.getBoolean("stopped", false)
                    && now - entry.getLong("seenAt", 0L) <= GONE_AFTER_MILLIS
                    && entry.getJsonArray("verticles").contains(order.verticle())) {
                  return OpsContract.redeployIn(e.getKey())
                      .request(vertx, order, OpsContract.REDEPLOY_TIMEOUT_MILLIS)
                      .map(d -> new Document(d.json().put("process", e.getKey())));
                }
              }
              return Refusal.<Document>fail(
                  Failures.NOT_FOUND, "no running process runs " + order.verticle());
            });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(beat);
    Future<?> out =
        processes == null
            ? Future.succeededFuture()
            : processes
                .put(processId, entry().put("stopped", true))
                .onFailure(
                    err ->
                        LOG.warn(
                            "This process's entry was not marked stopped: {}", err.getMessage()));
    return out.eventually(replies::stop)
        .eventually(pool::close)
        .eventually(
            () -> {
              redis.close();
              return Future.succeededFuture();
            });
  }
}
