package io.wayfarer.npc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wayfarer.shared.test.TestInfra;
import io.wayfarer.shared.world.EventTypes;
import io.wayfarer.shared.world.NpcData;
import io.wayfarer.shared.world.World;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schedules (hour, season, weather → place) and production rules, as plain units. */
class TownsfolkTest {
  // The world's own towns, goods and people, read as every verticle reads them.
  static final World WORLD = TestInfra.world();
  static final List<String> TOWNS = List.copyOf(WORLD.map().towns().keySet());
  static final List<String> GOODS = List.copyOf(WORLD.goods().keySet());

  static NpcData data() {
    return WORLD.people();
  }

  static Townsfolk.TownConditions[] calm() {
    Townsfolk.TownConditions[] c = new Townsfolk.TownConditions[TOWNS.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = new Townsfolk.TownConditions(GOODS.size());
    }
    return c;
  }

  static int season(String s) {
    return NpcData.SEASONS.indexOf(s);
  }

  static int weather(String w) {
    return NpcData.WEATHER.indexOf(w);
  }

  /** Where the first NPC of a profession in a town is after a tick. */
  static String whereIs(Townsfolk folk, String town, String profession) {
    for (int i = 0; i < folk.size(); i++) {
      if (TOWNS.get(folk.townOf(i)).equals(town) && folk.professionName(i).equals(profession)) {
        return folk.placeName(i);
      }
    }
    throw new AssertionError("no " + profession + " in " + town);
  }

  @Test
  void farmersWorkTheFieldsFromSpringToAutumnAndStayHomeInWinter() {
    Townsfolk folk = new Townsfolk(data(), TOWNS, GOODS, 50, 1);
    folk.tick(10, season("summer"), weather("clear"), calm());
    assertEquals("fields", whereIs(folk, "millbrook", "farmer"));
    folk.tick(10, season("winter"), weather("clear"), calm());
    assertEquals("home", whereIs(folk, "millbrook", "farmer"));
    folk.tick(22, season("summer"), weather("clear"), calm());
    assertEquals("home", whereIs(folk, "millbrook", "farmer"), "not at night");
  }

  @Test
  void fishersStayAshoreInStormsAndTheMarketShutsAtNight() {
    Townsfolk folk = new Townsfolk(data(), TOWNS, GOODS, 50, 1);
    folk.tick(8, season("spring"), weather("clear"), calm());
    assertEquals("harbour", whereIs(folk, "saltmere", "fisher"));
    assertEquals("market", whereIs(folk, "redhaven", "merchant"));
    folk.tick(8, season("spring"), weather("storm"), calm());
    assertEquals("home", whereIs(folk, "saltmere", "fisher"));
    folk.tick(23, season("spring"), weather("clear"), calm());
    assertEquals("home", whereIs(folk, "redhaven", "merchant"));
    assertEquals(
        "tavern", whereIs(folk, "redhaven", "innkeeper"), "the tavern is open until midnight");
  }

  @Test
  void guardsKeepDayAndNightShiftsAndPatrolWhenBanditsCome() {
    Townsfolk folk = new Townsfolk(data(), TOWNS, GOODS, 50, 1);
    folk.tick(12, season("autumn"), weather("rain"), calm());
    assertEquals("gate", whereIs(folk, "redhaven", "guard"));
    assertEquals("home", whereIs(folk, "redhaven", "watchman"));
    folk.tick(2, season("autumn"), weather("rain"), calm());
    assertEquals("walls", whereIs(folk, "redhaven", "watchman"));
    Townsfolk.TownConditions[] bandits = calm();
    bandits[TOWNS.indexOf("redhaven")].guardsPatrol = true;
    folk.tick(12, season("autumn"), weather("rain"), bandits);
    assertEquals("patrol", whereIs(folk, "redhaven", "guard"));
    assertEquals("patrol", whereIs(folk, "redhaven", "watchman"));
  }

