package io.wayfarer.shared.infra;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Wayfarer process needs before it deploys verticles: PostgreSQL and Redis (configured, or
 * embedded when {@code pg.uri} / {@code redis.uri} are empty) and a migrated schema. Blocking; call
 * it from {@code main} or a worker, never from an event loop.
 */
public final class Infrastructure implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Infrastructure.class);

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
      JsonObject data = config.getJsonObject("data");
      EmbeddedServers servers =
          EmbeddedServers.start(
              Path.of(data.getString("dir")),
              true,
              data.getInteger("pgPort", 0),
              data.getInteger("redisPort", 0));
      embedded = Optional.of(servers);
      // Ready to paste into psql, pgAdmin, DBeaver, TablePlus or RedisInsight (README: browsing the
      // data). Loopback only, no password: the embedded servers trust local connections.
      LOG.info(
          "Embedded PostgreSQL: {} (psql -h 127.0.0.1 -p {} -U postgres {}); embedded Redis: {}",
          servers.endpoints().pgUri(),
          URI.create(servers.endpoints().pgUri()).getPort(),
          EmbeddedServers.DATABASE,
          servers.endpoints().redisUri());
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
