package io.wayfarer.server;

import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.config.ConfigException;
import java.nio.file.Path;
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
}