  @Test
  void productionAndConsumptionFollowWhoWorksAndTheEvents() {
    Townsfolk folk = new Townsfolk(data(), TOWNS, GOODS, 50, 1);
    for (int h = 6; h < 18; h++) {
      folk.tick(h, season("summer"), weather("clear"), calm());
    }
    Map<String, Long> supply = new HashMap<>();
    folk.drainSupply().forEach(d -> supply.merge(d.town() + "/" + d.good(), d.delta(), Long::sum));
    assertTrue(
        supply.getOrDefault("millbrook/grain", 0L) > 0,
        "Millbrook's farmers grow grain: " + supply);
    assertTrue(supply.getOrDefault("saltmere/fish", 0L) > 0, "Saltmere's fishers land fish");
    Townsfolk winter = new Townsfolk(data(), TOWNS, GOODS, 50, 1);
    for (int h = 0; h < 24; h++) {
      winter.tick(h, season("winter"), weather("snow"), calm());
    }
    assertTrue(
        sum(winter, "redhaven", "grain") < 0,
        "in winter nobody farms and Redhaven eats into its grain");

    Townsfolk stormy = new Townsfolk(data(), TOWNS, GOODS, 50, 1);
    Townsfolk.TownConditions[] storm = calm();
    storm[TOWNS.indexOf("saltmere")].storm = true;
    for (int h = 6; h < 18; h++) {
      stormy.tick(h, season("summer"), weather("clear"), storm);
    }
    long fish =
        stormy.drainSupply().stream()
            .filter(d -> d.town().equals("saltmere") && d.good().equals("fish"))
            .mapToLong(Townsfolk.Delta::delta)
            .sum();
    assertTrue(fish < 0, "a storm stops fishing; the town still eats fish: " + fish);

    Townsfolk festive = new Townsfolk(data(), TOWNS, GOODS, 50, 1);
    Townsfolk.TownConditions[] festival = calm();
    festival[TOWNS.indexOf("redhaven")].demand[GOODS.indexOf("ale")] = 3.0;
    Townsfolk plain = new Townsfolk(data(), TOWNS, GOODS, 50, 1);
    for (int h = 0; h < 24; h++) {
      festive.tick(h, season("summer"), weather("clear"), festival);
      plain.tick(h, season("summer"), weather("clear"), calm());
    }
    assertTrue(
        festive.accumulated()[0][GOODS.indexOf("ale")] + sum(festive, "redhaven", "ale")
            < plain.accumulated()[0][GOODS.indexOf("ale")] + sum(plain, "redhaven", "ale"),
        "a festival drinks more ale");
  }

  static long sum(Townsfolk folk, String town, String good) {
    return folk.drainSupply().stream()
        .filter(d -> d.town().equals(town) && d.good().equals(good))
        .mapToLong(Townsfolk.Delta::delta)
        .sum();
  }

  @Test
  void stormsAreLikelierInRainAndEventOddsFollowTheSeason() {
    EventTypes types = WORLD.events();
    EventTypes.Type storm = types.type("storm").orElseThrow();
    assertTrue(storm.chanceIn("autumn", "rain") > storm.chanceIn("autumn", "clear"));
    assertTrue(
        storm.chanceIn("autumn", "cloudy") > storm.chanceIn("summer", "cloudy"),
        "autumn storms are likelier than summer's");
    assertEquals(
        0.0,
        types.type("good_harvest").orElseThrow().chanceIn("winter", "clear"),
        "no harvests in winter");
  }

  @Test
  void theSameSeedMakesTheSamePeople() {
    Townsfolk a = new Townsfolk(data(), TOWNS, GOODS, 50, 9);
    Townsfolk b = new Townsfolk(data(), TOWNS, GOODS, 50, 9);
    Townsfolk c = new Townsfolk(data(), TOWNS, GOODS, 50, 10);
    boolean differs = false;
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.name(i), b.name(i));
      assertEquals(a.professionName(i), b.professionName(i));
      differs |= !a.name(i).equals(c.name(i));
    }
    assertTrue(differs);
    assertEquals(250, a.size());
    assertTrue(List.of(a.professionName(0)).size() == 1);
  }
}
