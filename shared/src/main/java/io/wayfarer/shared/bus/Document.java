package io.wayfarer.shared.bus;

import io.vertx.core.json.JsonObject;

/**
 * A reply that is a read model passed through as it is (a character sheet, a market board, a town's
 * whereabouts): its owner builds it and the page renders it; nobody in between reads its fields, so
 * it is not taken apart into a record.
 */
public record Document(JsonObject json) implements Body {
  public static Document fromJson(JsonObject json) {
    return new Document(json == null ? new JsonObject() : json);
  }

  @Override
  public JsonObject toJson() {
    return json;
  }
}
