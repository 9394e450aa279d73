package io.wayfarer.shared.world;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.config.DataCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Townsfolk as data: places, professions (workplace, production and consumption per hour, schedule
 * rules by season and weather), and the population to generate ({@code
 * conf/world/professions.json}, {@code npcs.json}).
 */
public final class NpcData {
  public static final List<String> SEASONS = ClockContract.SEASONS;
  public static final List<String> WEATHER = ClockContract.WEATHER;

  /**
   * At work from {@code from} to {@code to} o'clock (past midnight when to <= from) in these
   * seasons, unless the weather is one of {@code notWeather}.
   */
  public record Rule(Set<String> seasons, int from, int to, Set<String> notWeather) {
    public boolean covers(String season, String weather, int hour) {
      if (!seasons.contains(season) || notWeather.contains(weather)) {
        return false;
      }
      int length = Math.floorMod(to - from, 24);
      return Math.floorMod(hour - from, 24) < (length == 0 ? 24 : length);
    }
  }

  public record Profession(
      String id,
      String name,
      String workplace,
      Map<String, Double> produces,
      Map<String, Double> consumes,
      List<Rule> schedule,
      boolean guard) {}

  public record Population(
      int perTown,
      long seed,
      int caravansPerTown,
      long caravanLoad,
      List<String> firstNames,
      List<String> familyNames,
      Map<String, Integer> weights,
      Map<String, Map<String, Integer>> townWeights) {}

  private final List<String> places;
  private final Map<String, Double> consumption;
  private final List<Profession> professions;
  private final Population population;

  private NpcData(
      List<String> places,
      Map<String, Double> consumption,
      List<Profession> professions,
      Population population) {
    this.places = places;
    this.consumption = consumption;
    this.professions = professions;
    this.population = population;
  }

  public List<String> places() {
    return places;
  }

  public Map<String, Double> consumption() {
    return consumption;
  }

  public List<Profession> professions() {
    return professions;
  }

  public Population population() {
    return population;
  }

