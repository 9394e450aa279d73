package io.wayfarer.gateway;

import org.slf4j.Logger;

/**
 * Logs what clients do wrong without letting them fill the log: one line per source per minute at
 * most (with how many more it did since), and no more than {@link #GLOBAL_PER_MINUTE} lines a
 * minute in all, however many sockets an anonymous client opens. Client faults never carry a stack
 * trace: the fault is theirs, not the server's.
 *
 * <p>One per gateway instance, used only on its event loop.
 */
final class Complaints {
  static final long WINDOW_MILLIS = 60_000;
  static final int GLOBAL_PER_MINUTE = 60;

  private final Logger log;
  private long windowStart;
  private int loggedInWindow;
  private long suppressedGlobally;

  Complaints(Logger log) {
    this.log = log;
  }

  /** What one source (a socket, a connection) has done wrong since it last made the log. */
  static final class Source {
    final String who;
    long lastLoggedAt = Long.MIN_VALUE / 2;
    long since;

    Source(String who) {
      this.who = who;
    }
  }

  void complain(Source source, String what, long now) {
    if (now - source.lastLoggedAt < WINDOW_MILLIS) {
      source.since++;
      return;
    }
    if (now - windowStart >= WINDOW_MILLIS) {
      if (suppressedGlobally > 0) {
        log.warn("{} more client faults were not logged in the last minute", suppressedGlobally);
      }
      windowStart = now;
      loggedInWindow = 0;
      suppressedGlobally = 0;
    }
    if (loggedInWindow >= GLOBAL_PER_MINUTE) {
      suppressedGlobally++;
      source.since++;
      return;
    }
    loggedInWindow++;
    long more = source.since;
    source.lastLoggedAt = now;
    source.since = 0;
    log.warn(
        "Client fault from {}: {}{}",
        source.who,
        what,
        more > 0 ? " (and " + more + " more since its last report)" : "");
  }
}
