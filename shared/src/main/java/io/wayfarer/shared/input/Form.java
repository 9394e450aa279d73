package io.wayfarer.shared.input;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of a request a player sends: which fields it has, which of them are required. Anything
 * else is refused by name, so a client can never slip in a field such as {@code playerId}. Every
 * problem is told in plain words.
 */
public final class Form {
  private final Map<String, Field> fields = new LinkedHashMap<>();
  private final List<String> required = new ArrayList<>();

  public static Form of() {
    return new Form();
  }

  public Form required(Field field) {
    fields.put(field.name(), field);
    required.add(field.name());
    return this;
  }

  public Form optional(Field field) {
    fields.put(field.name(), field);
    return this;
  }

  public Map<String, Field> fields() {
    return fields;
  }

  public boolean isRequired(String name) {
    return required.contains(name);
  }

  /** Null when {@code body} is acceptable, otherwise the first problem in plain words. */
  public String problem(JsonObject body) {
    for (String name : body.fieldNames()) {
      if (!fields.containsKey(name)) {
        return "unknown field '"
            + name
            + "'"
            + (fields.isEmpty()
                ? ""
                : " (this request takes " + String.join(", ", fields.keySet()) + ")");
      }
    }
    for (Field f : fields.values()) {
      Object value = body.getValue(f.name());
      if (value == null && !required.contains(f.name())) {
        continue;
      }
      String problem = f.problem(value);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  /** For the browser: each field's limits and rule. */
  public JsonObject toJson() {
    JsonObject j = new JsonObject();
    fields.forEach((name, f) -> j.put(name, f.toJson().put("required", required.contains(name))));
    return j;
  }
}
