package io.wayfarer.shared.infra;

import io.wayfarer.shared.config.ConfigException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * The embedded default: a PostgreSQL in {@code <data.dir>/pg} and a Redis in {@code
 * <data.dir>/redis}, each on a free loopback port, both persistent across restarts. A server left
 * behind by a killed run on the same data directory is stopped first (see {@link DataDirLock} for
 * why that is safe).
 *
 * <p>Both are supervised: if one dies (killed, crashed), it is started again on the same port and
 * data directory, as often as it takes, and the pools of every verticle reconnect to it by
 * themselves. The game answers "unavailable" meanwhile, never "failed".
 */
public final class EmbeddedServers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServers.class);
  public static final String DATABASE = "wayfarer";
  private static final long MAX_RESTART_WAIT_MILLIS = 10_000;

  private final DataDirLock lock;
  private final Path dir;
  private final boolean durable;
  private final int pgPort;
  private final int redisPort;
  private final Endpoints endpoints;
  private final ExecutorService supervisor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "embedded-servers-supervisor");
            t.setDaemon(true);
            return t;
          });
  private volatile EmbeddedPostgres postgres;
  private volatile RedisServer redis;
  private volatile boolean closing;

  private EmbeddedServers(
      DataDirLock lock, Path dir, boolean durable, EmbeddedPostgres postgres, RedisServer redis) {
    this.lock = lock;
    this.dir = dir;
    this.durable = durable;
    this.postgres = postgres;
    this.redis = redis;
    this.pgPort = postgres.getPort();
    this.redisPort = redis.ports().get(0);
    this.endpoints =
        new Endpoints(
            "postgresql://postgres@127.0.0.1:" + pgPort + "/" + DATABASE,
            "redis://127.0.0.1:" + redisPort);
  }

  /**
   * Starts both servers under {@code dataDir}. {@code durable} turns fsync and synchronous commit
   * on, as a game server needs; tests that throw their data away may turn it off.
   */
  public static EmbeddedServers start(Path dataDir, boolean durable) {
    return start(dataDir, durable, 0, 0);
  }

  /**
   * As {@link #start(Path, boolean)}, on fixed ports ({@code 0}: a free one at each start), so that
   * tools such as pgAdmin, DBeaver or RedisInsight keep one saved connection.
   */
  public static EmbeddedServers start(Path dataDir, boolean durable, int pgPort, int redisPort) {
    Path dir = dataDir.toAbsolutePath().normalize();
    DataDirLock lock = DataDirLock.acquire(dir);
    EmbeddedPostgres pg = null;
    try {
      pg = startPostgres(dir, durable, pgPort > 0 ? pgPort : freePort());
      RedisServer redis = startRedis(dir, redisPort > 0 ? redisPort : freePort());
      EmbeddedServers servers = new EmbeddedServers(lock, dir, durable, pg, redis);
      servers.watchPostgres();
      servers.watchRedis();
      return servers;
    } catch (IOException | RuntimeException e) {
      closeQuietly(pg);
      lock.close();
      throw e instanceof RuntimeException re
          ? re
          : new ConfigException("cannot start the embedded servers: " + e.getMessage(), e);
    }
  }

  private void watchPostgres() {
    StaleServers.running(dir.resolve("pg/postmaster.pid"))
        .ifPresentOrElse(
            p -> p.onExit().thenRunAsync(() -> restartPostgres(p.pid()), supervisor),
            () ->
                LOG.warn(
                    "Embedded PostgreSQL wrote no pid file; it will not be restarted if it dies"));
  }

  private void watchRedis() {
    StaleServers.running(dir.resolve("redis/redis.pid"))
        .ifPresentOrElse(
            p -> p.onExit().thenRunAsync(() -> restartRedis(p.pid()), supervisor),
            () ->
                LOG.warn("Embedded Redis wrote no pid file; it will not be restarted if it dies"));
  }

  private void restartPostgres(long pid) {
    if (closing || jvmStopping()) {
      return;
    }
    LOG.error(
        "Embedded PostgreSQL (pid {}) has stopped; starting it again on port {} with the same data",
        pid,
        pgPort);
    // Releases its hold on the data directory; it cannot stop a server that is gone, and may say
    // so.
    closeQuietly(postgres);
    long wait = 500;
    while (!closing) {
      try {
        postgres = startPostgres(dir, durable, pgPort);
        watchPostgres();
        LOG.warn("Embedded PostgreSQL is back on port {}", pgPort);
        return;
      } catch (RuntimeException e) {
        // The killed postmaster's backends may still be on their way out, holding its shared
        // memory.
        LOG.warn(
            "Embedded PostgreSQL did not start again yet ({}); trying again in {} ms",
            e.getMessage(),
            wait);
        sleep(wait);
        wait = Math.min(wait * 2, MAX_RESTART_WAIT_MILLIS);
      }
    }
  }

  private void restartRedis(long pid) {
    if (closing || jvmStopping()) {
      return;
    }
    LOG.error(
        "Embedded Redis (pid {}) has stopped; starting it again on port {} with the same data",
        pid,
        redisPort);
    try {
      redis.stop();
    } catch (IOException | RuntimeException e) {
      LOG.debug("The old Redis handle did not stop cleanly: {}", e.toString());
    }
    long wait = 500;
    while (!closing) {
      try {
        redis = startRedis(dir, redisPort);
        watchRedis();
        LOG.warn("Embedded Redis is back on port {}", redisPort);
        return;
      } catch (RuntimeException e) {
        LOG.warn(
            "Embedded Redis did not start again yet ({}); trying again in {} ms",
            e.getMessage(),
            wait);
        sleep(wait);
        wait = Math.min(wait * 2, MAX_RESTART_WAIT_MILLIS);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public Endpoints endpoints() {
    return endpoints;
  }

  private static EmbeddedPostgres startPostgres(Path dir, boolean durable, int port) {
    Path pgData = dir.resolve("pg");
    StaleServers.stopIfRunning("embedded PostgreSQL", pgData.resolve("postmaster.pid"), "postgres");
    boolean firstStart = !Files.exists(pgData.resolve("PG_VERSION"));
    LOG.info(
        firstStart
            ? "Starting embedded PostgreSQL in {} for the first time: unpacking PostgreSQL and running initdb (can take 10-30 s)"
            : "Starting embedded PostgreSQL in {}",
        pgData);
    long t0 = System.nanoTime();
    try {
      Files.createDirectories(dir.resolve("pg-runtime"));
      String onOff = durable ? "on" : "off";
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(pgData)
              .setCleanDataDirectory(false)
              .setOverrideWorkingDirectory(dir.resolve("pg-runtime").toFile())
              .setRegisterShutdownHook(false)
              .setPort(port)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("fsync", onOff)
              .setServerConfig("synchronous_commit", onOff)
              .setServerConfig("full_page_writes", onOff)
              .setServerConfig("max_connections", "200")
              .start();
      ensureDatabase(pg);
      LOG.info(
          "Embedded PostgreSQL ready on 127.0.0.1:{} in {} ms",
          pg.getPort(),
          (System.nanoTime() - t0) / 1_000_000);
      return pg;
    } catch (IOException | SQLException | RuntimeException e) {
      throw new ConfigException(
          "embedded PostgreSQL could not start in "
              + pgData
              + ": "
              + e.getMessage()
              + " (set pg.uri / WAYFARER_PG_URI to use a running PostgreSQL instead)",
          e);
    }
  }

  private static void ensureDatabase(EmbeddedPostgres pg) throws SQLException {
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (rs.next()) {
          return;
        }
      }
      st.execute("CREATE DATABASE " + DATABASE);
    }
  }

  private static RedisServer startRedis(Path dir, int port) {
    Path redisDir = dir.resolve("redis");
    Path pidFile = redisDir.resolve("redis.pid");
    StaleServers.stopIfRunning("embedded Redis", pidFile, "redis-server");
    try {
      Files.createDirectories(redisDir);
      RedisServer redis =
          RedisServer.newRedisServer()
              .port(port)
              .bind("127.0.0.1")
              .setting("dir " + redisDir)
              .setting("pidfile " + pidFile)
              .setting("appendonly yes")
              .setting("appendfsync everysec")
              .setting("daemonize no")
              .build();
      redis.start();
      LOG.info("Embedded Redis ready on 127.0.0.1:{} (data in {})", port, redisDir);
      return redis;
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(
          "embedded Redis could not start in "
              + redisDir
              + ": "
              + e.getMessage()
              + " (set redis.uri / WAYFARER_REDIS_URI to use a running Redis instead)",
          e);
    }
  }

  /**
   * Whether the JVM has begun to stop. The Redis library stops its server from a shutdown hook of
   * its own, which runs alongside ours in no set order: a server that goes away then is being
   * stopped, not dying, and starting it again would leave one running after the JVM is gone. Once
   * shutdown has begun no hook can be added, which is how to tell.
   */
  private static boolean jvmStopping() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException shutdownInProgress) {
      return true;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    closing = true;
    supervisor.shutdownNow();
    try {
      redis.stop();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Embedded Redis did not stop cleanly: {}", e.toString());
    }
    closeQuietly(postgres);
    lock.close();
    LOG.info("Embedded PostgreSQL and Redis stopped");
  }

  private static void closeQuietly(EmbeddedPostgres pg) {
    if (pg == null) {
      return;
    }
    try {
      pg.close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.toString());
    }
  }
}
