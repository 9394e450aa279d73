package io.wayfarer.server;

import io.vertx.core.json.JsonObject;
import io.wayfarer.server.simulation.Replay;
import io.wayfarer.server.simulation.ReplayOptions;
import io.wayfarer.server.simulation.Simulation;
import io.wayfarer.server.simulation.SimulationOptions;
import io.wayfarer.shared.config.ConfigException;
import io.wayfarer.shared.ledger.Ledger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar server/target/wayfarer.jar [--only ...] [--cluster] [-conf FILE]}. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.printf(LaunchOptions.USAGE, String.join(", ", Verticles.ALL.keySet()));
      return;
    }
    if (SimulationOptions.asked(args)) {
      simulate(args);
      return;
    }
    if (ReplayOptions.asked(args)) {
      replay(args);
      return;
    }
    LaunchOptions options;
    try {
      options = LaunchOptions.parse(args, Verticles.ALL.keySet());
    } catch (IllegalArgumentException e) {
      System.err.println("wayfarer: " + e.getMessage());
      System.err.printf(LaunchOptions.USAGE, String.join(", ", Verticles.ALL.keySet()));
      System.exit(2);
      return;
    }
    try {
      JsonObject config = Wayfarer.loadConfig(options, System.getenv());
      LOG.info(
          "Logging to {} as well",
          LogFiles.start(
              Path.of(config.getJsonObject("data").getString("dir")),
              "json".equals(config.getJsonObject("log").getString("format"))));
      // A redeployed verticle takes the files and environment as they are then.
      Wayfarer wayfarer =
          Wayfarer.start(options, config, () -> Wayfarer.loadConfig(options, System.getenv()));
      // SIGTERM and Ctrl-C: undeploy (the clock saves), then stop the embedded servers.
      Runtime.getRuntime().addShutdownHook(new Thread(wayfarer::close, "wayfarer-shutdown"));
    } catch (ConfigException e) {
      LOG.error("Wayfarer cannot start: {}", e.getMessage());
      System.exit(1);
    } catch (RuntimeException e) {
      LOG.error("Wayfarer cannot start", e);
      System.exit(1);
    }
  }

  /** {@code --replay-to MINUTE ...}: the ledger of a stopped world at a minute, and its digest. */
  private static void replay(String[] args) {
    ReplayOptions options;
    try {
      options = ReplayOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("wayfarer: " + e.getMessage());
      System.err.print(ReplayOptions.USAGE);
      System.exit(2);
      return;
    }
    try {
      JsonObject base =
          Wayfarer.loadConfig(new LaunchOptions(List.of(), false, options.conf()), System.getenv());
      Path data = Path.of(base.getJsonObject("data").getString("dir"));
      Path source =
          options.data() != null
              ? Path.of(options.data())
              : data.resolve("simulation-seed-" + options.seed());
      if (!Files.isDirectory(source)) {
        System.err.println("wayfarer: no world to replay in " + source);
        System.exit(2);
        return;
      }
      Path into =
          options.into() != null
              ? Path.of(options.into())
              : data.resolve("replay-" + options.minute());
      Replay.Result r = Replay.run(base, source, options.minute(), into, options.holder());
      System.out.printf(
          "The ledger of %s at game minute %d (%s and %d entries after it): digest %s%n",
          source,
          options.minute(),
          r.checkpoint() == null
              ? "from the beginning"
              : "the checkpoint at game minute " + r.checkpoint(),
          r.entries(),
          r.digest());
      if (options.holder() != null) {
        System.out.printf("%s held then: %s%n", options.holder(), r.holder());
        if (r.whereabouts() != null) {
          System.out.printf(
              "Its character was then %s, level %d with %d experience, %s hit points%n",
              r.whereabouts(),
              r.experience().level(),
              r.experience().xp(),
              r.hitPoints() == null
                  ? "unknown"
                  : r.hitPoints().hp() + " of " + r.hitPoints().maxHp());
          for (Replay.House h : r.houses()) {
            System.out.printf(
                "It owned %s in %s (since game minute %d, %s), which stored %s and shelved %s"
                    + " asking %s%n",
                h.plot(),
                h.town(),
                h.since(),
                h.cameBy().replace('_', ' '),
                h.stored(),
                h.shelf(),
                h.prices());
          }
          for (Replay.Key k : r.keys()) {
            System.out.printf("It held a key to %s (since game minute %d)%n", k.plot(), k.since());
          }
          System.out.printf(
              "Open then: offers %s, house sales %s, buy orders %s, held after a seizure %s%n",
              r.open().offers(), r.open().sales(), r.open().orders(), r.open().impounds());
          System.out.printf(
              "Quests under way then: %s%n",
              r.questsUnderWay().isEmpty()
                  ? "none"
                  : String.join(
                      ", ", r.questsUnderWay().stream().map(Replay.Quest::toString).toList()));
        } else if (Ledger.playerOf(options.holder()) >= 0) {
          System.out.println("It had no character then");
        }
        long player = Ledger.playerOf(options.holder());
        r.towns()
            .forEach(
                (town, t) -> {
                  if (player >= 0 && t.officeOf(player) != null) {
                    System.out.printf(
                        "It held an office then: %s of %s%n", t.officeOf(player), town);
                  }
                });
      }
      r.towns()
          .forEach(
              (town, t) ->
                  System.out.printf(
                      "%s then: %s%s%n",
                      town,
                      t.mayor() == null
                          ? "its steward kept the laws"
                          : "mayor " + t.mayor() + " (elected in election " + t.electedIn() + ")",
                      t.election() == null
                          ? ""
                          : "; election "
                              + t.election().getLong("id")
                              + " in its "
                              + t.election().getString("phase")
                              + " phase with "
                              + t.election().getJsonArray("candidates").size()
                              + " candidates and "
                              + t.election().getLong("ballots")
                              + " ballots"));
      System.out.printf(
          "Rebuilt into %s: the ledger, the houses' ownership (%d owned then), keys, shelf prices,"
              + " house sales, buy orders, offers between players, and the towns' elections,"
              + " candidates, ballots, decrees, votes, rates and recall petitions as they stood"
              + " then%n",
          r.dir().toAbsolutePath(), r.housesOwned());
      System.exit(0);
    } catch (ConfigException e) {
      LOG.error("The replay cannot start: {}", e.getMessage());
      System.exit(1);
    } catch (RuntimeException e) {
      LOG.error("The replay failed", e);
      System.exit(1);
    }
  }

  /** {@code --simulate 30d ...}: runs a world unattended, writes its report, exits. */
  private static void simulate(String[] args) {
    SimulationOptions options;
    try {
      options = SimulationOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("wayfarer: " + e.getMessage());
      System.err.print(SimulationOptions.USAGE);
      System.exit(2);
      return;
    }
    try {
      JsonObject base =
          Wayfarer.loadConfig(new LaunchOptions(List.of(), false, options.conf()), System.getenv());
      Simulation.Result result = Simulation.run(options, base);
      System.out.printf(
          "Simulated %d game days of seed %d with %d scripted players: ledger digest %s%nReport: %s%n",
          options.days(),
          options.seed(),
          options.players(),
          result.digest(),
          result.dir().resolve("index.html").toAbsolutePath());
      System.exit(0);
    } catch (ConfigException e) {
      LOG.error("The simulation cannot start: {}", e.getMessage());
      System.exit(1);
    } catch (RuntimeException e) {
      LOG.error("The simulation failed", e);
      System.exit(1);
    }
  }
}
