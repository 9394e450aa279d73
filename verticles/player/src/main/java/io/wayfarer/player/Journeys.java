package io.wayfarer.player;

/** The rules of the road. */
public final class Journeys {
  private Journeys() {}

  /**
   * The check on the road: a d20 plus the ability modifier against the road's danger; meeting it
   * succeeds.
   */
  public static boolean passes(int d20, int modifier, int danger) {
    return d20 + modifier >= danger;
  }

  /**
   * What a failed check costs, in copper: a share of the money carried, at least a copper piece
   * when there is any.
   */
  public static long robbery(long copperCarried, double share) {
    if (copperCarried <= 0 || share <= 0) {
      return 0;
    }
    return Math.min(copperCarried, Math.max(1, (long) Math.floor(copperCarried * share)));
  }

  /**
   * The wound a failed check on the road leaves: a d6, and one more for every 5 the check missed
   * by. Footpads rob, they do not kill: a character keeps at least 1 hit point.
   */
  public static int woundedHitPoints(int hp, int d6, int missedBy) {
    int damage = d6 + Math.max(0, missedBy) / 5;
    return Math.max(1, hp - damage);
  }

  /**
   * How long a shift of {@code hours} takes a character with {@code hp} of {@code maxHp}: a
   * character below half its hit points works at two thirds of the pace (1.5 times as long), one at
   * a quarter or less at half the pace (twice as long). The wage is the same; the time is not.
   */
  public static long shiftMinutes(int hours, int hp, int maxHp) {
    long minutes = hours * 60L;
    if (hp * 4 <= maxHp) {
      return minutes * 2;
    }
    if (hp * 2 < maxHp) {
      return minutes * 3 / 2;
    }
    return minutes;
  }

  /** Hit points after resting {@code hours}: a full night (8 hours) restores everything. */
  public static int restedHitPoints(int hp, int maxHp, int hours) {
    int gain = (int) Math.ceil(maxHp * Math.min(hours, 8) / 8.0);
    return Math.min(maxHp, hp + gain);
  }
}
