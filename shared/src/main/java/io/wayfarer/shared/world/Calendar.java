package io.wayfarer.shared.world;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.Phase;
import io.wayfarer.shared.config.DataCheck;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The world's calendar: named months of given lengths, a week of named days, seasons with their
 * dawn and dusk hours and weather odds. Pure arithmetic on one number, the game minutes since the
 * start of year 1 (minute 0 is 00:00 on the first day of the first month of year 1, a first
 * weekday). Days have 24 hours.
 */
public final class Calendar {
  public static final int HOURS_PER_DAY = 24;
  public static final int MINUTES_PER_HOUR = 60;
  public static final int MINUTES_PER_DAY = HOURS_PER_DAY * MINUTES_PER_HOUR;

  public record Month(String name, int days, Season season) {}

  /**
   * {@code weather} maps a kind of weather to its relative weight; iteration order is the file's
   * order.
   */
  public record Season(String name, int dawn, int dusk, Map<String, Integer> weather) {}

  /**
   * A calendar date and time of day. {@code month}, {@code day} are 1-based; {@code weekday} is
   * 0-based.
   */
  public record Date(int year, int month, int day, int hour, int minute, int weekday) {}

  private final List<Month> months;
  private final List<String> weekdays;
  private final List<Season> seasons;
  private final int daysPerYear;
  private final long epoch;
  private final int weatherHours;

  public Calendar(
      List<Month> months,
      List<String> weekdays,
      List<Season> seasons,
      int weatherHours,
      Date epoch) {
    this.months = List.copyOf(months);
    this.weekdays = List.copyOf(weekdays);
    this.seasons = List.copyOf(seasons);
    this.daysPerYear = months.stream().mapToInt(Month::days).sum();
    this.weatherHours = weatherHours;
    this.epoch = minutesOf(epoch.year(), epoch.month(), epoch.day(), epoch.hour(), epoch.minute());
  }

  public int daysPerYear() {
    return daysPerYear;
  }

  /** The game minute a new world starts at. */
  public long epoch() {
    return epoch;
  }

  /** How many game hours one draw of the weather lasts. */
  public int weatherHours() {
    return weatherHours;
  }

  public List<Month> months() {
    return months;
  }

  public List<String> weekdays() {
    return weekdays;
  }

  public List<Season> seasons() {
    return seasons;
  }

  /** The names of this calendar's seasons, in the file's order. */
  public List<String> seasonNames() {
    return seasons.stream().map(Season::name).toList();
  }

  /** Every kind of weather some season of this calendar can bring. */
  public List<String> weatherKinds() {
    return seasons.stream()
        .flatMap(s -> s.weather().entrySet().stream())
        .filter(w -> w.getValue() > 0)
        .map(Map.Entry::getKey)
        .distinct()
        .toList();
  }

  public Date dateOf(long gameMinutes) {
    if (gameMinutes < 0) {
      throw new IllegalArgumentException("game minutes must not be negative: " + gameMinutes);
    }
    long totalDays = gameMinutes / MINUTES_PER_DAY;
    int minuteOfDay = (int) (gameMinutes % MINUTES_PER_DAY);
    int year = Math.toIntExact(1 + totalDays / daysPerYear);
    int dayOfYear = (int) (totalDays % daysPerYear);
    int month = 0;
    while (dayOfYear >= months.get(month).days()) {
      dayOfYear -= months.get(month).days();
      month++;
    }
    return new Date(
        year,
        month + 1,
        dayOfYear + 1,
        minuteOfDay / MINUTES_PER_HOUR,
        minuteOfDay % MINUTES_PER_HOUR,
        (int) (totalDays % weekdays.size()));
  }

  /** The game minute of a date and time; the inverse of {@link #dateOf}. */
  public long minutesOf(int year, int month, int day, int hour, int minute) {
    if (year < 1
        || month < 1
        || month > months.size()
        || day < 1
        || day > months.get(month - 1).days()
        || hour < 0
        || hour >= HOURS_PER_DAY
        || minute < 0
        || minute >= MINUTES_PER_HOUR) {
      throw new IllegalArgumentException(
          "no such date: year "
              + year
              + " month "
              + month
              + " day "
              + day
              + " "
              + hour
              + ":"
              + minute);
    }
    long days = (long) (year - 1) * daysPerYear;
    for (int m = 0; m < month - 1; m++) {
      days += months.get(m).days();
    }
    days += day - 1;
    return days * MINUTES_PER_DAY + (long) hour * MINUTES_PER_HOUR + minute;
  }

  public Month month(Date date) {
    return months.get(date.month() - 1);
  }

  public Season seasonOf(long gameMinutes) {
    return month(dateOf(gameMinutes)).season();
  }

