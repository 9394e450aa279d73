package io.wayfarer.shared.bus;

import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.player.PlayerContract;
import java.util.regex.Pattern;

/**
 * {@code {town}}: a request about one town, whose id usually comes from a path ({@code
 * /api/market/{town}}).
 */
public record TownRef(String town) implements Body {
  private static final Pattern ID = Pattern.compile(PlayerContract.Inputs.ID);

  public static TownRef fromJson(JsonObject json) {
    return new TownRef(townOf(json));
  }

  /** The body's town: a malformed id is "no such town" (404), as an unknown one is to its owner. */
  public static String townOf(JsonObject json) {
    if (!(json.getValue("town") instanceof String town) || !ID.matcher(town).matches()) {
      throw Refusal.notFound("no such town");
    }
    return town;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("town", town);
  }
}
