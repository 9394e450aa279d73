package io.wayfarer.shared.world;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.config.DataCheck;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Towns, roads, jobs and character classes, read from {@code conf/world/} once and validated at
 * start, with errors that name the file, the entry and the field. Every verticle that needs the map
 * reads it through this class.
 */
public final class WorldData {
  /**
   * The six abilities, by their short names; a road's check and a class's primary ability are one
   * of them.
   */
  public static final List<String> ABILITIES = List.of("str", "dex", "con", "int", "wis", "cha");

  /** The towns and the roads between them: what {@code towns.json} says of the map. */
  public record Geography(
      String startTown, double robberyShare, Map<String, Town> towns, List<Road> roads) {}

  /** An inn; its price is in copper, as every amount of money (written in coins in towns.json). */
  public record Inn(String name, long pricePerHour) {}

  /**
   * A job offered between {@code from} and {@code to} o'clock (a window may run past midnight) in
   * some seasons.
   */
  public record Job(
      String id, String name, long wagePerHour, int from, int to, Set<String> seasons) {
    /** Hours left in today's window at {@code hour}, or 0 when the job is not offered then. */
    public int hoursLeftAt(int hour) {
      int length = Math.floorMod(to - from, 24);
      int into = Math.floorMod(hour - from, 24);
      return into < length ? length - into : 0;
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("id", id)
          .put("name", name)
          .put("wagePerHour", wagePerHour)
          .put("from", from)
          .put("to", to)
          .put("seasons", new JsonArray(List.copyOf(seasons)));
    }
  }

  public record Town(
      String id, String name, String description, int x, int y, Inn inn, List<Job> jobs) {
    public Optional<Job> job(String jobId) {
      return jobs.stream().filter(j -> j.id().equals(jobId)).findFirst();
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("id", id)
          .put("name", name)
          .put("description", description)
          .put("x", x)
          .put("y", y)
          .put(
              "inn",
              new JsonObject().put("name", inn.name()).put("pricePerHour", inn.pricePerHour()))
          .put("jobs", new JsonArray(jobs.stream().map(Job::toJson).toList()));
    }
  }

  /**
   * A road between two towns, both ways: game hours to travel, and the DC of the check made on the
   * way.
   */
  public record Road(String from, String to, int hours, int danger, String check) {
    public boolean joins(String a, String b) {
      return (from.equals(a) && to.equals(b)) || (from.equals(b) && to.equals(a));
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("from", from)
          .put("to", to)
          .put("hours", hours)
          .put("danger", danger)
          .put("check", check);
    }
  }

