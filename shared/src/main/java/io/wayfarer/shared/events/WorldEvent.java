package io.wayfarer.shared.events;

import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.bus.Body;

/**
 * A typed world event ({@code bandits}, {@code storm}, {@code festival}…) in a town, with a
 * severity from 1 to 5, a start and an end in game minutes, a text for people and its effects as
 * data. Each verticle reads the effects it understands (see {@link #priceFactor}, {@link
 * #roadDanger}, {@link #flag}); the others it ignores.
 */
public record WorldEvent(
    long id,
    String type,
    String name,
    String town,
    int severity,
    long startsAt,
    long endsAt,
    String text,
    JsonObject effects,
    boolean ended)
    implements Body {

  public boolean activeAt(long gameMinutes) {
    return !ended && gameMinutes >= startsAt && gameMinutes < endsAt;
  }

  /** Severity 3 applies an effect as written; 1 a third of it, 5 five thirds. */
  private double scale() {
    return severity / 3.0;
  }

  private double scaled(double factor) {
    return Math.max(0.05, 1 + (factor - 1) * scale());
  }

  /**
   * The factor on the price of {@code good} in this event's town: all goods' factor times the
   * good's own.
   */
  public double priceFactor(String good) {
    double all = effects.getDouble("priceFactor", 1.0);
    JsonObject goods = effects.getJsonObject("goodsPriceFactor", new JsonObject());
    return scaled(all) * scaled(goods.getDouble(good, 1.0));
  }

  /** Extra danger on the roads into this event's town. */
  public int roadDanger() {
    return (int) Math.round(effects.getInteger("roadDanger", 0) * scale());
  }

  /**
   * The factor on the hours of a journey on a road into this event's town (road repairs: 0.75);
   * never below a tenth.
   */
  public double journeyFactor() {
    return Math.max(0.1, scaled(effects.getDouble("journeyHours", 1.0)));
  }

  /**
   * A multiplier from an effect map such as {@code production} or {@code demand}; 1 when the good
   * is not named.
   */
  public double multiplier(String effect, String good) {
    JsonObject m = effects.getJsonObject(effect, new JsonObject());
    return m.containsKey(good) ? scaled(m.getDouble(good)) : 1.0;
  }

  public boolean flag(String effect) {
    return effects.getBoolean(effect, false);
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("type", type)
        .put("name", name)
        .put("town", town)
        .put("severity", severity)
        .put("startsAt", startsAt)
        .put("endsAt", endsAt)
        .put("text", text)
        .put("effects", effects)
        .put("ended", ended);
  }

  public static WorldEvent fromJson(JsonObject j) {
    return new WorldEvent(
        j.getLong("id"),
        j.getString("type"),
        j.getString("name"),
        j.getString("town"),
        j.getInteger("severity"),
        j.getLong("startsAt"),
        j.getLong("endsAt"),
        j.getString("text"),
        j.getJsonObject("effects", new JsonObject()),
        j.getBoolean("ended", false));
  }
}
