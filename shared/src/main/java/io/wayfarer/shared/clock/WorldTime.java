package io.wayfarer.shared.clock;

import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.bus.Body;

/**
 * One reading of the world clock: the body of every {@link ClockContract#TICKS} message, of the
 * reply to {@link ClockContract#NOW} and of {@code GET /api/world}.
 *
 * @param gameMinutes minutes since the calendar's epoch; the one number the world time is kept as
 * @param month 1-based month of the year
 * @param day 1-based day of the month
 * @param weekday the weekday's name
 * @param dawnHour the hour dawn starts in this season (the browser blends its palette around it)
 * @param duskHour the hour dusk starts in this season
 * @param secondsPerGameHour real seconds one game hour takes
 */
public record WorldTime(
    long gameMinutes,
    int year,
    int month,
    String monthName,
    int day,
    String weekday,
    int hour,
    int minute,
    String season,
    Phase phase,
    String weather,
    int dawnHour,
    int duskHour,
    double secondsPerGameHour,
    boolean paused)
    implements Body {

  @Override
  public JsonObject toJson() {
    return new JsonObject()
        .put("gameMinutes", gameMinutes)
        .put("year", year)
        .put("month", month)
        .put("monthName", monthName)
        .put("day", day)
        .put("weekday", weekday)
        .put("hour", hour)
        .put("minute", minute)
        .put("season", season)
        .put("phase", phase.key())
        .put("weather", weather)
        .put("dawnHour", dawnHour)
        .put("duskHour", duskHour)
        .put("secondsPerGameHour", secondsPerGameHour)
        .put("paused", paused);
  }

  public static WorldTime fromJson(JsonObject json) {
    return new WorldTime(
        json.getLong("gameMinutes"),
        json.getInteger("year"),
        json.getInteger("month"),
        json.getString("monthName"),
        json.getInteger("day"),
        json.getString("weekday"),
        json.getInteger("hour"),
        json.getInteger("minute"),
        json.getString("season"),
        Phase.of(json.getString("phase")),
        json.getString("weather"),
        json.getInteger("dawnHour"),
        json.getInteger("duskHour"),
        json.getDouble("secondsPerGameHour"),
        json.getBoolean("paused"));
  }
}
