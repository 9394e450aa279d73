package io.wayfarer.player;

/**
 * Experience and levels, after D&D's table: level 2 at 300 experience, 3 at 900, and so on to 10.
 * Each level past the first adds the hit die's average (rounded up) plus the Constitution modifier,
 * at least 1, to a character's most hit points.
 */
public final class Levels {
  /** The experience each level starts at; level {@code n} is at index {@code n - 1}. */
  private static final long[] THRESHOLDS = {
    0, 300, 900, 2_700, 6_500, 14_000, 23_000, 34_000, 48_000, 64_000
  };

  public static final int MAX = THRESHOLDS.length;

  private Levels() {}

  /** The level {@code xp} experience gives. */
  public static int levelFor(long xp) {
    int level = 1;
    while (level < MAX && xp >= THRESHOLDS[level]) {
      level++;
    }
    return level;
  }

  /** The experience the next level starts at, or -1 at the last level. */
  public static long nextAt(int level) {
    return level >= MAX ? -1 : THRESHOLDS[level];
  }

  /** Hit points a level past the first adds. */
  public static int hitPointsPerLevel(int hitDie, int constitution) {
    return Math.max(1, hitDie / 2 + 1 + Abilities.modifier(constitution));
  }
}
