package io.wayfarer.server;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.wayfarer.player.PlayerVerticle;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.bus.Command;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.config.ConfigException;
import io.wayfarer.shared.config.WayfarerConfig;
import io.wayfarer.shared.infra.Infrastructure;
import io.wayfarer.shared.infra.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Wayfarer process: configuration loaded and checked, PostgreSQL and Redis ready
 * (embedded by default), a Vert.x instance (clustered or not) and the chosen verticles deployed.
 * {@link #close()} undeploys them (the clock saves its state) and then stops the embedded servers.
 */
public final class Wayfarer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Wayfarer.class);

  private final Vertx vertx;
  private final Infrastructure infra;
  private final JsonObject config;

  /**
   * One verticle as this process runs it: its deployment, the configuration it was given, since
   * when (epoch millis) and how often it was replaced.
   */
  record Deployed(
      String name, String id, int instances, JsonObject config, long since, int redeploys) {}

  /** The verticles by name, in the order they were deployed. */
  private final Map<String, Deployed> deployments =
      Collections.synchronizedMap(new LinkedHashMap<>());

  /** The verticles being replaced right now. */
  private final Set<String> replacing = ConcurrentHashMap.newKeySet();

  /** Reads the configuration again for a redeploy (blocking: run off the event loop). */
  private final Callable<JsonObject> reread;

  private volatile boolean closed;

  /** The deployment of this process's {@link ProcessControl}. */
  private volatile String control;

  private Wayfarer(
      Vertx vertx, Infrastructure infra, JsonObject config, Callable<JsonObject> reread) {
    this.vertx = vertx;
    this.infra = infra;
    this.config = config;
    this.reread = reread;
  }

  /** Loads configuration as the command line and environment say; blocking. */
  public static JsonObject loadConfig(LaunchOptions options, Map<String, String> env) {
    Vertx temp = Vertx.vertx();
    try {
      JsonObject config =
          WayfarerConfig.load(temp, options.conf(), env).await(30, TimeUnit.SECONDS);
      checkRanges(config);
      return config;
    } catch (TimeoutException e) {
      throw new ConfigException("reading configuration took too long");
    } finally {
      temp.close();
    }
  }

  /**
   * Starts a process with a configuration already loaded; blocking. A redeploy takes the same
   * configuration again.
   */
  public static Wayfarer start(LaunchOptions options, JsonObject config) {
    return start(options, config, () -> config);
  }

  /**
   * Starts a process with a configuration already loaded; blocking. {@code reread} gives the
   * configuration a redeployed verticle takes (Main reads the files and environment again).
   */
  public static Wayfarer start(
      LaunchOptions options, JsonObject config, Callable<JsonObject> reread) {
    long t0 = System.nanoTime();
    // Settings that only a verticle understands, checked before PostgreSQL is unpacked and started.
    if (options.only().contains("player")) {
      PlayerVerticle.checkSettings(config);
    }
    Infrastructure infra = Infrastructure.start(config);
    Vertx vertx = null;
    try {
      JsonObject deployed = infra.endpoints().applyTo(config);
      JsonObject metrics = deployed.getJsonObject("metrics");
      if (metrics.getBoolean("enabled")) {
        // Each process its own registry: several may share a JVM (the tests do).
        metrics.put(Metrics.REGISTRY, "wayfarer-" + UUID.randomUUID());
      }
      vertx = options.cluster() ? clustered(deployed) : Vertx.vertx(vertxOptions(deployed));
      Wayfarer w = new Wayfarer(vertx, infra, deployed, reread);
      if (metrics.getBoolean("enabled")) {
        vertx
            .deployVerticle(new ProcessMetrics(), new DeploymentOptions().setConfig(deployed))
            .await();
      }
      for (String name : options.only()) {
        w.deploy(name);
      }
      w.control =
          vertx
              .deployVerticle(new ProcessControl(w), new DeploymentOptions().setConfig(deployed))
              .await();
      LOG.info(
          "Wayfarer started in {} ms: {}{}{}{}",
          (System.nanoTime() - t0) / 1_000_000,
          String.join(", ", options.only()),
          options.cluster() ? ", clustered" : "",
          infra.isEmbedded() ? ", embedded PostgreSQL and Redis" : "",
          vertx.isNativeTransportEnabled() ? ", native transport" : ", NIO transport");
      return w;
    } catch (RuntimeException e) {
      if (vertx != null) {
        vertx.close().await();
      }
      infra.close();
      throw e instanceof ConfigException
          ? e
          : new ConfigException("start failed: " + e.getMessage(), e);
    }
  }

  /** Deploys one verticle by name; blocking. */
  public void deploy(String name) {
    Deployed d = deployAsync(name, config, 0).await();
    deployments.put(name, d);
  }

  private Future<Deployed> deployAsync(String name, JsonObject conf, int redeploys) {
    int instances = conf.getJsonObject("instances").getInteger(name, 1);
    DeploymentOptions options = new DeploymentOptions().setConfig(conf).setInstances(instances);
    if (Verticles.OWN_THREAD.contains(name)) {
      // Each hand-off from an event loop (a timer, a query's answer) then wakes the same warm
      // thread, not the next idle one of the shared pool's twenty.
      options
          .setThreadingModel(ThreadingModel.WORKER)
          .setWorkerPoolName("wayfarer-" + name)
          .setWorkerPoolSize(instances);
    }
    return vertx
        .deployVerticle(Verticles.ALL.get(name), options)
        .map(
            id -> {
              LOG.info("Deployed {} x{} ({})", name, instances, id);
              return new Deployed(name, id, instances, conf, System.currentTimeMillis(), redeploys);
            });
  }

  /** Undeploys one verticle by name while the rest carry on; blocking. */
  public void undeploy(String name) {
    Deployed d = deployments.remove(name);
    if (d != null) {
      vertx.undeploy(d.id()).await();
      LOG.info("Undeployed {}", name);
    }
  }

  /** The verticles this process runs now. */
  List<Deployed> deployed() {
    synchronized (deployments) {
      return List.copyOf(deployments.values());
    }
  }

  boolean isReplacing(String name) {
    return replacing.contains(name);
  }

  /**
   * Replaces one verticle with its configuration read again, while the others and the players'
   * sockets carry on. Where two may run at once the new one is deployed first and the old one
   * stopped after (no gap); a verticle of which the world has one ({@link Verticles#ONE_PER_WORLD})
   * is stopped first (it saves its state, releases its lock, finishes what is in flight) and the
   * new one started from that state; the requests that come in the gap wait at their senders
   * ({@link io.wayfarer.shared.bus.Command#GAP_WAIT_MILLIS}). If the new one cannot start, the old
   * one keeps running (or, for one of a kind, starts again with its old configuration).
   */
  Future<JsonObject> redeploy(String name) {
    Deployed old = deployments.get(name);
    if (old == null) {
      return Refusal.fail(Failures.NOT_FOUND, name + " does not run in this process");
    }
    if (name.equals("gateway")) {
      return Refusal.fail(
          Failures.CONFLICT,
          "the gateway holds the players' sockets and cannot be replaced under them: restart its process (the cluster's other gateways carry on)");
    }
    if (!replacing.add(name)) {
      return Refusal.fail(Failures.CONFLICT, name + " is being replaced already");
    }
    long t0 = System.nanoTime();
    LOG.info("Replacing {} ({})", name, old.id());
    Future<JsonObject> fresh =
        vertx.executeBlocking(
            () -> {
              JsonObject c = reread.call();
              checkRanges(c);
              return prepared(c);
            },
            false);
    return fresh
        .recover(
            err ->
                Refusal.fail(
                    Failures.BAD_REQUEST,
                    "the configuration cannot be read, so "
                        + name
                        + " was left as it was: "
                        + err.getMessage()))
        .compose(
            conf ->
                Verticles.ONE_PER_WORLD.contains(name)
                    ? stopThenStart(old, conf)
                    : startThenStop(old, conf))
        .map(
            gap ->
                new JsonObject()
                    .put("verticle", name)
                    .put("deployment", deployments.get(name).id())
                    .put("replaced", old.id())
                    .put("gapMillis", gap)
                    .put("tookMillis", (System.nanoTime() - t0) / 1_000_000))
        .onComplete(
            ar -> {
              replacing.remove(name);
              if (ar.succeeded()) {
                LOG.info("Replaced {}: {}", name, ar.result().encode());
              } else {
                LOG.warn("Replacing {} failed: {}", name, ar.cause().getMessage());
              }
            });
  }

  /** Two at once: the new one ready first, then the old one drained and stopped. No gap. */
  private Future<Long> startThenStop(Deployed old, JsonObject conf) {
    return deployAsync(old.name(), conf, old.redeploys() + 1)
        .compose(
            fresh -> {
              deployments.put(old.name(), fresh);
              return vertx.undeploy(old.id()).map(0L);
            });
  }

  /**
   * One of a kind: the old one stopped first (its state saved), then the new one started from it;
   * the clock's pace set by an admin is handed over unless the configuration changed it.
   */
  private Future<Long> stopThenStart(Deployed old, JsonObject conf) {
    Future<Double> pace =
        old.name().equals("clock")
            ? ClockContract.TIME
                .request(vertx, Empty.INSTANCE, Command.GAP_WAIT_MILLIS)
                .map(WorldTime::secondsPerGameHour)
                .otherwise(
                    err -> {
                      LOG.warn(
                          "The clock's pace was not read before its replacement: {}",
                          err.getMessage());
                      return null;
                    })
            : Future.succeededFuture(null);
    return pace.compose(
        live -> {
          long gapStart = System.nanoTime();
          return vertx
              .undeploy(old.id())
              .compose(v -> deployAsync(old.name(), conf, old.redeploys() + 1))
              .recover(
                  err -> {
                    LOG.error(
                        "The new {} did not start ({}); starting it again as it was",
                        old.name(),
                        err.getMessage());
                    return deployAsync(old.name(), old.config(), old.redeploys())
                        .compose(
                            again -> {
                              deployments.put(old.name(), again);
                              return Refusal.<Deployed>fail(
                                  Failures.CONFLICT,
                                  "the new "
                                      + old.name()
                                      + " did not start, so it runs as it was: "
                                      + err.getMessage());
                            });
                  })
              .compose(
                  fresh -> {
                    deployments.put(old.name(), fresh);
                    long gap = (System.nanoTime() - gapStart) / 1_000_000;
                    return handOverPace(old, conf, live).map(gap);
                  });
        });
  }

  private Future<Void> handOverPace(Deployed old, JsonObject conf, Double live) {
    if (live == null) {
      return Future.succeededFuture();
    }
    double before = old.config().getJsonObject("clock").getDouble("secondsPerGameHour");
    double now = conf.getJsonObject("clock").getDouble("secondsPerGameHour");
    if (before != now || live == now) {
      return Future.succeededFuture();
    }
    return ClockContract.SCALE
        .request(vertx, new ClockContract.Scale(live), Command.GAP_WAIT_MILLIS)
        .mapEmpty();
  }

  /** A configuration as this process uses it: its own PostgreSQL, Redis and metrics registry. */
  private JsonObject prepared(JsonObject raw) {
    JsonObject c = infra.endpoints().applyTo(raw);
    String registry = config.getJsonObject("metrics").getString(Metrics.REGISTRY);
    if (registry != null) {
      c.getJsonObject("metrics").put(Metrics.REGISTRY, registry);
    }
    return c;
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * The configuration the verticles were deployed with (with the real PostgreSQL and Redis URIs).
   */
  public JsonObject config() {
    return config;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info("Stopping Wayfarer");
    // The reverse of the start: the gateway stops taking requests first, and each verticle finishes
    // what it has in
    // flight while those it talks to (the player verticle keeping a market's receipts, the clock)
    // are still there.
    // First the process says it is stopping, with what it runs: /health is 503 until they are back.
    if (control != null) {
      try {
        vertx.undeploy(control).await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("The process's control did not stop cleanly: {}", e.toString());
      }
    }
    List<String> names;
    synchronized (deployments) {
      names = new ArrayList<>(deployments.keySet());
    }
    Collections.reverse(names);
    for (String name : names) {
      try {
        undeploy(name);
      } catch (RuntimeException e) {
        LOG.warn("{} did not stop cleanly: {}", name, e.toString());
      }
    }
    try {
      vertx.close().await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Vert.x did not stop cleanly: {}", e.toString());
    }
    infra.close();
    LOG.info("Wayfarer stopped");
  }

  private static VertxOptions vertxOptions(JsonObject config) {
    VertxOptions options = new VertxOptions().setPreferNativeTransport(true);
    String registry = config.getJsonObject("metrics").getString(Metrics.REGISTRY);
    return registry == null ? options : options.setMetricsOptions(Metrics.options(registry));
  }

  private static Vertx clustered(JsonObject config) {
    JsonObject c = config.getJsonObject("cluster");
    Config hz = hazelcastConfig(c.getString("config"));
    hz.setClusterName(c.getString("name"));
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    if (c.getInteger("port") > 0) {
      hz.getNetworkConfig().setPort(c.getInteger("port")).setPortAutoIncrement(false);
    }
    List<String> members = new ArrayList<>();
    c.getJsonArray("members").forEach(m -> members.add(String.valueOf(m)));
    if (!members.isEmpty()) {
      hz.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).setMembers(members);
    }
    hz.getNetworkConfig()
        .getInterfaces()
        .setEnabled(true)
        .setInterfaces(List.of(c.getString("host")));
    VertxOptions options =
        vertxOptions(config)
            .setEventBusOptions(
                new EventBusOptions()
                    .setHost(c.getString("host"))
                    .setClusterPublicHost(c.getString("host"))
                    .setPort(0));
    LOG.info(
        "Joining cluster '{}' on {} (members {})",
        hz.getClusterName(),
        c.getString("host"),
        hz.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
    return Vertx.builder()
        .with(options)
        .withClusterManager(new HazelcastClusterManager(hz))
        .buildClustered()
        .await();
  }

  /** The cluster file from disk when it is there, else the copy in the jar. */
  private static Config hazelcastConfig(String file) {
    try {
      Path path = Path.of(file);
      if (Files.isRegularFile(path)) {
        try (InputStream in = Files.newInputStream(path)) {
          return new XmlConfigBuilder(in).build();
        }
      }
      try (InputStream in = Wayfarer.class.getClassLoader().getResourceAsStream(file)) {
        if (in == null) {
          throw new ConfigException(
              "configuration key cluster.config: no file " + file + " on disk or in the jar");
        }
        return new XmlConfigBuilder(in).build();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ConfigException ce) {
        throw ce;
      }
      throw new ConfigException(
          "configuration key cluster.config: cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Every key's type and range, from {@code conf/wayfarer.schema.json}, then the rules between
   * keys; each message names its key.
   */
  static void checkRanges(JsonObject config) {
    WayfarerConfig.check(config, WayfarerConfig.schema());
    JsonObject http = config.getJsonObject("http");
    int acquire = config.getJsonObject("pg").getInteger("acquireTimeoutMillis");
    int query = config.getJsonObject("pg").getInteger("queryTimeoutMillis");
    long loginDelay = config.getJsonObject("player").getLong("loginDelayMaxMillis");
    long bus = http.getLong("busTimeoutMillis");
    // Every verticle answers within acquire + query (a login also within its longest wait); the
    // gateway must wait
    // longer than that, or it would answer "unknown" for what the owner is about to answer exactly.
    long longest = acquire + query + loginDelay + 500;
    WayfarerConfig.require(
        bus >= longest && bus <= 120_000,
        "http.busTimeoutMillis",
        "must be at least pg.acquireTimeoutMillis + pg.queryTimeoutMillis + player.loginDelayMaxMillis + 500 ("
            + longest
            + ") and at most 120000, not "
            + bus);
    // Between verticles the same holds: an owner answers within acquire + query, so its callers
    // wait longer.
    long between = config.getJsonObject("bus").getLong("requestTimeoutMillis");
    WayfarerConfig.require(
        between >= acquire + query + 500,
        "bus.requestTimeoutMillis",
        "must be at least pg.acquireTimeoutMillis + pg.queryTimeoutMillis + 500 ("
            + (acquire + query + 500)
            + "), not "
            + between);
    int online = config.getJsonObject("social").getInteger("onlineMinutes");
    WayfarerConfig.require(
        online <= config.getJsonObject("player").getInteger("sessionIdleMinutes"),
        "social.onlineMinutes",
        "must be at most player.sessionIdleMinutes, not " + online);
    int touch = config.getJsonObject("bridge").getInteger("touchSeconds");
    WayfarerConfig.require(
        touch < online * 60,
        "bridge.touchSeconds",
        "must be under social.onlineMinutes (an open page must touch its session before it counts as gone), not "
            + touch);
    JsonObject instances = config.getJsonObject("instances");
    // Two clocks would both tick: the world has one time.
    WayfarerConfig.require(instances.getInteger("clock") == 1, "instances.clock", "must be 1");
  }
}
