package io.wayfarer.player;

import io.wayfarer.shared.Seeded;
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

  /** 0 for unpredictable dice. */
  private final long seed;

  private Dice(RandomGenerator random, long seed) {
    this.random = random;
    this.seed = seed;
  }

  public static Dice seeded(long seed) {
    return seed == 0 ? new Dice(new SecureRandom(), 0) : new Dice(new SplittableRandom(seed), seed);
  }

  /**
   * The dice for one thing (an activity, a character), by its id: seeded, they come from the seed
   * and the id alone, so what is rolled for it does not depend on what was rolled before for others
   * (settlements and sign-ups in another order roll the same); unseeded, these same dice.
   */
  public Dice forOne(long id) {
    return seed == 0 ? this : new Dice(Seeded.random(seed, id), seed);
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
