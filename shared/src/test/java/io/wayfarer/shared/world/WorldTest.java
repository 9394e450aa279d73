package io.wayfarer.shared.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.config.ConfigException;
import io.wayfarer.shared.test.TestInfra;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The one world model every verticle reads: the shipped world is sound, and each broken file, or a
 * file naming what another does not define, is refused naming the file, the entry and the field.
 */
class WorldTest {
  static final Path DIR = TestInfra.root().resolve("conf/world");

  @Test
  void theShippedWorldIsSound() {
    World w = World.read(DIR);
    WorldData.Geography map = w.map().geography();
    assertTrue(map.towns().containsKey(map.startTown()));
    assertTrue(
        map.roads().stream()
            .allMatch(r -> map.towns().containsKey(r.from()) && map.towns().containsKey(r.to())));
    assertEquals(map.towns().keySet(), w.markets().markets().keySet(), "every town has a market");
    assertTrue(w.goods().containsKey("bread"));
    assertTrue(w.events().type("bandits").isPresent());
    assertTrue(
        map.towns().keySet().stream().allMatch(t -> !w.estates().in(t).isEmpty()),
        "every town has plots");
    assertEquals(4, w.calendar().seasonNames().size());
    assertTrue(w.people().professions().size() > 1);
    assertEquals(6, WorldData.ABILITIES.size());
    assertEquals(map.towns().keySet(), w.charters().towns().keySet(), "every town has a charter");
    assertTrue(
        w.charters().towns().values().stream()
            .allMatch(c -> c.powers().stream().allMatch(w.charters().decrees()::containsKey)));
  }

  /** Each breakage, the file it is in, and the start of the message it must give. */
  @Test
  void aBrokenWorldIsRefusedNamingFileEntryAndField() {
    Map<String, Breakage> breakages = new LinkedHashMap<>();
    // Within one file.
    breakages.put(
        "a road to nowhere",
        new Breakage("towns", "roads[0]", j -> road(j, 0).put("to", "atlantis")));
    breakages.put(
        "a road of no length",
        new Breakage("towns", "roads[1].hours", j -> road(j, 1).put("hours", 0)));
    breakages.put(
        "a class with a d20",
        new Breakage(
            "classes",
            "classes[2].hitDie",
            j -> j.getJsonArray("classes").getJsonObject(2).put("hitDie", 20)));
    breakages.put(
        "an event season not in the vocabulary",
        new Breakage(
            "events",
            "events[0].chancePerHour key",
            j -> event(j, 0).getJsonObject("chancePerHour").put("sumer", 0.5)));
    breakages.put(
        "a calendar month in an unknown season",
        new Breakage(
            "calendar",
            "months[0].season",
            j -> j.getJsonArray("months").getJsonObject(0).put("season", "monsoon")));
    breakages.put(
        "two plots with one id",
        new Breakage(
            "estates",
            "towns[0].plots[1].id",
            j -> plot(j, 0, 1).put("id", plot(j, 0, 0).getString("id"))));
    breakages.put(
        "a plot of a size not declared",
        new Breakage("estates", "towns[0].plots[0].size", j -> plot(j, 0, 0).put("size", "vast")));
    breakages.put(
        "an upkeep above the price",
        new Breakage(
            "estates", "towns[0].plots[0].upkeep", j -> plot(j, 0, 0).put("upkeep", "100000 gp")));
    breakages.put(
        "a tax cap above its ceiling",
        new Breakage(
            "charters",
            "towns.redhaven.taxes.sales_tax.max",
            j ->
                j.getJsonObject("default")
                    .getJsonObject("taxes")
                    .getJsonObject("sales_tax")
                    .put("max", 150)));
    breakages.put(
        "an unknown tie rule",
        new Breakage(
            "charters",
            "towns.millbrook.ties",
            j -> j.getJsonObject("towns").getJsonObject("millbrook").put("ties", "coin_toss")));
    breakages.put(
        "a power that is no decree",
        new Breakage(
            "charters",
            "towns.oakhollow.powers[0]",
            j ->
                j.getJsonObject("towns")
                    .getJsonObject("oakhollow")
                    .put("powers", new JsonArray().add("raise_taxes_to_all"))));
    // Across files.
    breakages.put(
        "a sales tax cap below the market's rate",
        new Breakage(
            "charters",
            "towns.redhaven.taxes.sales_tax",
            j ->
                j.getJsonObject("default")
                    .getJsonObject("taxes")
                    .getJsonObject("sales_tax")
                    .put("max", 1)));
    breakages.put(
        "a decree raising an unknown event",
        new Breakage(
            "charters",
            "decrees.guards.event",
            j -> j.getJsonObject("decrees").getJsonObject("guards").put("event", "dragon")));
    breakages.put(
        "a charter for an unknown town",
        new Breakage(
            "charters",
            "towns key",
            j -> j.getJsonObject("towns").put("atlantis", new JsonObject())));
    breakages.put(
        "plots in an unknown town",
        new Breakage(
            "estates",
            "towns[1].town",
            j -> j.getJsonArray("towns").getJsonObject(1).put("town", "atlantis")));
    breakages.put(
        "a market selling an unknown good",
        new Breakage(
            "towns",
            "towns[0].market.gold_bars",
            j ->
                town(j, 0)
                    .getJsonObject("market")
                    .put("gold_bars", new JsonObject().put("stock", 1).put("need", 1))));
    breakages.put(
        "a profession making an unknown good",
        new Breakage(
            "professions",
            "professions[0].produces.mithril",
            j ->
                j.getJsonArray("professions")
                    .getJsonObject(0)
                    .getJsonObject("produces")
                    .put("mithril", 1)));
    breakages.put(
        "townsfolk for an unknown town",
        new Breakage(
            "npcs",
            "towns.atlantis",
            j -> j.getJsonObject("towns").put("atlantis", new JsonObject())));
    breakages.put(
        "event odds for a season the calendar does not have",
        withoutWinterBut(
            "events",
            "events[0].chancePerHour.winter",
            j -> event(j, 0).getJsonObject("chancePerHour").put("winter", 0.001)));
    breakages.put(
        "a good's price in a season the calendar does not have",
        withoutWinterBut(
            "goods",
            "goods[3].seasons.winter",
            j ->
                j.getJsonArray("goods")
                    .getJsonObject(3)
                    .getJsonObject("seasons")
                    .put("winter", 1.2)));
    breakages.put(
        "a job in a season the calendar does not have",
        withoutWinterBut(
            "towns",
            "towns[0].jobs[0].seasons",
            j ->
                town(j, 0)
                    .getJsonArray("jobs")
                    .getJsonObject(0)
                    .getJsonArray("seasons")
                    .add("winter")));
    breakages.put(
        "event odds for weather the calendar never brings",
        new Breakage(
                "events",
                "events[0].weather.snow",
                j -> event(j, 0).getJsonObject("weather").put("snow", 2.0))
            .alsoIn("calendar", WorldTest::calendarWithoutSnow));
    breakages.put(
        "an event changing the production of an unknown good",
        new Breakage(
            "events",
            "events[2].effects.production.mithril",
            j ->
                event(j, 2)
                    .getJsonObject("effects")
                    .getJsonObject("production")
                    .put("mithril", 2.0)));
    breakages.forEach(
        (what, b) -> {
          Map<String, JsonObject> files = World.readFiles(DIR);
          b.changes().forEach((file, change) -> change.accept(files.get(file)));
          ConfigException e =
              assertThrows(
                  ConfigException.class, () -> World.fromJson(files, World.sourcesIn(DIR)), what);
          String expected = DIR.resolve(b.file() + ".json") + ": " + b.field();
          assertTrue(
              e.getMessage().startsWith(expected),
              what + ": '" + e.getMessage() + "' should start with '" + expected + "'");
        });
  }

