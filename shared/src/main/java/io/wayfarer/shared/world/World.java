package io.wayfarer.shared.world;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.config.ConfigException;
import io.wayfarer.shared.config.DataCheck;
import io.wayfarer.shared.config.WorldFiles;
import io.wayfarer.shared.world.Goods.Good;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole world as data, read from the files {@code world.*} names ({@code conf/world/*.json})
 * and checked once, each file by its own reader and then across files: a road to an unknown town, a
 * market or a profession naming an unknown good, townsfolk weights for an unknown town, a season or
 * a weather the calendar never has, plots in an unknown town, a charter's decree naming an unknown
 * event. Every verticle takes what it needs from this one model, so no world file is parsed or
 * checked anywhere else; errors name the file, the entry and the field.
 */
public record World(
    Calendar calendar,
    WorldData map,
    Map<String, Good> goods,
    MarketData markets,
    NpcData people,
    EventTypes events,
    Estates estates,
    Charters charters) {

  /** The keys under {@code world} in the configuration, one per file. */
  public static final List<String> FILES =
      List.of(
          "calendar",
          "towns",
          "classes",
          "goods",
          "professions",
          "npcs",
          "events",
          "estates",
          "charters");

  /** Reads every world file named in {@code config.world}, then checks them together. */
  public static Future<World> load(Vertx vertx, JsonObject config) {
    JsonObject paths = config.getJsonObject("world");
    List<Future<JsonObject>> reads = new ArrayList<>();
    for (String file : FILES) {
      reads.add(WorldFiles.read(vertx, paths.getString(file)));
    }
    return Future.all(reads)
        .compose(
            all -> {
              Map<String, JsonObject> files = new LinkedHashMap<>();
              Map<String, String> sources = new LinkedHashMap<>();
              for (int i = 0; i < FILES.size(); i++) {
                files.put(FILES.get(i), all.resultAt(i));
                sources.put(FILES.get(i), paths.getString(FILES.get(i)));
              }
              // One seed for a whole simulated world (--simulate): the townsfolk's, the caravans'
              // and the events' dice come from it instead of npcs.json's.
              long seed = paths.getLong("seed", 0L);
              if (seed != 0) {
                files.put("npcs", files.get("npcs").copy().put("seed", seed));
              }
              try {
                return Future.succeededFuture(fromJson(files, sources));
              } catch (ConfigException e) {
                return Future.failedFuture(e);
              }
            });
  }

  /**
   * The world files in {@code dir} ({@code <key>.json} for each of {@link #FILES}) as JSON, read
   * blocking: for tests, benchmarks and tools that change one file before {@link #fromJson}.
   */
  public static Map<String, JsonObject> readFiles(Path dir) {
    Map<String, JsonObject> files = new LinkedHashMap<>();
    for (String file : FILES) {
      Path path = dir.resolve(file + ".json");
      try {
        files.put(file, new JsonObject(Files.readString(path)));
      } catch (IOException | DecodeException e) {
        throw new ConfigException("cannot read " + path + ": " + e.getMessage(), e);
      }
    }
    return files;
  }

  /** The world in {@code dir}, read blocking (see {@link #readFiles}). */
  public static World read(Path dir) {
    return fromJson(readFiles(dir), sourcesIn(dir));
  }

  /** The names errors give for the files in {@code dir}. */
  public static Map<String, String> sourcesIn(Path dir) {
    Map<String, String> sources = new LinkedHashMap<>();
    for (String file : FILES) {
      sources.put(file, dir.resolve(file + ".json").toString());
    }
    return sources;
  }

  /**
   * The world from the files' JSON ({@code files} and {@code sources} keyed as {@link #FILES}, the
   * sources being the names errors give).
   */
  public static World fromJson(Map<String, JsonObject> files, Map<String, String> sources) {
    Calendar calendar = Calendar.fromJson(files.get("calendar"), sources.get("calendar"));
    WorldData map =
        WorldData.fromJson(
            files.get("towns"), sources.get("towns"), files.get("classes"), sources.get("classes"));
    Map<String, Good> goods = Goods.fromJson(files.get("goods"), sources.get("goods"));
    MarketData markets =
        MarketData.fromJson(
            files.get("towns"), sources.get("towns"), map.geography(), goods, sources.get("goods"));
    NpcData people =
        NpcData.fromJson(
            files.get("professions"),
            sources.get("professions"),
            files.get("npcs"),
            sources.get("npcs"),
            goods.keySet(),
            map.towns().keySet(),
            calendar);
    EventTypes events = EventTypes.fromJson(files.get("events"), sources.get("events"));
    Estates estates =
        Estates.fromJson(files.get("estates"), sources.get("estates"), map.towns().keySet());
    Map<String, Double> salesTax = new LinkedHashMap<>();
    markets.markets().values().forEach(m -> salesTax.put(m.town(), m.salesTax()));
    Charters charters =
        Charters.fromJson(
            files.get("charters"),
            sources.get("charters"),
            map.towns().keySet(),
            salesTax,
            goods.keySet(),
            events.all().keySet());
    World world = new World(calendar, map, goods, markets, people, events, estates, charters);
    world.checkSeasonsAndGoods(sources);
    return world;
  }

  /** The seasons, weather and goods that one file names and another defines. */
  private void checkSeasonsAndGoods(Map<String, String> sources) {
    Set<String> seasons = Set.copyOf(calendar.seasonNames());
    Set<String> weather = Set.copyOf(calendar.weatherKinds());
    String noSeason = "is a season the calendar does not have (it has " + seasons + ")";

    DataCheck g = new DataCheck(sources.get("goods"));
    int i = 0;
    for (Good good : goods.values()) {
      for (String season : good.seasons().keySet()) {
        if (!seasons.contains(season)) {
          throw g.error("goods[" + i + "].seasons." + season, noSeason);
        }
      }
      i++;
    }

    DataCheck t = new DataCheck(sources.get("towns"));
    i = 0;
    for (WorldData.Town town : map.towns().values()) {
      for (int j = 0; j < town.jobs().size(); j++) {
        for (String season : town.jobs().get(j).seasons()) {
          if (!seasons.contains(season)) {
            throw t.error("towns[" + i + "].jobs[" + j + "].seasons", season + " " + noSeason);
          }
        }
      }
      i++;
    }

    DataCheck e = new DataCheck(sources.get("events"));
    i = 0;
    for (EventTypes.Type type : events.all().values()) {
      String at = "events[" + i + "]";
      for (String season : type.chance().keySet()) {
        if (!seasons.contains(season)) {
          throw e.error(at + ".chancePerHour." + season, noSeason);
        }
      }
      for (String kind : type.weather().keySet()) {
        if (!weather.contains(kind)) {
          throw e.error(
              at + ".weather." + kind,
              "is a weather the calendar never brings (it has " + weather + ")");
        }
      }
      for (String effect : EventTypes.GOODS_EFFECTS) {
        JsonObject byGood = type.effects().getJsonObject(effect);
        if (byGood == null) {
          continue;
        }
        for (String good : byGood.fieldNames()) {
          if (!goods.containsKey(good)) {
            throw e.error(at + ".effects." + effect + "." + good, "is not a good in goods.json");
          }
        }
      }
      i++;
    }
  }
}
