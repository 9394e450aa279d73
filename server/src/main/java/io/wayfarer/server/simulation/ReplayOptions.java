package io.wayfarer.server.simulation;

/**
 * The command line of a replay: {@code --replay-to MINUTE [--seed N | --data DIR] [--holder HOLDER]
 * [--into DIR] [-conf FILE]}.
 *
 * @param minute the game minute to rebuild the ledger at
 * @param seed whose simulation's data directory to read, when {@code data} is not given
 * @param data the data directory of a stopped world, or null
 * @param holder a ledger holder ({@code player:12}, {@code market:redhaven}) whose holdings to
 *     show, or null
 * @param into where the rebuilt world goes, or null for {@code data/replay-MINUTE}
 * @param conf a JSON file overriding conf/wayfarer.json, or null
 */
public record ReplayOptions(
    long minute, long seed, String data, String holder, String into, String conf) {
  public static final String USAGE =
      """
      Usage: java -jar wayfarer.jar --replay-to MINUTE [--seed N | --data DIR] [--holder HOLDER] [--into DIR] [-conf FILE]

        --replay-to M   rebuild the ledger as it stood at game minute M (a simulation's report gives its minutes)
        --seed N        the simulation of that seed (data/simulation-seed-N; default 1)
        --data DIR      or any stopped world's data directory
        --holder H      show what H held then: player:12, market:redhaven, town:millbrook, world
        --into DIR      where the rebuilt ledger goes (default data/replay-M, wiped first)
      """;

  public static boolean asked(String[] args) {
    for (String a : args) {
      if (a.equals("--replay-to") || a.startsWith("--replay-to=")) {
        return true;
      }
    }
    return false;
  }

  public static ReplayOptions parse(String[] args) {
    Long minute = null;
    long seed = 1;
    String data = null;
    String holder = null;
    String into = null;
    String conf = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      boolean joined = arg.contains("=");
      String flag = joined ? arg.substring(0, arg.indexOf('=')) : arg;
      String value =
          joined ? arg.substring(arg.indexOf('=') + 1) : i + 1 < args.length ? args[i + 1] : null;
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      switch (flag) {
        case "--replay-to" -> minute = whole(value, flag, 0);
        case "--seed" -> seed = whole(value, flag, Long.MIN_VALUE);
        case "--data" -> data = value;
        case "--holder" -> holder = holder(value);
        case "--into" -> into = value;
        case "-conf", "--conf" -> conf = value;
        default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
      if (!joined) {
        i++;
      }
    }
    if (minute == null) {
      throw new IllegalArgumentException("--replay-to needs a game minute");
    }
    return new ReplayOptions(minute, seed, data, holder, into, conf);
  }

  private static long whole(String value, String flag, long min) {
    try {
      long n = Long.parseLong(value);
      if (n < min) {
        throw new IllegalArgumentException(flag + " takes a number from " + min);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " takes a whole number, not '" + value + "'");
    }
  }

  private static String holder(String value) {
    if (!value.matches("[a-z]+(:[A-Za-z0-9_-]{1,64})?")) {
      throw new IllegalArgumentException(
          "--holder takes a ledger holder such as player:12 or market:redhaven, not '"
              + value
              + "'");
    }
    return value;
  }
}
