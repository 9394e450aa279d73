package io.wayfarer.clock;

/**
 * Which game minute it is by the real clock: an anchor (a real instant and the game minute at it)
 * and the scale. Timer firings only say "look again": however late they come (a busy event loop, a
 * long pause of the collector), the minute is read from real time, so no load can slow the world;
 * it can only make a tick late, or several minutes arrive as one. Pure: the caller gives the time.
 */
final class Pace {
  private long anchorNanos;
  private long anchorMinute;
  private double nanosPerMinute;

  /** From {@code nowNanos} on, game minute {@code minute} and one more every {@code millis}. */
  void anchor(long nowNanos, long minute, double millisPerGameMinute) {
    this.anchorNanos = nowNanos;
    this.anchorMinute = minute;
    this.nanosPerMinute = millisPerGameMinute * 1e6;
  }

  /** The game minute at {@code nowNanos}. */
  long minuteAt(long nowNanos) {
    return anchorMinute + minutesSinceAnchor(nowNanos);
  }

  /**
   * How long from {@code nowNanos} until the next game minute begins, in whole milliseconds (≥ 1).
   */
  long millisUntilNext(long nowNanos) {
    long next = anchorNanos + (long) Math.ceil((minutesSinceAnchor(nowNanos) + 1) * nanosPerMinute);
    return Math.max(1, (long) Math.ceil((next - nowNanos) / 1e6));
  }

  /** Time jumped by {@code minutes} (an admin's advance): the anchor moves with it. */
  void shift(long minutes) {
    anchorMinute += minutes;
  }

  private long minutesSinceAnchor(long nowNanos) {
    return Math.max(0, (long) Math.floor((nowNanos - anchorNanos) / nanosPerMinute));
  }
}