  record Breakage(String file, String field, Map<String, Consumer<JsonObject>> changes) {
    Breakage(String file, String field, Consumer<JsonObject> change) {
      this(file, field, new LinkedHashMap<>(Map.of(file, change)));
    }

    Breakage alsoIn(String other, Consumer<JsonObject> change) {
      changes.merge(other, change, Consumer::andThen);
      return this;
    }
  }

  static JsonObject road(JsonObject towns, int i) {
    return towns.getJsonArray("roads").getJsonObject(i);
  }

  static JsonObject town(JsonObject towns, int i) {
    return towns.getJsonArray("towns").getJsonObject(i);
  }

  static JsonObject plot(JsonObject estates, int town, int i) {
    return estates.getJsonArray("towns").getJsonObject(town).getJsonArray("plots").getJsonObject(i);
  }

  static JsonObject event(JsonObject events, int i) {
    return events.getJsonArray("events").getJsonObject(i);
  }

  /**
   * A world whose calendar has no winter (its months are autumn's) and whose other files name no
   * winter either, but for one {@code change} in {@code file} that names it again.
   */
  static Breakage withoutWinterBut(String file, String field, Consumer<JsonObject> change) {
    Breakage b = new Breakage("calendar", field, WorldTest::calendarWithoutWinter);
    b.alsoIn(
        "goods",
        goods ->
            goods
                .getJsonArray("goods")
                .forEach(g -> ((JsonObject) g).getJsonObject("seasons").remove("winter")));
    b.alsoIn(
        "events",
        events ->
            events
                .getJsonArray("events")
                .forEach(e -> ((JsonObject) e).getJsonObject("chancePerHour").remove("winter")));
    b.alsoIn("towns", WorldTest::jobsWithoutWinter);
    b.alsoIn(file, change);
    return new Breakage(file, field, b.changes());
  }

  static void calendarWithoutWinter(JsonObject calendar) {
    for (Object m : calendar.getJsonArray("months")) {
      JsonObject month = (JsonObject) m;
      if ("winter".equals(month.getString("season"))) {
        month.put("season", "autumn");
      }
    }
    JsonArray seasons = calendar.getJsonArray("seasons");
    for (int i = seasons.size() - 1; i >= 0; i--) {
      if ("winter".equals(seasons.getJsonObject(i).getString("name"))) {
        seasons.remove(i);
      }
    }
  }

  static void jobsWithoutWinter(JsonObject towns) {
    for (Object t : towns.getJsonArray("towns")) {
      for (Object job : ((JsonObject) t).getJsonArray("jobs")) {
        ((JsonObject) job).getJsonArray("seasons").remove("winter");
      }
    }
  }

  /** A calendar whose seasons never bring snow. */
  static void calendarWithoutSnow(JsonObject calendar) {
    for (Object s : calendar.getJsonArray("seasons")) {
      ((JsonObject) s).getJsonObject("weather").remove("snow");
    }
  }
}
