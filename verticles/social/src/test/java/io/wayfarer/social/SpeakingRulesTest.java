package io.wayfarer.social;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The plain rules of speaking, on the time they are given. */
class SpeakingRulesTest {
  static final long SECOND = 1_000_000_000L;

  @Test
  void aBucketAllowsItsBurstThenItsRate() {
    TokenBucket b = new TokenBucket(5, 1.0, 0);
    for (int i = 0; i < 5; i++) {
      assertEquals(0, b.take(0), "the burst");
    }
    long wait = b.take(0);
    assertEquals(SECOND, wait, "one token a second");
    assertTrue(b.take(SECOND / 2) > 0, "half a second is not enough");
    assertEquals(0, b.take(SECOND));
    assertFalse(b.fullAt(SECOND));
    assertTrue(b.fullAt(10 * SECOND), "refilled, never beyond the burst");
    for (int i = 0; i < 5; i++) {
      assertEquals(0, b.take(100 * SECOND));
    }
    assertTrue(b.take(100 * SECOND) > 0);
  }

  @Test
  void theSameWordsAThirdTimeWaitAndOthersDoNot() {
    Speakers s = new Speakers(100, 100, 100, 100);
    assertNull(s.say(1, "Hello", 0));
    assertNull(s.say(1, "hello ", 1));
    Speakers.Wait w = s.say(1, "HELLO", 2);
    assertTrue(w != null && w.seconds() == 30, String.valueOf(w));
    assertNull(s.say(2, "hello", 3), "another speaker is another count");
    assertNull(s.say(1, "hello", 2 + Speakers.REPEAT_NANOS), "after a while it may come back");
    s.forgetIdle(10 * Speakers.REPEAT_NANOS);
    assertEquals(0, s.size(), "idle speakers are forgotten");
  }

  @Test
  void linesAreCleanedMaskedAndEmotesKnown() {
    ChatText t = new ChatText(List.of("darn", "blast"));
    assertEquals(new ChatText.Said("**** it, **** it all", false), t.said("Darn it, BLAST it all"));
    assertEquals("darned blasted", t.said("darned blasted").text(), "whole words only");
    assertEquals(new ChatText.Said("waves", true), t.said("/me waves"));
    assertEquals(new ChatText.Said("/meow", false), t.said("/meow"));
    assertEquals("ab", t.said("a\u0000\u200b\nb").text());
    assertEquals("", t.said(" \u0007 ").text());
  }
}
