package io.wayfarer.player;

/**
 * How failed logins are held back, so that guessing is slow and nobody can lock a player out
 * (OWASP's advice against account lock-out as a denial of service):
 *
 * <ul>
 *   <li>a name guessed at from one address: after {@code perNameAndAddress} failures that pair is
 *       locked for the window, and only that pair; the owner logging in from anywhere else still
 *       gets in;
 *   <li>a name guessed at from anywhere: each login for it waits a little longer, doubling with
 *       every failure after the second and capped at {@code maxDelayMillis}, which slows a
 *       distributed guesser without locking the owner out;
 *   <li>one address guessing at any names: after {@code perAddress} failures it is locked for the
 *       window.
 * </ul>
 *
 * Every attempt counts before its password is checked (and is forgotten if it succeeds), so a burst
 * of attempts in parallel cannot slip past the limits. Names that do not exist are held back the
 * same way. Plain rules, no I/O.
 */
public record LoginThrottle(int perNameAndAddress, int perAddress, long maxDelayMillis) {
  static final long FIRST_DELAY_MILLIS = 100;
  static final int FREE_FAILURES = 2;

  /** What the counts of recent attempts (this one included) allow. */
  public enum Verdict {
    PROCEED,
    PAIR_LOCKED,
    ADDRESS_LOCKED
  }

  public Verdict judge(long byNameAndAddress, long byAddress) {
    if (byNameAndAddress > perNameAndAddress) {
      return Verdict.PAIR_LOCKED;
    }
    if (byAddress > perAddress) {
      return Verdict.ADDRESS_LOCKED;
    }
    return Verdict.PROCEED;
  }

  /**
   * How long a login for a name waits when {@code failures} recent attempts on that name (from
   * anywhere) failed.
   */
  public long delayMillis(long failures) {
    if (failures <= FREE_FAILURES) {
      return 0;
    }
    long shift = Math.min(30, failures - FREE_FAILURES - 1);
    return Math.min(maxDelayMillis, FIRST_DELAY_MILLIS << shift);
  }
}
