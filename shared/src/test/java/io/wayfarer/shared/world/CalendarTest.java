package io.wayfarer.shared.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.clock.Phase;
import io.wayfarer.shared.config.ConfigException;
import io.wayfarer.shared.test.TestInfra;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalendarTest {
  static final String FILE = "conf/world/calendar.json";

  static JsonObject shipped() {
    return TestInfra.readJson(TestInfra.root().resolve(FILE));
  }

  static Calendar calendar() {
    return Calendar.fromJson(shipped(), FILE);
  }

  @Test
  void shippedCalendarHasTwelveMonthsAndAYearOf365Days() {
    Calendar c = calendar();
    assertEquals(12, c.months().size());
    assertEquals(365, c.daysPerYear());
    assertEquals(7, c.weekdays().size());
  }

  @Test
  void minuteZeroIsTheFirstMinuteOfYearOne() {
    Calendar.Date d = calendar().dateOf(0);
    assertEquals(new Calendar.Date(1, 1, 1, 0, 0, 0), d);
  }

  @Test
  void datesRoundTripThroughMinutesAcrossMonthAndYearEnds() {
    Calendar c = calendar();
    for (long m = 0; m < 3L * c.daysPerYear() * Calendar.MINUTES_PER_DAY; m += 997) {
      Calendar.Date d = c.dateOf(m);
      assertEquals(
          m, c.minutesOf(d.year(), d.month(), d.day(), d.hour(), d.minute()), "minute " + m);
    }
  }

  @Test
  void lastMinuteOfTheYearRollsIntoTheNextYear() {
    Calendar c = calendar();
    long last = c.minutesOf(1247, 12, 31, 23, 59);
    assertEquals(new Calendar.Date(1247, 12, 31, 23, 59, c.dateOf(last).weekday()), c.dateOf(last));
    Calendar.Date next = c.dateOf(last + 1);
    assertEquals(1248, next.year());
    assertEquals(1, next.month());
    assertEquals(1, next.day());
    assertEquals(0, next.hour());
    assertEquals(
        (c.dateOf(last).weekday() + 1) % 7,
        next.weekday(),
        "the week runs on across the year's end");
  }

  @Test
  void monthLengthsComeFromTheData() {
    Calendar c = calendar();
    // Icemelt has 28 days: the day after its 28th is the 1st of Seedtime.
    Calendar.Date d = c.dateOf(c.minutesOf(3, 2, 28, 12, 0) + Calendar.MINUTES_PER_DAY);
    assertEquals(3, d.month());
    assertEquals(1, d.day());
    assertThrows(IllegalArgumentException.class, () -> c.minutesOf(3, 2, 29, 0, 0));
  }

  @Test
  void weekdaysAdvanceOnePerDay() {
    Calendar c = calendar();
    for (int day = 0; day < 20; day++) {
      assertEquals(day % 7, c.dateOf((long) day * Calendar.MINUTES_PER_DAY + 600).weekday());
    }
  }

  @Test
  void seasonsFollowTheMonths() {
    Calendar c = calendar();
    assertEquals("winter", c.seasonOf(c.minutesOf(10, 1, 15, 12, 0)).name());
    assertEquals("spring", c.seasonOf(c.minutesOf(10, 4, 15, 12, 0)).name());
    assertEquals("summer", c.seasonOf(c.minutesOf(10, 7, 15, 12, 0)).name());
    assertEquals("autumn", c.seasonOf(c.minutesOf(10, 10, 15, 12, 0)).name());
  }

  @Test
  void phasesFollowTheSeasonsDawnAndDusk() {
    Calendar.Season summer =
        calendar().seasons().stream()
            .filter(s -> s.name().equals("summer"))
            .findFirst()
            .orElseThrow();
    Calendar.Season winter =
        calendar().seasons().stream()
            .filter(s -> s.name().equals("winter"))
            .findFirst()
            .orElseThrow();
    assertEquals(Phase.NIGHT, Calendar.phaseOf(summer, 3));
    assertEquals(Phase.DAWN, Calendar.phaseOf(summer, 4));
    assertEquals(Phase.DAY, Calendar.phaseOf(summer, 5));
    assertEquals(Phase.DAY, Calendar.phaseOf(summer, 19));
    assertEquals(Phase.DUSK, Calendar.phaseOf(summer, 20));
    assertEquals(Phase.NIGHT, Calendar.phaseOf(summer, 21));
    // In winter 6 o'clock is still night and 17 o'clock is dusk.
    assertEquals(Phase.NIGHT, Calendar.phaseOf(winter, 6));
    assertEquals(Phase.DUSK, Calendar.phaseOf(winter, 17));
  }

  @Test
  void epochIsWhereANewWorldStarts() {
    Calendar c = calendar();
    Calendar.Date d = c.dateOf(c.epoch());
    assertEquals(1247, d.year());
    assertEquals(3, d.month());
    assertEquals(1, d.day());
    assertEquals(5, d.hour());
  }

  @Test
  void invalidCalendarsAreRefusedWithTheFieldNamed() {
    Map<String, java.util.function.Consumer<JsonObject>> breakages = new HashMap<>();
    breakages.put("months[1].days", j -> j.getJsonArray("months").getJsonObject(1).put("days", 0));
    breakages.put(
        "months[2].season",
        j -> j.getJsonArray("months").getJsonObject(2).put("season", "monsoon"));
    breakages.put("weekdays", j -> j.put("weekdays", new JsonArray()));
    breakages.put("seasons[0]", j -> j.getJsonArray("seasons").getJsonObject(0).put("dusk", 5));
    breakages.put(
        "seasons[1].weather.clear",
        j ->
            j.getJsonArray("seasons")
                .getJsonObject(1)
                .getJsonObject("weather")
                .put("clear", "sunny"));
    breakages.put("epoch.day", j -> j.getJsonObject("epoch").put("day", 31).put("month", 2));
    breakages.put(
        "months", j -> j.getJsonArray("months").getJsonObject(1).put("name", "Deepwinter"));
    // Other verticles' data names seasons and weather by the shared list, so the calendar must use
    // it too.
    breakages.put(
        "seasons[2].name", j -> j.getJsonArray("seasons").getJsonObject(2).put("name", "monsoon"));
    breakages.put(
        "seasons[1].weather key",
        j ->
            j.getJsonArray("seasons").getJsonObject(1).getJsonObject("weather").put("sunshine", 3));
    breakages.forEach(
        (field, breakIt) -> {
          JsonObject json = shipped();
          breakIt.accept(json);
          ConfigException e =
              assertThrows(ConfigException.class, () -> Calendar.fromJson(json, FILE), field);
          assertTrue(
              e.getMessage().startsWith(FILE + ": " + field),
              e.getMessage() + " should name " + field);
        });
  }
}
