package io.wayfarer.shared.infra;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a Wayfarer process needs before it deploys verticles: PostgreSQL and Redis (configured, or
 * embedded when {@code pg.uri} / {@code redis.uri} are empty) and a migrated schema. Blocking; call
 * it from {@code main} or a worker, never from an event loop.
 */
public final class Infrastructure implements AutoCloseable {
  private final Endpoints endpoints;
  private final Optional<EmbeddedServers> embedded;

  private Infrastructure(Endpoints endpoints, Optional<EmbeddedServers> embedded) {
    this.endpoints = endpoints;
    this.embedded = embedded;
  }

  public static Infrastructure start(JsonObject config) {
    String pgUri = config.getJsonObject("pg").getString("uri", "");
    String redisUri = config.getJsonObject("redis").getString("uri", "");
    Optional<EmbeddedServers> embedded = Optional.empty();
    if (pgUri.isBlank() || redisUri.isBlank()) {
      EmbeddedServers servers =
          EmbeddedServers.start(Path.of(config.getJsonObject("data").getString("dir")), true);
      embedded = Optional.of(servers);
      pgUri = pgUri.isBlank() ? servers.endpoints().pgUri() : pgUri;
      redisUri = redisUri.isBlank() ? servers.endpoints().redisUri() : redisUri;
    }
    try {
      Migrations.apply(pgUri);
    } catch (RuntimeException e) {
      embedded.ifPresent(EmbeddedServers::close);
      throw e;
    }
    return new Infrastructure(new Endpoints(pgUri, redisUri), embedded);
  }

  public Endpoints endpoints() {
    return endpoints;
  }

  public boolean isEmbedded() {
    return embedded.isPresent();
  }

  @Override
  public void close() {
    embedded.ifPresent(EmbeddedServers::close);
  }
}
