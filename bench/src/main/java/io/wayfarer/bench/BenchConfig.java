package io.wayfarer.bench;

import io.vertx.core.json.JsonObject;
import io.wayfarer.server.simulation.Simulation;
import io.wayfarer.shared.config.WayfarerConfig;
import io.wayfarer.shared.infra.EmbeddedServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A benchmark's server configuration, made the same way by every benchmark. */
final class BenchConfig {
  private BenchConfig() {}

  /**
   * A scratch directory for a bench's embedded servers, deleted when the bench's JVM exits (after
   * the servers closed): left behind, they piled up in /tmp at about 110 MB a run.
   */
  static Path scratch(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> Simulation.wipe(dir)));
    return dir;
  }

  /**
   * The defaults of {@code conf/wayfarer.json} on this run's embedded PostgreSQL and Redis and HTTP
   * {@code port}, with {@code overrides} merged on top (checked like any configuration).
   */
  static JsonObject on(EmbeddedServers servers, int port, JsonObject overrides) throws IOException {
    JsonObject defaults = new JsonObject(Files.readString(Path.of(WayfarerConfig.DEFAULTS)));
    JsonObject base =
        WayfarerConfig.resolve(
            defaults,
            new JsonObject()
                .put("pg", new JsonObject().put("uri", servers.endpoints().pgUri()))
                .put("redis", new JsonObject().put("uri", servers.endpoints().redisUri()))
                .put("http", new JsonObject().put("port", port)),
            Map.of());
    return WayfarerConfig.resolve(base, overrides, Map.of());
  }
}
