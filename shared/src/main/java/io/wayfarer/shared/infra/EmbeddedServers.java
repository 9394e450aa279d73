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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * The embedded default: a PostgreSQL in {@code <data.dir>/pg} and a Redis in {@code <data.dir>/redis}, each on
 * a free loopback port, both persistent across restarts. A server left behind by a killed run on the same
 * data directory is stopped first (see {@link DataDirLock} for why that is safe).
 */
public final class EmbeddedServers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServers.class);
  public static final String DATABASE = "wayfarer";

  private final DataDirLock lock;
  private final EmbeddedPostgres postgres;
  private final RedisServer redis;
  private final Endpoints endpoints;

  private EmbeddedServers(DataDirLock lock, EmbeddedPostgres postgres, RedisServer redis, Endpoints endpoints) {
    this.lock = lock;
    this.postgres = postgres;
    this.redis = redis;
    this.endpoints = endpoints;
  }

  /**
   * Starts both servers under {@code dataDir}. {@code durable} turns fsync and synchronous commit on, as a
   * game server needs; tests that throw their data away may turn it off.
   */
  public static EmbeddedServers start(Path dataDir, boolean durable) {
    Path dir = dataDir.toAbsolutePath().normalize();
    DataDirLock lock = DataDirLock.acquire(dir);
    EmbeddedPostgres pg = null;
    try {
      pg = startPostgres(dir, durable);
      RedisServer redis = startRedis(dir);
      int redisPort = redis.ports().get(0);
      Endpoints endpoints = new Endpoints(
          "postgresql://postgres@127.0.0.1:" + pg.getPort() + "/" + DATABASE,
          "redis://127.0.0.1:" + redisPort);
      return new EmbeddedServers(lock, pg, redis, endpoints);
    } catch (RuntimeException e) {
      closeQuietly(pg);
      lock.close();
      throw e;
    }
  }

  public Endpoints endpoints() {
    return endpoints;
  }

  private static EmbeddedPostgres startPostgres(Path dir, boolean durable) {
    Path pgData = dir.resolve("pg");
    StaleServers.stopIfRunning("embedded PostgreSQL", pgData.resolve("postmaster.pid"), "postgres");
    boolean firstStart = !Files.exists(pgData.resolve("PG_VERSION"));
    LOG.info(firstStart
        ? "Starting embedded PostgreSQL in {} for the first time: unpacking PostgreSQL and running initdb (can take 10-30 s)"
        : "Starting embedded PostgreSQL in {}", pgData);
    long t0 = System.nanoTime();
    try {
      Files.createDirectories(dir.resolve("pg-runtime"));
      String onOff = durable ? "on" : "off";
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setDataDirectory(pgData)
          .setCleanDataDirectory(false)
          .setOverrideWorkingDirectory(dir.resolve("pg-runtime").toFile())
          .setRegisterShutdownHook(false)
          .setPort(freePort())
          .setPGStartupWait(Duration.ofSeconds(60))
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("fsync", onOff)
          .setServerConfig("synchronous_commit", onOff)
          .setServerConfig("full_page_writes", onOff)
          .setServerConfig("max_connections", "200")
          .start();
      ensureDatabase(pg);
      LOG.info("Embedded PostgreSQL ready on 127.0.0.1:{} in {} ms", pg.getPort(), (System.nanoTime() - t0) / 1_000_000);
      return pg;
    } catch (IOException | SQLException | RuntimeException e) {
      throw new ConfigException("embedded PostgreSQL could not start in " + pgData + ": " + e.getMessage()
          + " (set pg.uri / WAYFARER_PG_URI to use a running PostgreSQL instead)", e);
    }
  }

  private static void ensureDatabase(EmbeddedPostgres pg) throws SQLException {
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (rs.next()) {
          return;
        }
      }
      st.execute("CREATE DATABASE " + DATABASE);
    }
  }

  private static RedisServer startRedis(Path dir) {
    Path redisDir = dir.resolve("redis");
    Path pidFile = redisDir.resolve("redis.pid");
    StaleServers.stopIfRunning("embedded Redis", pidFile, "redis-server");
    try {
      Files.createDirectories(redisDir);
      int port = freePort();
      RedisServer redis = RedisServer.newRedisServer()
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
      throw new ConfigException("embedded Redis could not start in " + redisDir + ": " + e.getMessage()
          + " (set redis.uri / WAYFARER_REDIS_URI to use a running Redis instead)", e);
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
