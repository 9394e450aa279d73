package io.wayfarer.shared.world;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.config.DataCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kinds of world event ({@code conf/world/events.json}): text, duration range, odds by season,
 * effects.
 */
public final class EventTypes {
  /**
   * {@code chance} by season, multiplied by {@code weather}'s factor for the hour's weather (1 when
   * not named).
   */
  public record Type(
      String id,
      String name,
      String text,
      int minHours,
      int maxHours,
      JsonObject effects,
      Map<String, Double> chance,
      Map<String, Double> weather) {
    public double chanceIn(String season, String weatherNow) {
      return Math.min(
          1.0, chance.getOrDefault(season, 0.0) * weather.getOrDefault(weatherNow, 1.0));
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("id", id)
          .put("name", name)
          .put("text", text)
          .put("minHours", minHours)
          .put("maxHours", maxHours);
    }
  }

  /** The effects that map goods to factors; their goods are checked against goods.json. */
  public static final List<String> GOODS_EFFECTS =
      List.of("production", "demand", "goodsPriceFactor");

  private final Map<String, Type> types;

  private EventTypes(Map<String, Type> types) {
    this.types = types;
  }

  public Map<String, Type> all() {
    return types;
  }

  public Optional<Type> type(String id) {
    return Optional.ofNullable(id == null ? null : types.get(id));
  }

  static EventTypes fromJson(JsonObject json, String source) {
    DataCheck c = new DataCheck(source);
    Map<String, Type> types = new LinkedHashMap<>();
    JsonArray arr = c.array(json, "events", 1, 100);
    for (int i = 0; i < arr.size(); i++) {
      String at = "events[" + i + "]";
      JsonObject e = c.object(arr.getValue(i), at);
      JsonArray hours = c.array(e.getValue("hours"), at + ".hours", 2, 2);
      int min = c.integer(hours.getValue(0), at + ".hours[0]", 1, 24 * 30);
      int max = c.integer(hours.getValue(1), at + ".hours[1]", min, 24 * 30);
      // Season and weather names are checked: a misspelt one would quietly never raise the event.
      Map<String, Double> chance =
          c.numbersBy(
              e.getValue("chancePerHour"), at + ".chancePerHour", ClockContract.SEASONS, 0, 1);
      Map<String, Double> weather =
          c.numbersBy(e.getValue("weather"), at + ".weather", ClockContract.WEATHER, 0, 100);
      JsonObject effects = c.object(e.getValue("effects"), at + ".effects");
      for (String effect : GOODS_EFFECTS) {
        if (effects.containsKey(effect)) {
          JsonObject byGood = c.object(effects.getValue(effect), at + ".effects." + effect);
          for (String good : byGood.fieldNames()) {
            c.number(byGood.getValue(good), at + ".effects." + effect + "." + good, 0, 100);
          }
        }
      }
      Type t =
          new Type(
              c.id(e.getValue("id"), at + ".id"),
              c.name(e.getValue("name"), at + ".name"),
              c.name(e.getValue("text"), at + ".text", 200),
              min,
              max,
              effects,
              chance,
              weather);
      if (types.put(t.id(), t) != null) {
        throw c.error(at + ".id", "event type '" + t.id() + "' appears twice");
      }
    }
    return new EventTypes(types);
  }
}