  public String weekdayName(Date date) {
    return weekdays.get(date.weekday());
  }

  /**
   * Dawn is the season's dawn hour, dusk its dusk hour; day lies between them and night outside.
   */
  public static Phase phaseOf(Season season, int hour) {
    if (hour == season.dawn()) {
      return Phase.DAWN;
    }
    if (hour == season.dusk()) {
      return Phase.DUSK;
    }
    return hour > season.dawn() && hour < season.dusk() ? Phase.DAY : Phase.NIGHT;
  }

  /**
   * Reads and validates {@code conf/world/calendar.json}; every message names the file and the
   * field.
   */
  static Calendar fromJson(JsonObject json, String source) {
    DataCheck c = new DataCheck(source);
    JsonArray weekdayArr = c.array(json, "weekdays", 1, 14);
    List<String> weekdays = new ArrayList<>();
    for (int i = 0; i < weekdayArr.size(); i++) {
      weekdays.add(c.name(weekdayArr.getValue(i), "weekdays[" + i + "]"));
    }
    c.unique(weekdays, "weekdays");

    JsonArray seasonArr = c.array(json, "seasons", 1, 12);
    Map<String, Season> seasons = new LinkedHashMap<>();
    for (int i = 0; i < seasonArr.size(); i++) {
      String at = "seasons[" + i + "]";
      JsonObject s = c.object(seasonArr.getValue(i), at);
      String name = c.oneOf(s.getValue("name"), at + ".name", ClockContract.SEASONS);
      int dawn = c.integer(s.getValue("dawn"), at + ".dawn", 0, HOURS_PER_DAY - 1);
      int dusk = c.integer(s.getValue("dusk"), at + ".dusk", 0, HOURS_PER_DAY - 1);
      if (dusk <= dawn + 1) {
        throw c.error(
            at, "dusk (" + dusk + ") must come at least two hours after dawn (" + dawn + ")");
      }
      JsonObject w = c.object(s.getValue("weather"), at + ".weather");
      Map<String, Integer> weather = new LinkedHashMap<>();
      for (String kind : w.fieldNames()) {
        weather.put(
            c.oneOf(kind, at + ".weather key", ClockContract.WEATHER),
            c.integer(w.getValue(kind), at + ".weather." + kind, 0, 1000));
      }
      if (weather.values().stream().mapToInt(Integer::intValue).sum() == 0) {
        throw c.error(at + ".weather", "needs at least one kind of weather with a weight above 0");
      }
      if (seasons.put(name, new Season(name, dawn, dusk, Collections.unmodifiableMap(weather)))
          != null) {
        throw c.error(at + ".name", "season '" + name + "' appears twice");
      }
    }

    JsonArray monthArr = c.array(json, "months", 1, 36);
    List<Month> months = new ArrayList<>();
    Set<String> usedSeasons = new HashSet<>();
    for (int i = 0; i < monthArr.size(); i++) {
      String at = "months[" + i + "]";
      JsonObject m = c.object(monthArr.getValue(i), at);
      String seasonName = c.name(m.getValue("season"), at + ".season");
      Season season = seasons.get(seasonName);
      if (season == null) {
        throw c.error(
            at + ".season",
            "unknown season '"
                + seasonName
                + "' (known: "
                + String.join(", ", seasons.keySet())
                + ")");
      }
      usedSeasons.add(seasonName);
      months.add(
          new Month(
              c.name(m.getValue("name"), at + ".name"),
              c.integer(m.getValue("days"), at + ".days", 1, 100),
              season));
    }
    c.unique(months.stream().map(Month::name).toList(), "months");
    for (String s : seasons.keySet()) {
      if (!usedSeasons.contains(s)) {
        throw c.error("seasons", "season '" + s + "' has no month");
      }
    }

    int weatherHours =
        c.integer(json.getValue("weatherHours", 4), "weatherHours", 1, HOURS_PER_DAY);
    JsonObject e = c.object(json.getValue("epoch"), "epoch");
    int month = c.integer(e.getValue("month"), "epoch.month", 1, months.size());
    Date epoch =
        new Date(
            c.integer(e.getValue("year"), "epoch.year", 1, 1_000_000),
            month,
            c.integer(e.getValue("day"), "epoch.day", 1, months.get(month - 1).days()),
            c.integer(e.getValue("hour", 0), "epoch.hour", 0, HOURS_PER_DAY - 1),
            c.integer(e.getValue("minute", 0), "epoch.minute", 0, MINUTES_PER_HOUR - 1),
            0);
    return new Calendar(months, weekdays, List.copyOf(seasons.values()), weatherHours, epoch);
  }
}
