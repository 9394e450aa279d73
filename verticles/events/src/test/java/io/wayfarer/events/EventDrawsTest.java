package io.wayfarer.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wayfarer.shared.test.TestInfra;
import io.wayfarer.shared.world.EventTypes;
import io.wayfarer.shared.world.World;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An hour's chance events depend on the world's seed and the hour alone. */
class EventDrawsTest {
  static final World WORLD = TestInfra.world();
  static final List<EventTypes.Type> TYPES = List.copyOf(WORLD.events().all().values());
  static final List<String> TOWNS = List.copyOf(WORLD.map().towns().keySet());

  static List<EventDraws.Draw> hours(long seed, long from, long to) {
    List<EventDraws.Draw> all = new ArrayList<>();
    for (long h = from; h < to; h++) {
      all.addAll(EventDraws.hour(seed, h, TYPES, TOWNS, "autumn", "fog", (type, town) -> false));
    }
    return all;
  }

  @Test
  void theSameSeedAndHourDrawTheSameEventsWhateverCameBefore() {
    List<EventDraws.Draw> year = hours(1247, 0, 24 * 360);
    assertTrue(year.size() > 10, "a year of autumn fog has events: " + year.size());
    assertEquals(year, hours(1247, 0, 24 * 360), "the same world draws the same");
    // An hour drawn alone (as after a restart) gives what it gave in the run.
    long hour = 24 * 200 + 7;
    List<EventDraws.Draw> alone =
        EventDraws.hour(1247, hour, TYPES, TOWNS, "autumn", "fog", (type, town) -> false);
    assertEquals(alone, hours(1247, hour, hour + 1));
    assertNotEquals(year, hours(1248, 0, 24 * 360), "another seed, another history");
    for (EventDraws.Draw d : year) {
      EventTypes.Type type = WORLD.events().type(d.type()).orElseThrow();
      assertTrue(d.hours() >= type.minHours() && d.hours() <= type.maxHours(), d.toString());
      assertTrue(d.severity() >= 1 && d.severity() <= 5, d.toString());
    }
  }

  @Test
  void anEventInForceIsNotDrawnAgainAndDoesNotShiftTheOthers() {
    List<EventDraws.Draw> free = hours(7, 0, 24 * 360);
    EventDraws.Draw first = free.get(0);
    List<EventDraws.Draw> held = new ArrayList<>();
    for (long h = 0; h < 24 * 360; h++) {
      held.addAll(
          EventDraws.hour(
              7,
              h,
              TYPES,
              TOWNS,
              "autumn",
              "fog",
              (type, town) -> type.equals(first.type()) && town.equals(first.town())));
    }
    List<EventDraws.Draw> expected =
        free.stream()
            .filter(d -> !(d.type().equals(first.type()) && d.town().equals(first.town())))
            .toList();
    assertEquals(expected, held);
  }
}
