package io.wayfarer.server;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.wayfarer.player.PlayerVerticle;
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
import java.util.UUID;
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

  /** Deployment ids by verticle name, in the order they were deployed. */
  private final Map<String, String> deployments =
      Collections.synchronizedMap(new LinkedHashMap<>());

  private volatile boolean closed;

  private Wayfarer(Vertx vertx, Infrastructure infra, JsonObject config) {
    this.vertx = vertx;
    this.infra = infra;
    this.config = config;
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

  /** Starts a process with a configuration already loaded; blocking. */
  public static Wayfarer start(LaunchOptions options, JsonObject config) {
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
      Wayfarer w = new Wayfarer(vertx, infra, deployed);
      if (metrics.getBoolean("enabled")) {
        vertx
            .deployVerticle(new ProcessMetrics(), new DeploymentOptions().setConfig(deployed))
            .await();
      }
      for (String name : options.only()) {
        w.deploy(name);
      }
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
    int instances = config.getJsonObject("instances").getInteger(name, 1);
    String id =
        vertx
            .deployVerticle(
                Verticles.ALL.get(name),
                new DeploymentOptions().setConfig(config).setInstances(instances))
            .await();
    deployments.put(name, id);
    LOG.info("Deployed {} x{} ({})", name, instances, id);
  }

  /** Undeploys one verticle by name while the rest carry on; blocking. */
  public void undeploy(String name) {
    String id = deployments.remove(name);
    if (id != null) {
      vertx.undeploy(id).await();
      LOG.info("Undeployed {}", name);
    }
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
