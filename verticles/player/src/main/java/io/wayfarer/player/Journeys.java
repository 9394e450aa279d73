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

  /** Hit points after resting {@code hours}: a full night (8 hours) restores everything. */
  public static int restedHitPoints(int hp, int maxHp, int hours) {
    int gain = (int) Math.ceil(maxHp * Math.min(hours, 8) / 8.0);
    return Math.min(maxHp, hp + gain);
  }
}
