package io.wayfarer.server.simulation;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.wayfarer.server.LaunchOptions;
import io.wayfarer.server.Verticles;
import io.wayfarer.server.Wayfarer;
import io.wayfarer.shared.Seeded;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.world.Calendar;
import io.wayfarer.shared.world.World;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole world run unattended: every verticle but the gateway on a fresh embedded data directory,
 * a stepped clock (the next minute comes when every job is done with the last, not by wall time),
 * scripted players, and every seed derived from one. At the end, the ledger's digest and a report.
 */
public final class Simulation {
  private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);

  /** What a run ends with. */
  public record Result(String digest, JsonObject report, Path dir) {}

  private Simulation() {}

  /**
   * The configuration of a run: {@code base} (conf/wayfarer.json and -conf) with a fresh embedded
   * data directory, a stepped clock that pauses after the days asked, and the seeds.
   */
  public static JsonObject configure(JsonObject base, SimulationOptions o, Path dataDir) {
    JsonObject c = base.copy();
    c.getJsonObject("data").put("dir", dataDir.toString()).put("pgPort", 0).put("redisPort", 0);
    c.getJsonObject("pg").put("uri", "");
    c.getJsonObject("redis").put("uri", "");
    c.getJsonObject("clock")
        .put("stepped", true)
        .put("steppedMinutes", o.days() * (long) Calendar.MINUTES_PER_DAY)
        .put(
            "steppedAlsoWaitsFor",
            o.players() > 0
                ? new JsonArray().add(ClockContract.Jobs.SCRIPTED_PLAYERS)
                : new JsonArray())
        .put("weatherSeed", derive(o.seed(), 1));
    c.getJsonObject("player")
        .put("diceSeed", derive(o.seed(), 2))
        .put("registrationsPerAddressPerHour", 10_000);
    c.getJsonObject("scripts").put("seed", derive(o.seed(), 3));
    c.getJsonObject("world").put("seed", derive(o.seed(), 4));
    c.getJsonObject("events").put("randomEvents", true);
    c.getJsonObject("market").put("historyHours", Math.min(8760, Math.max(720, o.days() * 24)));
    c.getJsonObject("metrics").put("enabled", false);
    c.getJsonObject("toolBridge").put("enabled", false);
    c.getJsonObject("log").put("requests", false);
    return c;
  }

  /** One seed for each use, from the run's seed; never 0 (which means "unseeded" to the dice). */
  static long derive(long seed, int use) {
    long s = Seeded.random(seed, use).nextLong();
    return s == 0 ? use : s;
  }

  /** Runs a simulation to its end; blocking. */
  public static Result run(SimulationOptions o, JsonObject base) {
    // Beside the server's own data, never inside the report (which may be kept in docs/).
    Path dataDir =
        Path.of(base.getJsonObject("data").getString("dir")).resolve("simulation-seed-" + o.seed());
    wipe(dataDir);
    JsonObject config = configure(base, o, dataDir);
    List<String> verticles =
        Verticles.names().stream().filter(n -> !n.equals(Verticles.GATEWAY)).toList();
    Wayfarer world = Wayfarer.start(new LaunchOptions(verticles, false, null), config);
    // Ctrl-C or SIGTERM mid-run: the embedded servers stop too, as the server's own do.
    Thread stop = new Thread(world::close, "simulation-shutdown");
    Runtime.getRuntime().addShutdownHook(stop);
    Pool pool = null;
    try {
      ScriptedPlayers players = new ScriptedPlayers(o.players(), derive(o.seed(), 5));
      if (o.players() > 0) {
        world
            .vertx()
            .deployVerticle(players, new DeploymentOptions().setConfig(world.config()))
            .await();
      }
      long startedNanos = System.nanoTime();
      WorldTime end = waitForTheEnd(world, o);
      double seconds = (System.nanoTime() - startedNanos) / 1e9;
      ClockContract.Stepping stepping =
          ClockContract.STEPPING.request(world.vertx(), Empty.INSTANCE, 30_000).await();
      pool = Clients.pgPool(world.vertx(), world.config());
      World data = World.load(world.vertx(), world.config()).await();
      JsonObject report =
          WorldReport.collect(
              pool, data, world.config(), o, end.gameMinutes(), players, seconds, stepping);
      ReportPage.write(o.report(), report);
      return new Result(report.getString("digest"), report, o.report());
    } finally {
      if (pool != null) {
        pool.close().await();
      }
      world.close();
      Runtime.getRuntime().removeShutdownHook(stop);
    }
  }

  /** Asks the clock every quarter second until it paused itself, saying how far it got. */
  private static WorldTime waitForTheEnd(Wayfarer world, SimulationOptions o) {
    long lastLog = System.nanoTime();
    Long from = null;
    while (true) {
      WorldTime t = ClockContract.TIME.request(world.vertx(), Empty.INSTANCE, 30_000).await();
      if (t.paused()) {
        return t;
      }
      from = from == null ? t.gameMinutes() : from;
      if (System.nanoTime() - lastLog > 10_000_000_000L) {
        lastLog = System.nanoTime();
        LOG.info(
            "Simulating: {} of {} game days",
            String.format("%.1f", (t.gameMinutes() - from) / (double) Calendar.MINUTES_PER_DAY),
            o.days());
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /** Deletes {@code dir} and everything in it, if it exists. */
  public static void wipe(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + dir, e);
    }
  }
}
