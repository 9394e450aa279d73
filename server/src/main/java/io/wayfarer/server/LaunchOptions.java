package io.wayfarer.server;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command line: {@code [--only clock,gateway] [--cluster] [-conf FILE]}.
 *
 * @param only the verticles to deploy, in deployment order; all of them when none was named
 * @param cluster join the Hazelcast cluster
 * @param conf a JSON file whose keys override the defaults, or null
 */
public record LaunchOptions(List<String> only, boolean cluster, String conf) {

  public static final String USAGE =
      """
      Usage: java -jar wayfarer.jar [--only NAME[,NAME...]] [--cluster] [-conf FILE]

        --only NAMES   deploy only these verticles (%s); default: all
        --cluster      join the Hazelcast cluster configured by cluster.config (conf/cluster.xml)
        -conf FILE     a JSON file overriding conf/wayfarer.json; WAYFARER_* environment variables override both
        --help         this text

      Usage: java -jar wayfarer.jar --simulate DAYSd [--seed N] [--players N] [--report DIR] [-conf FILE]
                       runs the world unattended and writes a report (README, "Simulation")
      """;

  public static LaunchOptions parse(String[] args, Set<String> known) {
    List<String> only = new ArrayList<>();
    boolean cluster = false;
    String conf = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--cluster" -> cluster = true;
        case "-conf", "--conf" -> conf = value(args, ++i, arg);
        case "--only" -> only.addAll(names(value(args, ++i, arg), known));
        default -> {
          if (arg.startsWith("--only=")) {
            only.addAll(names(arg.substring("--only=".length()), known));
          } else if (arg.startsWith("-conf=") || arg.startsWith("--conf=")) {
            conf = arg.substring(arg.indexOf('=') + 1);
          } else {
            throw new IllegalArgumentException("unknown argument '" + arg + "'");
          }
        }
      }
    }
    // Deploy in the server's order (the clock before the gateway that asks it), whatever order was
    // typed.
    List<String> ordered =
        only.isEmpty()
            ? List.copyOf(known)
            : known.stream().filter(new LinkedHashSet<>(only)::contains).toList();
    return new LaunchOptions(ordered, cluster, conf);
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length || args[i].startsWith("-")) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }

  private static List<String> names(String csv, Set<String> known) {
    List<String> names = new ArrayList<>();
    for (String n : csv.split(",")) {
      String name = n.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "unknown verticle '" + name + "' (known: " + String.join(", ", known) + ")");
      }
      names.add(name);
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("--only needs at least one verticle name");
    }
    return names;
  }
}
