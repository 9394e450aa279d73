package io.wayfarer.shared.test;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.wayfarer.shared.config.WayfarerConfig;
import io.wayfarer.shared.infra.EmbeddedServers;
import io.wayfarer.shared.infra.Endpoints;
import io.wayfarer.shared.infra.Migrations;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.world.World;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Real PostgreSQL and Redis for tests: the servers named by {@code WAYFARER_PG_URI} / {@code
 * WAYFARER_REDIS_URI} when set, otherwise one embedded pair per test JVM under the build's {@code
 * target/test-infra}. Each test class asks for {@link #config} and gets a database of its own
 * (migrated) and a Redis database index of its own, so classes don't see each other's state.
 */
public final class TestInfra {
  private static final AtomicInteger REDIS_DB = new AtomicInteger();
  private static Endpoints shared;

  private TestInfra() {}

  /** The repository root, where {@code conf/} and {@code webroot/} live. */
  public static Path root() {
    return Path.of(System.getProperty("wayfarer.root", "..")).toAbsolutePath().normalize();
  }

  public static synchronized Endpoints endpoints() {
    if (shared == null) {
      String pg = System.getenv("WAYFARER_PG_URI");
      String redis = System.getenv("WAYFARER_REDIS_URI");
      if (pg != null && !pg.isBlank() && redis != null && !redis.isBlank()) {
        shared = new Endpoints(pg, redis);
      } else {
        Path dir = root().resolve("target/test-infra");
        EmbeddedServers servers = EmbeddedServers.start(dir, false);
        Runtime.getRuntime().addShutdownHook(new Thread(servers::close, "test-infra-stop"));
        shared =
            new Endpoints(
                pg != null && !pg.isBlank() ? pg : servers.endpoints().pgUri(),
                redis != null && !redis.isBlank() ? redis : servers.endpoints().redisUri());
      }
    }
    return shared;
  }

  /** A new, migrated database on the test PostgreSQL; returns its URI. */
  public static String freshDatabase() {
    String uri = emptyDatabase();
    Migrations.apply(uri);
    return uri;
  }

  /**
   * A new database with no schema at all, for tests of the migrations themselves; returns its URI.
   */
  public static String emptyDatabase() {
    PgConnectOptions base = PgConnectOptions.fromUri(endpoints().pgUri());
    String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String jdbc =
        "jdbc:postgresql://" + base.getHost() + ":" + base.getPort() + "/" + base.getDatabase();
    try (Connection c = DriverManager.getConnection(jdbc, base.getUser(), base.getPassword());
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database: " + e.getMessage(), e);
    }
    return "postgresql://" + userInfo(base) + base.getHost() + ":" + base.getPort() + "/" + name;
  }

  /** A Redis URI with a database index of its own (1..15), cleared before use is up to the test. */
  public static String redisUri() {
    String uri = endpoints().redisUri().replaceAll("/\\d+$", "");
    return uri + "/" + (1 + REDIS_DB.getAndIncrement() % 15);
  }

  /**
   * The defaults of {@code conf/wayfarer.json} with a fresh database, a Redis index, file paths
   * made absolute, a free HTTP port, and then {@code overrides} merged on top (checked like any
   * configuration).
   */
  public static JsonObject config(JsonObject overrides) {
    JsonObject defaults = readJson(root().resolve(WayfarerConfig.DEFAULTS));
    JsonObject base =
        WayfarerConfig.resolve(
            defaults,
            new JsonObject()
                .put("pg", new JsonObject().put("uri", freshDatabase()))
                .put("redis", new JsonObject().put("uri", redisUri()))
                .put(
                    "http",
                    new JsonObject()
                        .put("port", freePort())
                        .put("webroot", root().resolve("webroot").toString()))
                .put("world", worldFiles())
                // Tests raise the events they need; chance would make them flaky.
                .put("events", new JsonObject().put("randomEvents", false))
                // World scripts only where a test runs them: the JavaScript engine costs a start
                // a second or two.
                .put(
                    "scripts",
                    new JsonObject()
                        .put("dir", "")
                        .put("quests", root().resolve("conf/world/quests").toString())),
            Map.of());
    return WayfarerConfig.resolve(base, overrides, Map.of());
  }

  /** The {@code world} section: every world file, by its absolute path. */
  public static JsonObject worldFiles() {
    JsonObject files = new JsonObject();
    for (String file : World.FILES) {
      files.put(file, root().resolve("conf/world/" + file + ".json").toString());
    }
    return files;
  }

  /** The shipped world, read and checked as a verticle reads it. */
  public static World world() {
    return World.read(root().resolve("conf/world"));
  }

  public static JsonObject config() {
    return config(new JsonObject());
  }

  /**
   * {@link #config(JsonObject)} for a test whose subject is not how long PostgreSQL may keep a
   * request waiting: it fires bursts far beyond a pool's size to check what concurrency does to the
   * ledger and the markets, and on a busy machine the production bound (1 s for a connection) would
   * turn part of the burst into "unavailable" answers, as it should in a server. DatabaseOutageTest
   * is where that bound is tested.
   */
  public static JsonObject patientConfig(JsonObject overrides) {
    JsonObject patient =
        new JsonObject()
            .put(
                "pg",
                new JsonObject()
                    .put("acquireTimeoutMillis", 20_000)
                    .put("queryTimeoutMillis", 20_000))
            .put("http", new JsonObject().put("busTimeoutMillis", 45_000))
            .put("bus", new JsonObject().put("requestTimeoutMillis", 45_000));
    return config(patient.mergeIn(overrides, true));
  }

  public static JsonObject readJson(Path file) {
    try {
      return new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code n} distinct free ports: all held open together while chosen, so they cannot repeat. */
  public static int[] freePorts(int n) {
    ServerSocket[] held = new ServerSocket[n];
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        held[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ports[i] = held[i].getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket s : held) {
        try {
          if (s != null) {
            s.close();
          }
        } catch (IOException ignored) {
          // closing a probe socket
        }
      }
    }
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String userInfo(PgConnectOptions o) {
    if (o.getUser() == null) {
      return "";
    }
    return o.getUser()
        + (o.getPassword() == null || o.getPassword().isEmpty() ? "" : ":" + o.getPassword())
        + "@";
  }

  /**
   * A new account (a unique name from {@code name}) with a character named {@code name} of {@code
   * cls} in the start town, made over the bus by the real player verticle: its player id.
   */
  public static long newPlayer(Vertx vertx, String name, String cls) {
    String username = name.toLowerCase() + System.nanoTime() % 100_000;
    long id =
        PlayerContract.REGISTER
            .request(
                vertx,
                new PlayerContract.Register(username, "a long walk on the old road", "127.0.0.1"),
                30_000)
            .await()
            .json()
            .getLong("playerId");
    PlayerContract.CREATE_CHARACTER
        .request(vertx, new PlayerContract.NewCharacter(id, name, cls), 30_000)
        .await();
    return id;
  }

  /** The id of the candidate named {@code name} in the election a town hall's answer shows. */
  public static long candidate(JsonObject hall, String name) {
    return hall.getJsonObject("election").getJsonArray("candidates").stream()
        .map(JsonObject.class::cast)
        .filter(c -> c.getString("name").equals(name))
        .findFirst()
        .orElseThrow()
        .getLong("id");
  }

  /** The refusal {@code request} ends in; fails the test if it is answered instead. */
  public static ReplyException refused(Supplier<?> request) {
    try {
      request.get();
    } catch (ReplyException e) {
      return e;
    }
    throw new AssertionError("the request was not refused");
  }

  /**
   * Reads until {@code done} holds (up to two minutes: a loaded machine is slow, not wrong) and
   * returns what was read last; fails saying what it waited for and what it saw last.
   */
  public static <T> T eventually(Supplier<T> read, Predicate<T> done, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    T last = read.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting for " + what + "; last: " + last);
      }
      Thread.sleep(50);
      last = read.get();
    }
    return last;
  }
}
