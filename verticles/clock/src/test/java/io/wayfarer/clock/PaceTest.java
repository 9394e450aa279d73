package io.wayfarer.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PaceTest {
  static final long MS = 1_000_000;

  @Test
  void theMinuteComesFromRealTimeHoweverLateTheTimerFires() {
    Pace pace = new Pace();
    pace.anchor(5_000 * MS, 100, 100.0); // a game minute every 100 ms
    assertEquals(100, pace.minuteAt(5_000 * MS));
    assertEquals(100, pace.minuteAt(5_099 * MS));
    assertEquals(101, pace.minuteAt(5_100 * MS));
    // The timer was starved for 3 s: the minute is still the one real time says, nothing lost.
    assertEquals(131, pace.minuteAt(8_150 * MS));
    // Over an hour of real time, game time is exact to the minute.
    assertEquals(100 + 36_000, pace.minuteAt(5_000 * MS + 3_600_000 * MS));
  }

  @Test
  void theNextLookIsAtTheNextMinutesStart() {
    Pace pace = new Pace();
    pace.anchor(0, 0, 10.0);
    assertEquals(10, pace.millisUntilNext(0));
    assertEquals(3, pace.millisUntilNext(7 * MS));
    assertEquals(10, pace.millisUntilNext(10 * MS));
    assertTrue(pace.millisUntilNext(19_999_999) >= 1);
    // A fractional pace (0.6 s a game hour: 10 ms a minute; 60 s: 1 s) never loses the remainder.
    Pace odd = new Pace();
    odd.anchor(0, 0, 16.6);
    assertEquals(6, odd.minuteAt(100 * MS));
    assertEquals(602, odd.minuteAt(10_000 * MS));
  }

  @Test
  void anAdvanceMovesTheAnchorAndARescaleStartsANewOne() {
    Pace pace = new Pace();
    pace.anchor(0, 0, 100.0);
    pace.shift(60);
    assertEquals(65, pace.minuteAt(500 * MS));
    pace.anchor(500 * MS, pace.minuteAt(500 * MS), 50.0);
    assertEquals(75, pace.minuteAt(1_000 * MS));
  }
}
