package io.wayfarer.server.simulation;

import java.nio.file.Path;

/**
 * The command line of a simulation: {@code --simulate 30d [--seed N] [--players N] [--report DIR]
 * [-conf FILE]}.
 *
 * @param days game days to run
 * @param seed the one seed every random choice of the run comes from
 * @param players scripted players
 * @param report where index.html and report.json are written
 * @param conf a JSON file overriding conf/wayfarer.json (the world's files, the market's rules), or
 *     null
 */
public record SimulationOptions(int days, long seed, int players, Path report, String conf) {
  public static final int MAX_DAYS = 365;
  public static final int MAX_PLAYERS = 5000;

  public static final String USAGE =
      """
      Usage: java -jar wayfarer.jar --simulate DAYSd [--seed N] [--players N] [--report DIR] [-conf FILE]

        --simulate 30d  run the world for 30 game days on a fresh embedded data directory, as fast as its
                        hourly work allows (a stepped clock), without the gateway
        --seed N        the one seed of every random choice (default 1): the same seed, the same world
        --players N     scripted players (default 50)
        --report DIR    where index.html and report.json go (default simulation-seed-N)
        -conf FILE      a JSON file overriding conf/wayfarer.json, such as another world's files
      """;

  /** Whether the command line asks for a simulation. */
  public static boolean asked(String[] args) {
    for (String a : args) {
      if (a.equals("--simulate") || a.startsWith("--simulate=")) {
        return true;
      }
    }
    return false;
  }

  public static SimulationOptions parse(String[] args) {
    Integer days = null;
    long seed = 1;
    int players = 50;
    Path report = null;
    String conf = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      String value =
          arg.contains("=")
              ? arg.substring(arg.indexOf('=') + 1)
              : i + 1 < args.length ? args[i + 1] : null;
      switch (flag) {
        case "--simulate" -> days = days(value);
        case "--seed" -> seed = number(value, flag, Long.MIN_VALUE, Long.MAX_VALUE);
        case "--players" -> players = (int) number(value, flag, 0, MAX_PLAYERS);
        case "--report" -> report = Path.of(required(value, flag));
        case "-conf", "--conf" -> conf = required(value, flag);
        default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
      if (!arg.contains("=")) {
        i++;
      }
    }
    if (days == null) {
      throw new IllegalArgumentException("--simulate needs a number of game days, such as 30d");
    }
    return new SimulationOptions(
        days, seed, players, report != null ? report : Path.of("simulation-seed-" + seed), conf);
  }

  private static int days(String value) {
    String v = required(value, "--simulate");
    if (!v.matches("[0-9]{1,4}d?")) {
      throw new IllegalArgumentException(
          "--simulate takes game days, such as 30d, not '" + v + "'");
    }
    int d = Integer.parseInt(v.endsWith("d") ? v.substring(0, v.length() - 1) : v);
    if (d < 1 || d > MAX_DAYS) {
      throw new IllegalArgumentException("--simulate takes 1 to " + MAX_DAYS + " game days");
    }
    return d;
  }

  private static long number(String value, String flag, long min, long max) {
    String v = required(value, flag);
    try {
      long n = Long.parseLong(v);
      if (n < min || n > max) {
        throw new IllegalArgumentException(flag + " takes " + min + " to " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " takes a whole number, not '" + v + "'");
    }
  }

  private static String required(String value, String flag) {
    if (value == null || value.startsWith("-") && !value.matches("-[0-9]+")) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return value;
  }
}
