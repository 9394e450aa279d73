package io.wayfarer.bench;

import io.vertx.core.json.JsonObject;
import io.wayfarer.server.LaunchOptions;
import io.wayfarer.server.Wayfarer;
import io.wayfarer.server.simulation.Simulation;
import io.wayfarer.server.simulation.SimulationOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Simulated game days per real minute: the world alone (its peer: no scripted players) and with 50
 * and 500 scripted players, in the same run, and where the time goes (the share of real time the
 * clock waited for the players' hours, their bus requests per game hour, and the stepped clock's
 * account of the job each minute waited on last). Run with {@code scripts/bench simulate [days]
 * [players,players,...]}.
 */
public final class SimulationBench {
  static String whereTheTimeWent(int players, JsonObject timing) {
    double real = timing.getDouble("realSeconds");
    JsonObject clock = timing.getJsonObject("clock");
    StringBuilder line = new StringBuilder(String.format("%8d players:", players));
    List<Map.Entry<String, Object>> held = new ArrayList<>();
    clock.getJsonObject("heldSeconds").forEach(held::add);
    held.sort(
        (a, b) ->
            Double.compare(
                ((Number) b.getValue()).doubleValue(), ((Number) a.getValue()).doubleValue()));
    for (Map.Entry<String, Object> e : held) {
      line.append(
          String.format(
              " %s %.0f %%,", e.getKey(), 100 * ((Number) e.getValue()).doubleValue() / real));
    }
    return line.append(
            String.format(" the clock %.0f %%", 100 * clock.getDouble("announcingSeconds") / real))
        .toString();
  }

  public static void main(String[] args) {
    int days = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    List<Integer> counts =
        args.length > 1
            ? Arrays.stream(args[1].split(",")).map(Integer::valueOf).toList()
            : List.of(0, 50, 500);
    JsonObject base =
        Wayfarer.loadConfig(new LaunchOptions(List.of(), false, null), Map.of())
            .put("data", new JsonObject().put("dir", "bench/target/simulation-data"));
    System.out.printf(
        "%8s %6s %12s %16s %14s %18s %16s%n",
        "players",
        "days",
        "real s",
        "game days/min",
        "vs alone",
        "players' share %",
        "requests/hour");
    double alone = 0;
    List<String> whereTheTimeWent = new ArrayList<>();
    for (int players : counts) {
      Simulation.Result r =
          Simulation.run(
              new SimulationOptions(
                  days, 1, players, Path.of("bench/target/simulation-" + players), null),
              base);
      JsonObject t = r.report().getJsonObject("timing");
      double rate = t.getDouble("gameDaysPerRealMinute");
      if (players == 0) {
        alone = rate;
      }
      System.out.printf(
          "%8d %6d %12.1f %16.2f %14s %18.1f %16.1f%n",
          players,
          days,
          t.getDouble("realSeconds"),
          rate,
          alone > 0 ? String.format("%.2f", rate / alone) : "-",
          100 * t.getDouble("scriptedPlayersSeconds") / t.getDouble("realSeconds"),
          t.getLong("scriptedPlayersRequests") / (days * 24.0));
      whereTheTimeWent.add(whereTheTimeWent(players, t));
    }
    System.out.println();
    System.out.println(
        "Where the time went: the share of real time each minute waited on a job because it was"
            + " the last to be done with it, and the clock's own share (saving and announcing the"
            + " minute); the rest is time between them");
    whereTheTimeWent.forEach(System.out::println);
    System.exit(0);
  }
}
