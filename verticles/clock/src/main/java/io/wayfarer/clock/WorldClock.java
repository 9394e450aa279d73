package io.wayfarer.clock;

import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.Phase;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.world.Calendar;
import java.util.Optional;

/**
 * The running world clock as plain state: where time is, whether it runs, how fast. Moving time
 * returns a {@link Step} saying what a listener should be told; the verticle only schedules and
 * publishes.
 */
public final class WorldClock {

  /**
   * The result of moving time: the new reading and the phase or season changes crossed on the way.
   */
  public record Step(
      WorldTime time,
      Optional<ClockContract.Change> phaseChange,
      Optional<ClockContract.Change> seasonChange) {}

  private final Calendar calendar;
  private final long weatherSeed;
  private long gameMinutes;
  private boolean paused;
  private double secondsPerGameHour;

  public WorldClock(
      Calendar calendar,
      long weatherSeed,
      long gameMinutes,
      boolean paused,
      double secondsPerGameHour) {
    if (gameMinutes < 0) {
      throw new IllegalArgumentException("game minutes must not be negative");
    }
    this.calendar = calendar;
    this.weatherSeed = weatherSeed;
    this.gameMinutes = gameMinutes;
    this.paused = paused;
    this.secondsPerGameHour = checkScale(secondsPerGameHour);
  }

  public long gameMinutes() {
    return gameMinutes;
  }

  public boolean paused() {
    return paused;
  }

  public double secondsPerGameHour() {
    return secondsPerGameHour;
  }

  /** Real milliseconds between two game minutes at the current scale. */
  public double millisPerGameMinute() {
    return secondsPerGameHour * 1000.0 / Calendar.MINUTES_PER_HOUR;
  }

  public WorldTime now() {
    Calendar.Date d = calendar.dateOf(gameMinutes);
    Calendar.Month month = calendar.month(d);
    Calendar.Season season = month.season();
    return new WorldTime(
        gameMinutes,
        d.year(),
        d.month(),
        month.name(),
        d.day(),
        calendar.weekdayName(d),
        d.hour(),
        d.minute(),
        season.name(),
        Calendar.phaseOf(season, d.hour()),
        Weather.at(calendar, weatherSeed, gameMinutes),
        season.dawn(),
        season.dusk(),
        secondsPerGameHour,
        paused);
  }

  /** One game minute passes. */
  public Step tick() {
    return advance(1);
  }

  /** {@code minutes} pass at once (an admin's advance, or catching up after downtime). */
  public Step advance(long minutes) {
    if (minutes < 0) {
      throw new IllegalArgumentException("time only moves forward");
    }
    WorldTime before = now();
    gameMinutes = Math.addExact(gameMinutes, minutes);
    WorldTime after = now();
    Optional<ClockContract.Change> phase =
        before.phase() == after.phase()
            ? Optional.empty()
            : Optional.of(
                new ClockContract.Change(before.phase().key(), after.phase().key(), after));
    Optional<ClockContract.Change> season =
        before.season().equals(after.season())
            ? Optional.empty()
            : Optional.of(new ClockContract.Change(before.season(), after.season(), after));
    return new Step(after, phase, season);
  }

  public void pause() {
    paused = true;
  }

  public void resume() {
    paused = false;
  }

  public void scale(double secondsPerGameHour) {
    this.secondsPerGameHour = checkScale(secondsPerGameHour);
  }

  /**
   * The game minutes that {@code realMillis} of downtime are worth at the current scale (none while
   * paused).
   */
  public long minutesIn(long realMillis) {
    return paused || realMillis <= 0 ? 0 : (long) (realMillis / millisPerGameMinute());
  }

  public Phase phase() {
    return now().phase();
  }

  private static double checkScale(double s) {
    if (!(s >= ClockContract.MIN_SECONDS_PER_GAME_HOUR
        && s <= ClockContract.MAX_SECONDS_PER_GAME_HOUR)) {
      throw new IllegalArgumentException(
          "secondsPerGameHour must be from "
              + ClockContract.MIN_SECONDS_PER_GAME_HOUR
              + " to "
              + ClockContract.MAX_SECONDS_PER_GAME_HOUR
              + ", not "
              + s);
    }
    return s;
  }
}
