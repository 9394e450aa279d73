package io.wayfarer.player;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The server's dice. Unseeded (seed 0) they draw from {@link SecureRandom}, so players cannot
 * predict them; seeded they repeat exactly, for tests and for replaying a scenario.
 */
public final class Dice {
  private final RandomGenerator random;

  private Dice(RandomGenerator random) {
    this.random = random;
  }

  public static Dice seeded(long seed) {
    return seed == 0 ? new Dice(new SecureRandom()) : new Dice(new SplittableRandom(seed));
  }

  /** One die of {@code sides} sides: 1 to sides. */
  public int d(int sides) {
    return 1 + random.nextInt(sides);
  }

  /** An ability score: four d6, the lowest dropped, every die recorded. */
  public record AbilityRoll(String ability, List<Integer> dice, int dropped, int total) {}

  public AbilityRoll rollAbility(String ability) {
    int[] dice = {d(6), d(6), d(6), d(6)};
    int[] sorted = dice.clone();
    Arrays.sort(sorted);
    return new AbilityRoll(
        ability,
        Arrays.stream(dice).boxed().toList(),
        sorted[0],
        sorted[1] + sorted[2] + sorted[3]);
  }
}
