package io.wayfarer.events;

import io.wayfarer.shared.Seeded;
import io.wayfarer.shared.world.EventTypes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;

/**
 * The chance events of one game hour: for each kind and town, in the world's order, a draw against
 * the kind's chance in the season and weather, then its length and severity. The dice for an hour
 * come from the world's seed and the hour alone, never from what was drawn before: the same world
 * draws the same events for the same hour, however often it was restarted (an hour drawn again
 * after a restart gives what it gave, which the events in force then refuse as already there).
 */
public final class EventDraws {
  /** One event to raise. */
  public record Draw(String type, String town, int hours, int severity) {}

  private EventDraws() {}

  public static List<Draw> hour(
      long seed,
      long gameHour,
      Collection<EventTypes.Type> types,
      Collection<String> towns,
      String season,
      String weather,
      BiPredicate<String, String> inForce) {
    // The hour mixed in as Weather mixes its span in: a golden-ratio step keeps nearby hours apart.
    SplittableRandom random = Seeded.random(seed, gameHour);
    List<Draw> draws = new ArrayList<>();
    for (EventTypes.Type type : types) {
      double chance = type.chanceIn(season, weather);
      for (String town : towns) {
        // Every pair draws, raised or not, so that one pair's outcome never shifts another's dice.
        double roll = random.nextDouble();
        int hours = type.minHours() + random.nextInt(type.maxHours() - type.minHours() + 1);
        int severity = 1 + random.nextInt(5);
        if (chance > 0 && roll < chance && !inForce.test(type.id(), town)) {
          draws.add(new Draw(type.id(), town, hours, severity));
        }
      }
    }
    return draws;
  }
}
