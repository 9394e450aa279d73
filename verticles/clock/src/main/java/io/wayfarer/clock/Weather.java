package io.wayfarer.clock;

import io.wayfarer.shared.Seeded;
import io.wayfarer.shared.world.Calendar;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Weather drawn from the season's odds, the same for the same seed and time: each span of {@link
 * Calendar#weatherHours()} game hours draws once from a random source seeded by (seed, span). Being
 * a function of time, not a running state, it needs no persistence and is the same after a restart,
 * on every cluster member, and when time is advanced.
 */
public final class Weather {
  private Weather() {}

  public static String at(Calendar calendar, long seed, long gameMinutes) {
    long spanMinutes = (long) calendar.weatherHours() * Calendar.MINUTES_PER_HOUR;
    long span = gameMinutes / spanMinutes;
    Calendar.Season season = calendar.seasonOf(span * spanMinutes);
    return draw(season.weather(), Seeded.random(seed, span));
  }

  static String draw(Map<String, Integer> weights, SplittableRandom random) {
    int total = weights.values().stream().mapToInt(Integer::intValue).sum();
    int roll = random.nextInt(total);
    for (Map.Entry<String, Integer> e : weights.entrySet()) {
      roll -= e.getValue();
      if (roll < 0) {
        return e.getKey();
      }
    }
    throw new IllegalStateException("weights must sum to more than zero");
  }
}
