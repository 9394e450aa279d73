package io.wayfarer.shared.infra;

import io.vertx.core.json.JsonObject;

/**
 * Where PostgreSQL and Redis are: the configured URIs, or those of the embedded servers just
 * started.
 */
public record Endpoints(String pgUri, String redisUri) {

  /**
   * {@code config} with {@code pg.uri} and {@code redis.uri} set to these endpoints, for deploying
   * verticles.
   */
  public JsonObject applyTo(JsonObject config) {
    JsonObject copy = config.copy();
    copy.getJsonObject("pg").put("uri", pgUri);
    copy.getJsonObject("redis").put("uri", redisUri);
    return copy;
  }
}