  public record CharacterClass(
      String id,
      String name,
      int hitDie,
      long startingCoin,
      String primary,
      Map<String, Long> kit) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("id", id)
          .put("name", name)
          .put("hitDie", hitDie)
          .put("startingCoin", startingCoin)
          .put("primary", primary)
          .put("kit", new JsonObject(new LinkedHashMap<>(kit)));
    }
  }

  private final String startTown;
  private final double robberyShare;
  private final Map<String, Town> towns;
  private final List<Road> roads;
  private final Map<String, CharacterClass> classes;

  private WorldData(
      String startTown,
      double robberyShare,
      Map<String, Town> towns,
      List<Road> roads,
      Map<String, CharacterClass> classes) {
    this.startTown = startTown;
    this.robberyShare = robberyShare;
    this.towns = towns;
    this.roads = roads;
    this.classes = classes;
  }

  public String startTown() {
    return startTown;
  }

  public double robberyShare() {
    return robberyShare;
  }

  /** The map alone: towns, roads, where newcomers start. */
  public Geography geography() {
    return new Geography(startTown, robberyShare, towns, roads);
  }

  public Optional<Town> town(String id) {
    return Optional.ofNullable(id == null ? null : towns.get(id));
  }

  public Map<String, Town> towns() {
    return towns;
  }

  public List<Road> roads() {
    return roads;
  }

  public Optional<Road> road(String a, String b) {
    return roads.stream().filter(r -> r.joins(a, b)).findFirst();
  }

  public Optional<CharacterClass> characterClass(String id) {
    return Optional.ofNullable(id == null ? null : classes.get(id));
  }

  public Map<String, CharacterClass> classes() {
    return classes;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("startTown", startTown)
        .put("towns", new JsonArray(towns.values().stream().map(Town::toJson).toList()))
        .put("roads", new JsonArray(roads.stream().map(Road::toJson).toList()))
        .put(
            "classes",
            new JsonArray(classes.values().stream().map(CharacterClass::toJson).toList()));
  }

  static WorldData fromJson(
      JsonObject townsJson, String townsSource, JsonObject classesJson, String classesSource) {
    Geography g = geography(townsJson, townsSource);
    return new WorldData(
        g.startTown(), g.robberyShare(), g.towns(), g.roads(), classes(classesJson, classesSource));
  }

  static Geography geography(JsonObject townsJson, String townsSource) {
    DataCheck c = new DataCheck(townsSource);
    Map<String, Town> towns = new LinkedHashMap<>();
    JsonArray townArr = c.array(townsJson, "towns", 1, 200);
    for (int i = 0; i < townArr.size(); i++) {
      String at = "towns[" + i + "]";
      JsonObject t = c.object(townArr.getValue(i), at);
      String id = c.id(t.getValue("id"), at + ".id");
      JsonObject inn = c.object(t.getValue("inn"), at + ".inn");
      List<Job> jobs = new ArrayList<>();
      JsonArray jobArr = c.array(t.getValue("jobs"), at + ".jobs", 0, 50);
      for (int j = 0; j < jobArr.size(); j++) {
        String jat = at + ".jobs[" + j + "]";
        JsonObject job = c.object(jobArr.getValue(j), jat);
        JsonArray seasonArr = c.array(job.getValue("seasons"), jat + ".seasons", 1, 4);
        List<String> seasons = new ArrayList<>();
        for (int k = 0; k < seasonArr.size(); k++) {
          seasons.add(
              c.oneOf(seasonArr.getValue(k), jat + ".seasons[" + k + "]", ClockContract.SEASONS));
        }
        int from = c.integer(job.getValue("from"), jat + ".from", 0, 23);
        int to = c.integer(job.getValue("to"), jat + ".to", 0, 23);
        if (from == to) {
          throw c.error(jat + ".to", "must differ from 'from'");
        }
        jobs.add(
            new Job(
                c.id(job.getValue("id"), jat + ".id"),
                c.name(job.getValue("name"), jat + ".name", 60),
                c.coins(job.getValue("wagePerHour"), jat + ".wagePerHour", 1, 100_000),
                from,
                to,
                Set.copyOf(seasons)));
      }
      c.unique(jobs.stream().map(Job::id).toList(), at + ".jobs");
      Town town =
          new Town(
              id,
              c.name(t.getValue("name"), at + ".name"),
              c.name(t.getValue("description"), at + ".description", 400),
              c.integer(t.getValue("x"), at + ".x", 0, 1000),
              c.integer(t.getValue("y"), at + ".y", 0, 1000),
              new Inn(
                  c.name(inn.getValue("name"), at + ".inn.name", 60),
                  c.coins(inn.getValue("pricePerHour"), at + ".inn.pricePerHour", 1, 100_000)),
              List.copyOf(jobs));
      if (towns.put(id, town) != null) {
        throw c.error(at + ".id", "town '" + id + "' appears twice");
      }
    }
    String start = c.id(townsJson.getValue("startTown"), "startTown");
    if (!towns.containsKey(start)) {
      throw c.error("startTown", "names no town: " + start);
    }
    double share = c.number(townsJson.getValue("robberyShare"), "robberyShare", 0, 1);
    List<Road> roads = new ArrayList<>();
    JsonArray roadArr = c.array(townsJson, "roads", 0, 2000);
    for (int i = 0; i < roadArr.size(); i++) {
      String at = "roads[" + i + "]";
      JsonObject r = c.object(roadArr.getValue(i), at);
      String from = c.id(r.getValue("from"), at + ".from");
      String to = c.id(r.getValue("to"), at + ".to");
      for (String end : List.of(from, to)) {
        if (!towns.containsKey(end)) {
          throw c.error(at, "names no town: " + end);
        }
      }
      if (from.equals(to)) {
        throw c.error(at, "must join two different towns");
      }
      String check = c.id(r.getValue("check"), at + ".check");
      if (!ABILITIES.contains(check)) {
        throw c.error(at + ".check", "must be one of " + ABILITIES);
      }
      Road road =
          new Road(
              from,
              to,
              c.integer(r.getValue("hours"), at + ".hours", 1, 240),
              c.integer(r.getValue("danger"), at + ".danger", 0, 40),
              check);
      if (roads.stream().anyMatch(x -> x.joins(from, to))) {
        throw c.error(at, "joins " + from + " and " + to + " a second time");
      }
      roads.add(road);
    }
    return new Geography(start, share, Collections.unmodifiableMap(towns), List.copyOf(roads));
  }

  private static Map<String, CharacterClass> classes(JsonObject classesJson, String classesSource) {
    DataCheck cc = new DataCheck(classesSource);
    Map<String, CharacterClass> classes = new LinkedHashMap<>();
    JsonArray classArr = cc.array(classesJson, "classes", 1, 50);
    for (int i = 0; i < classArr.size(); i++) {
      String at = "classes[" + i + "]";
      JsonObject k = cc.object(classArr.getValue(i), at);
      String id = cc.id(k.getValue("id"), at + ".id");
      int hitDie = cc.integer(k.getValue("hitDie"), at + ".hitDie", 4, 12);
      String primary = cc.id(k.getValue("primary"), at + ".primary");
      if (!ABILITIES.contains(primary)) {
        throw cc.error(at + ".primary", "must be one of " + ABILITIES);
      }
      Map<String, Long> kit = new LinkedHashMap<>();
      JsonObject kitJson = cc.object(k.getValue("kit"), at + ".kit");
      for (String item : kitJson.fieldNames()) {
        cc.id(item, at + ".kit key");
        kit.put(item, (long) cc.integer(kitJson.getValue(item), at + ".kit." + item, 1, 1000));
      }
      CharacterClass cls =
          new CharacterClass(
              id,
              cc.name(k.getValue("name"), at + ".name"),
              hitDie,
              cc.coins(k.getValue("startingCoin"), at + ".startingCoin", 0, 10_000_000),
              primary,
              Collections.unmodifiableMap(kit));
      if (classes.put(id, cls) != null) {
        throw cc.error(at + ".id", "class '" + id + "' appears twice");
      }
    }
    return Collections.unmodifiableMap(classes);
  }
}
