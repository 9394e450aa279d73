package io.wayfarer.shared;

import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.input.Field;

/**
 * The idempotency key a command carries (ARCHITECTURE.md rule 4): a fresh one per action, the same
 * one when the action is sent again after a lost or unknown answer, so it is applied at most once.
 * The browser makes them with {@code crypto.randomUUID()}.
 */
public final class RequestId {
  public static final Field FIELD =
      Field.text(
          "requestId",
          8,
          64,
          "[A-Za-z0-9_-]{8,64}",
          "requestId must be 8 to 64 letters, digits, - or _ (a fresh one per action)");

  private RequestId() {}

  /** The request id of {@code body}, or null when it has none; a malformed one is refused. */
  public static String optional(JsonObject body) {
    return FIELD.optionalText(body);
  }

  /** The request id of {@code body}, which must have one. */
  public static String required(JsonObject body) {
    return FIELD.text(body);
  }
}
