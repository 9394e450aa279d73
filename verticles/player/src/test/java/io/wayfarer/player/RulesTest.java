package io.wayfarer.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wayfarer.shared.test.TestInfra;
import io.wayfarer.shared.world.WorldData;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Dice, abilities, the road and the world data: plain rules, no Vert.x. */
class RulesTest {
  static WorldData shipped() {
    return TestInfra.world().map();
  }

  @Test
  void modifiersFollowTheTable() {
    assertEquals(-4, Abilities.modifier(3));
    assertEquals(-1, Abilities.modifier(8));
    assertEquals(-1, Abilities.modifier(9));
    assertEquals(0, Abilities.modifier(10));
    assertEquals(0, Abilities.modifier(11));
    assertEquals(3, Abilities.modifier(16));
    assertEquals(4, Abilities.modifier(18));
  }

  @Test
  void hitPointsAreTheDieMaximumPlusConstitutionAndAtLeastOne() {
    assertEquals(12, Abilities.hitPoints(10, 14));
    assertEquals(5, Abilities.hitPoints(6, 8));
    assertEquals(1, Abilities.hitPoints(4, 3), "a d4 with Constitution 3 still has a hit point");
  }

  @Test
  void experienceRaisesLevelsByTheTable() {
    assertEquals(1, Levels.levelFor(0));
    assertEquals(1, Levels.levelFor(299));
    assertEquals(2, Levels.levelFor(300));
    assertEquals(3, Levels.levelFor(900));
    assertEquals(5, Levels.levelFor(6_500));
    assertEquals(Levels.MAX, Levels.levelFor(10_000_000), "the table ends at level 10");
    assertEquals(300, Levels.nextAt(1));
    assertEquals(-1, Levels.nextAt(Levels.MAX));
    assertEquals(8, Levels.hitPointsPerLevel(10, 14), "d10: 6, and +2 for Constitution 14");
    assertEquals(1, Levels.hitPointsPerLevel(6, 3), "at least one hit point a level");
  }

  @Test
  void aFailedRoadCheckWoundsButNeverKills() {
    assertEquals(7, Journeys.woundedHitPoints(10, 3, 0));
    assertEquals(5, Journeys.woundedHitPoints(10, 3, 10), "missing by 10 adds 2");
    assertEquals(1, Journeys.woundedHitPoints(4, 6, 20), "a character keeps 1 hit point");
  }

  @Test
  void aWoundedCharacterWorksSlower() {
    assertEquals(240, Journeys.shiftMinutes(4, 10, 10));
    assertEquals(240, Journeys.shiftMinutes(4, 5, 10), "half is not yet slowed");
    assertEquals(360, Journeys.shiftMinutes(4, 4, 10), "below half: 1.5 times as long");
    assertEquals(480, Journeys.shiftMinutes(4, 2, 10), "a quarter or less: twice as long");
  }

  @Test
  void fourD6DropTheLowestIsRecordedDieByDie() {
    Dice dice = Dice.seeded(42);
    for (int i = 0; i < 500; i++) {
      Dice.AbilityRoll r = dice.rollAbility("str");
      assertEquals(4, r.dice().size());
      assertTrue(r.dice().stream().allMatch(d -> d >= 1 && d <= 6));
      assertEquals(r.dice().stream().mapToInt(Integer::intValue).min().orElseThrow(), r.dropped());
      assertEquals(r.dice().stream().mapToInt(Integer::intValue).sum() - r.dropped(), r.total());
      assertTrue(r.total() >= 3 && r.total() <= 18);
    }
  }

  @Test
  void seededDiceRepeatAndUnseededDiceDoNot() {
    Dice first = Dice.seeded(7);
    Dice replay = Dice.seeded(7);
    List<Dice.AbilityRoll> rolled = Abilities.roll(first);
    assertEquals(rolled, Abilities.roll(replay), "the same seed rolls the same abilities");
    for (int i = 0; i < 200; i++) {
      assertEquals(first.d(20), replay.d(20), "and the same d20s after them, roll " + i);
    }
    assertNotEquals(Abilities.roll(Dice.seeded(7)), Abilities.roll(Dice.seeded(8)));
    List<Dice.AbilityRoll> a = Abilities.roll(Dice.seeded(0));
    List<Dice.AbilityRoll> b = Abilities.roll(Dice.seeded(0));
    List<Dice.AbilityRoll> c = Abilities.roll(Dice.seeded(0));
    assertFalse(a.equals(b) && b.equals(c), "three secure rolls of 24 dice all the same");
  }

  @Test
  void theRoadsCheckAndItsCost() {
    assertTrue(Journeys.passes(10, 0, 10), "meeting the danger passes");
    assertFalse(Journeys.passes(9, 0, 10));
    assertTrue(Journeys.passes(8, 2, 10));
    assertEquals(20, Journeys.robbery(100, 0.2));
    assertEquals(1, Journeys.robbery(3, 0.2), "at least a coin when there is one");
    assertEquals(0, Journeys.robbery(0, 0.2));
    assertEquals(5, Journeys.robbery(5, 1.0));
  }

  @Test
  void restRestoresByTheHourAndAFullNightRestoresAll() {
    assertEquals(10, Journeys.restedHitPoints(2, 10, 8));
    assertEquals(10, Journeys.restedHitPoints(2, 10, 12));
    assertEquals(4, Journeys.restedHitPoints(2, 10, 1));
  }

  @Test
  void jobsAreOfferedInTheirWindowEvenAcrossMidnight() {
    WorldData.Job day = new WorldData.Job("j", "Day job", 2, 6, 20, Set.of("summer"));
    assertEquals(0, day.hoursLeftAt(5));
    assertEquals(14, day.hoursLeftAt(6));
    assertEquals(1, day.hoursLeftAt(19));
    assertEquals(0, day.hoursLeftAt(20));
    WorldData.Job night = new WorldData.Job("n", "Night watch", 4, 20, 4, Set.of("summer"));
    assertEquals(8, night.hoursLeftAt(20));
    assertEquals(3, night.hoursLeftAt(1));
    assertEquals(0, night.hoursLeftAt(4));
    assertEquals(0, night.hoursLeftAt(12));
  }

  @Test
  void shippedWorldDataIsValid() {
    WorldData w = shipped();
    assertEquals("redhaven", w.startTown());
    assertTrue(w.towns().size() >= 5);
    assertEquals(
        Set.of("fighter", "rogue", "cleric", "wizard", "ranger", "bard"), w.classes().keySet());
    assertTrue(w.road("millbrook", "redhaven").isPresent(), "roads run both ways");
    assertTrue(w.road("millbrook", "oakhollow").isEmpty());
  }
}