  /**
   * Reads {@code professions.json} and {@code npcs.json}; the goods, towns and the calendar's
   * seasons and weather they may name come from the files already read (see {@link World}).
   */
  static NpcData fromJson(
      JsonObject prof,
      String profSource,
      JsonObject npcs,
      String npcSource,
      Set<String> goods,
      Set<String> knownTowns,
      Calendar calendar) {
    List<String> seasons = calendar.seasonNames();
    List<String> weather = calendar.weatherKinds();
    DataCheck c = new DataCheck(profSource);
    List<String> places = new ArrayList<>();
    JsonArray placeArr = c.array(prof, "places", 2, 100);
    for (int i = 0; i < placeArr.size(); i++) {
      places.add(c.id(placeArr.getValue(i), "places[" + i + "]"));
    }
    for (String needed : List.of("home", "patrol", "road")) {
      if (!places.contains(needed)) {
        throw c.error("places", "must include '" + needed + "'");
      }
    }
    Map<String, Double> consumption =
        rates(
            c,
            c.object(prof.getValue("consumptionPerHour"), "consumptionPerHour"),
            "consumptionPerHour",
            goods);
    List<Profession> professions = new ArrayList<>();
    JsonArray arr = c.array(prof, "professions", 1, 100);
    for (int i = 0; i < arr.size(); i++) {
      String at = "professions[" + i + "]";
      JsonObject p = c.object(arr.getValue(i), at);
      String workplace = c.id(p.getValue("workplace"), at + ".workplace");
      if (!places.contains(workplace)) {
        throw c.error(at + ".workplace", "is not one of the places " + places);
      }
      List<Rule> rules = new ArrayList<>();
      JsonArray ruleArr = c.array(p.getValue("schedule"), at + ".schedule", 1, 10);
      for (int r = 0; r < ruleArr.size(); r++) {
        String rat = at + ".schedule[" + r + "]";
        JsonObject rule = c.object(ruleArr.getValue(r), rat);
        rules.add(
            new Rule(
                names(
                    c, rule.getValue("seasons", new JsonArray(seasons)), rat + ".seasons", seasons),
                c.integer(rule.getValue("from"), rat + ".from", 0, 23),
                c.integer(rule.getValue("to"), rat + ".to", 0, 23),
                names(
                    c,
                    rule.getValue("notWeather", new JsonArray()),
                    rat + ".notWeather",
                    weather)));
      }
      professions.add(
          new Profession(
              c.id(p.getValue("id"), at + ".id"),
              c.name(p.getValue("name"), at + ".name"),
              workplace,
              rates(c, p.getValue("produces", new JsonObject()), at + ".produces", goods),
              rates(c, p.getValue("consumes", new JsonObject()), at + ".consumes", goods),
              List.copyOf(rules),
              p.getBoolean("guard", false)));
    }
    c.unique(professions.stream().map(Profession::id).toList(), "professions");

    DataCheck n = new DataCheck(npcSource);
    Map<String, Integer> weights = new LinkedHashMap<>();
    JsonObject w = n.object(npcs.getValue("professionWeights"), "professionWeights");
    for (String id : w.fieldNames()) {
      if (professions.stream().noneMatch(p -> p.id().equals(id))) {
        throw n.error("professionWeights." + id, "is not a profession");
      }
      weights.put(id, n.integer(w.getValue(id), "professionWeights." + id, 0, 1000));
    }
    Map<String, Map<String, Integer>> townWeights = new LinkedHashMap<>();
    JsonObject towns = n.object(npcs.getValue("towns", new JsonObject()), "towns");
    for (String town : towns.fieldNames()) {
      if (!knownTowns.contains(town)) {
        throw n.error("towns." + town, "is not a town in towns.json");
      }
      Map<String, Integer> tw = new LinkedHashMap<>();
      JsonObject t = n.object(towns.getValue(town), "towns." + town);
      for (String id : t.fieldNames()) {
        if (!weights.containsKey(id)) {
          throw n.error("towns." + town + "." + id, "is not a profession with a weight");
        }
        tw.put(id, n.integer(t.getValue(id), "towns." + town + "." + id, 0, 1000));
      }
      townWeights.put(town, tw);
    }
    Population population =
        new Population(
            n.integer(npcs.getValue("perTown"), "perTown", 1, 100_000),
            npcs.getLong("seed", 1L),
            n.integer(npcs.getValue("caravansPerTown", 1), "caravansPerTown", 0, 20),
            n.integer(npcs.getValue("caravanLoad", 40), "caravanLoad", 1, 10_000),
            strings(n, npcs.getValue("firstNames"), "firstNames"),
            strings(n, npcs.getValue("familyNames"), "familyNames"),
            weights,
            townWeights);
    return new NpcData(List.copyOf(places), consumption, List.copyOf(professions), population);
  }

  private static Map<String, Double> rates(
      DataCheck c, Object value, String at, Set<String> goods) {
    JsonObject o = c.object(value, at);
    Map<String, Double> out = new LinkedHashMap<>();
    for (String good : o.fieldNames()) {
      if (!goods.contains(good)) {
        throw c.error(at + "." + good, "is not a good");
      }
      out.put(good, c.number(o.getValue(good), at + "." + good, 0, 1000));
    }
    return out;
  }

  private static Set<String> names(DataCheck c, Object value, String at, List<String> allowed) {
    JsonArray arr = c.array(value, at, 0, allowed.size());
    List<String> out = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      out.add(c.oneOf(arr.getValue(i), at + "[" + i + "]", allowed));
    }
    return Set.copyOf(out);
  }

  private static List<String> strings(DataCheck c, Object value, String at) {
    JsonArray arr = c.array(value, at, 1, 10_000);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      out.add(c.name(arr.getValue(i), at + "[" + i + "]"));
    }
    return List.copyOf(out);
  }
}
