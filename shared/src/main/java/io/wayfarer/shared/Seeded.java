package io.wayfarer.shared;

import java.util.SplittableRandom;

/**
 * Random sources that repeat: one for a seed and a key (an hour, a weather span, an activity, a
 * player), drawn from nothing else. A world's chances come from such sources rather than from one
 * long sequence, so what is rolled for one thing never depends on how many rolls came before it
 * (restarts, or jobs run in another order), and a seeded world replays to the coin.
 */
public final class Seeded {
  /** The golden-ratio step: keys next to each other give sources far apart. */
  private static final long STEP = 0x9E3779B97F4A7C15L;

  private Seeded() {}

  public static SplittableRandom random(long seed, long key) {
    return new SplittableRandom(seed * STEP + key);
  }
}
