package io.wayfarer.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  final LoginThrottle throttle = new LoginThrottle(5, 20, 2000);

  @Test
  void aPairIsLockedAfterItsFailuresAndOnlyThatPair() {
    // The counts include the attempt being judged.
    assertEquals(LoginThrottle.Verdict.PROCEED, throttle.judge(5, 5));
    assertEquals(LoginThrottle.Verdict.PAIR_LOCKED, throttle.judge(6, 6));
    assertEquals(
        LoginThrottle.Verdict.PROCEED, throttle.judge(1, 1), "the same name from another address");
    assertEquals(
        LoginThrottle.Verdict.ADDRESS_LOCKED,
        throttle.judge(1, 21),
        "one address guessing at many names");
  }

  @Test
  void aNameUnderAttackWaitsLongerAndLongerButIsNeverLocked() {
    assertEquals(0, throttle.delayMillis(0));
    assertEquals(0, throttle.delayMillis(2), "a couple of typos cost nothing");
    long previous = 0;
    for (long failures = 3; failures < 10; failures++) {
      long delay = throttle.delayMillis(failures);
      assertTrue(
          delay > previous || delay == 2000,
          "grows with each failure: " + failures + " → " + delay);
      previous = delay;
    }
    assertEquals(2000, throttle.delayMillis(1_000_000), "capped: the owner still gets in");
    assertEquals(100, throttle.delayMillis(3));
    assertEquals(200, throttle.delayMillis(4));
  }
}
