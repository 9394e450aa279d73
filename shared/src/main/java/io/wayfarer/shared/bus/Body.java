package io.wayfarer.shared.bus;

import io.vertx.core.json.JsonObject;

/**
 * A message body on the bus: a record that writes itself as JSON (and has a static {@code fromJson}
 * that checks it).
 */
public interface Body {
  JsonObject toJson();
}
