package io.wayfarer.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wayfarer.shared.test.TestInfra;
import io.wayfarer.shared.world.Calendar;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The weather the clock draws from the shipped calendar's odds. */
class WeatherTest {
  private static Calendar calendar() {
    return TestInfra.world().calendar();
  }

  @Test
  void weatherIsReproducibleAndFollowsTheSeasonsOdds() {
    Calendar c = calendar();
    long winterStart = c.minutesOf(5, 1, 1, 0, 0);
    long summerStart = c.minutesOf(5, 7, 1, 0, 0);
    Map<String, Integer> winter = new HashMap<>();
    Map<String, Integer> summer = new HashMap<>();
    for (int span = 0; span < 300; span++) {
      long offset = (long) span * c.weatherHours() * 60 % (28L * Calendar.MINUTES_PER_DAY);
      winter.merge(Weather.at(c, 42, winterStart + offset), 1, Integer::sum);
      summer.merge(Weather.at(c, 42, summerStart + offset), 1, Integer::sum);
      assertEquals(
          Weather.at(c, 42, winterStart + offset), Weather.at(c, 42, winterStart + offset));
    }
    assertTrue(winter.containsKey("snow"), "winter brings snow: " + winter);
    assertTrue(!summer.containsKey("snow"), "summer never snows: " + summer);
    assertTrue(
        summer.getOrDefault("clear", 0) > winter.getOrDefault("clear", 0), "summer is clearer");
    // A different seed gives a different sequence of weather.
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    for (int span = 0; span < 40; span++) {
      a.append(Weather.at(c, 1, winterStart + span * 240L));
      b.append(Weather.at(c, 2, winterStart + span * 240L));
    }
    assertNotEquals(a.toString(), b.toString());
  }

  @Test
  void weatherHoldsForItsSpan() {
    Calendar c = calendar();
    long start = c.minutesOf(7, 5, 3, 0, 0);
    String w = Weather.at(c, 9, start);
    for (int m = 0; m < c.weatherHours() * 60; m++) {
      assertEquals(w, Weather.at(c, 9, start + m));
    }
  }
}
