package io.wayfarer.shared.bus;

import io.vertx.core.json.JsonObject;

/**
 * The body of an admin's read that asks nothing of its own: what the gateway attaches from the
 * session (the admin's {@code playerId}) is ignored, since the gateway already checked the role.
 * {@link Empty} is for requests nobody attaches anything to.
 */
public record SessionOnly() implements Body {
  public static final SessionOnly INSTANCE = new SessionOnly();

  public static SessionOnly fromJson(JsonObject json) {
    return INSTANCE;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject();
  }
}
