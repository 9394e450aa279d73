package io.wayfarer.bench;

import io.vertx.core.json.JsonObject;
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
