package io.wayfarer.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wayfarer.shared.clock.Phase;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.test.TestInfra;
import io.wayfarer.shared.world.Calendar;
import org.junit.jupiter.api.Test;

class WorldClockTest {
  final Calendar calendar = TestInfra.world().calendar();

  @Test
  void aTickIsOneGameMinute() {
    WorldClock clock =
        new WorldClock(calendar, 1, calendar.minutesOf(1247, 6, 10, 12, 59), false, 60);
    WorldTime t = clock.tick().time();
    assertEquals(13, t.hour());
    assertEquals(0, t.minute());
    assertEquals("Highsun", t.monthName());
    assertEquals("summer", t.season());
  }

  @Test
  void crossingDawnAnnouncesThePhaseChangeOnce() {
    // Spring dawn is at 5: 04:59 is night, 05:00 dawn.
    WorldClock clock =
        new WorldClock(calendar, 1, calendar.minutesOf(1247, 4, 1, 4, 58), false, 60);
    WorldClock.Step first = clock.tick();
    assertTrue(first.phaseChange().isEmpty());
    WorldClock.Step second = clock.tick();
    assertEquals("night", second.phaseChange().orElseThrow().from());
    assertEquals("dawn", second.phaseChange().orElseThrow().to());
    assertTrue(clock.tick().phaseChange().isEmpty());
  }

  @Test
  void advancingAcrossMonthsAnnouncesTheSeason() {
    WorldClock clock =
        new WorldClock(calendar, 1, calendar.minutesOf(1247, 5, 31, 23, 0), false, 60);
    WorldClock.Step step = clock.advance(60);
    assertEquals("spring", step.seasonChange().orElseThrow().from());
    assertEquals("summer", step.seasonChange().orElseThrow().to());
    assertEquals(6, step.time().month());
    assertEquals(1, step.time().day());
  }

  @Test
  void nightToDayByAdvance() {
    WorldClock clock = new WorldClock(calendar, 1, calendar.minutesOf(1247, 7, 1, 1, 0), false, 60);
    assertEquals(Phase.NIGHT, clock.phase());
    WorldClock.Step step = clock.advance(10 * 60);
    assertEquals(Phase.DAY, step.time().phase());
    assertEquals("night", step.phaseChange().orElseThrow().from());
  }

  @Test
  void downtimeIsWorthMinutesAtTheScaleAndNothingWhilePaused() {
    WorldClock clock = new WorldClock(calendar, 1, 0, false, 60);
    assertEquals(90, clock.minutesIn(90_000));
    clock.scale(6);
    assertEquals(900, clock.minutesIn(90_000));
    clock.pause();
    assertEquals(0, clock.minutesIn(90_000));
    assertTrue(clock.now().paused());
    clock.resume();
    assertFalse(clock.now().paused());
  }

  @Test
  void timeNeverRunsBackwardsAndScaleIsBounded() {
    WorldClock clock = new WorldClock(calendar, 1, 1000, false, 60);
    assertThrows(IllegalArgumentException.class, () -> clock.advance(-1));
    assertThrows(IllegalArgumentException.class, () -> clock.scale(0));
    assertThrows(IllegalArgumentException.class, () -> clock.scale(Double.NaN));
    assertEquals(1000, clock.gameMinutes());
  }
}
