package io.wayfarer.shared.config;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Reads a world data file (the file on disk, or the jar's copy) as JSON, with an error that names
 * the file.
 */
public final class WorldFiles {
  private WorldFiles() {}

  public static Future<JsonObject> read(Vertx vertx, String path) {
    return vertx
        .fileSystem()
        .readFile(path)
        .recover(
            err ->
                Future.failedFuture(
                    new ConfigException("cannot read " + path + ": " + err.getMessage(), err)))
        .compose(
            buf -> {
              try {
                return Future.succeededFuture(new JsonObject(buf));
              } catch (DecodeException e) {
                return Future.failedFuture(
                    new ConfigException(path + " is not valid JSON: " + e.getMessage(), e));
              }
            });
  }
}
