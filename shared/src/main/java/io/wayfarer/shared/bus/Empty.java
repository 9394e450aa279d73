package io.wayfarer.shared.bus;

import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.Refusal;

/** The body of a request that needs nothing ({@code {}}); anything in it is refused. */
public record Empty() implements Body {
  public static final Empty INSTANCE = new Empty();

  public static Empty fromJson(JsonObject json) {
    if (json != null && !json.isEmpty()) {
      throw Refusal.badInput(
          "this request takes no fields (it was sent "
              + String.join(", ", json.fieldNames())
              + ")");
    }
    return INSTANCE;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject();
  }
}
