package io.wayfarer.player;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.world.WorldData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The six D&D abilities, their modifiers and hit points. */
public final class Abilities {
  public static final List<String> NAMES = WorldData.ABILITIES;

  private Abilities() {}

  /** The D&D modifier: floor((score - 10) / 2), so 8-9 → -1, 10-11 → 0, 18 → +4. */
  public static int modifier(int score) {
    return Math.floorDiv(score - 10, 2);
  }

  /**
   * Hit points at first level: the hit die's maximum plus the Constitution modifier, at least 1.
   */
  public static int hitPoints(int hitDie, int constitution) {
    return Math.max(1, hitDie + modifier(constitution));
  }

  /** Rolls all six in order, 4d6 drop the lowest each. */
  public static List<Dice.AbilityRoll> roll(Dice dice) {
    return NAMES.stream().map(dice::rollAbility).toList();
  }

  public static JsonArray rollsToJson(List<Dice.AbilityRoll> rolls) {
    JsonArray arr = new JsonArray();
    for (Dice.AbilityRoll r : rolls) {
      arr.add(
          new JsonObject()
              .put("ability", r.ability())
              .put("dice", new JsonArray(r.dice()))
              .put("dropped", r.dropped())
              .put("total", r.total()));
    }
    return arr;
  }

  /** {@code {str: {score, modifier}, ...}} */
  public static JsonObject toJson(Map<String, Integer> scores) {
    JsonObject out = new JsonObject();
    for (String name : NAMES) {
      int s = scores.get(name);
      out.put(name, new JsonObject().put("score", s).put("modifier", modifier(s)));
    }
    return out;
  }

  public static Map<String, Integer> scores(List<Dice.AbilityRoll> rolls) {
    Map<String, Integer> out = new LinkedHashMap<>();
    rolls.forEach(r -> out.put(r.ability(), r.total()));
    return out;
  }
}
