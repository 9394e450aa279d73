package io.wayfarer.npc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.Seeded;
import io.wayfarer.shared.events.WorldEvent;
import io.wayfarer.shared.market.MarketContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * NPC merchants' caravans. Each hour an idle caravan looks at the latest price boards of its town
 * and the towns one road away, and loads the good whose price gap best pays for the road from the
 * town's surplus; it travels the road's hours, faces the road's danger, and sells into the
 * destination's market on arrival. Caravans wait while an event in either town says so (bandits,
 * storms). Pure logic: the verticle turns the moves into {@code market.supply} batches.
 */
final class Caravans {
  record Road(String from, String to, int hours, int danger) {}

  /** A stock change for the market, with its reason. */
  record Move(String town, String good, long delta, String reason) {}

  static final class Caravan {
    final int id;
    final String home;
    String at;
    String to;
    String good;
    long qty;
    long arrivesAt = -1;

    Caravan(int id, String home) {
      this.id = id;
      this.home = home;
      this.at = home;
    }

    boolean travelling() {
      return arrivesAt >= 0;
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("id", id)
          .put("home", home)
          .put("at", at)
          .put("to", to)
          .put("good", good)
          .put("qty", qty)
          .put("arrivesAt", arrivesAt);
    }
  }

  private final List<Caravan> caravans = new ArrayList<>();
  private final List<Road> roads;
  private final long load;

  /** The world's seed: a caravan's dice on a road come from it, the hour and the caravan alone. */
  private final long seed;

  Caravans(List<String> towns, int perTown, List<Road> roads, long load, long seed) {
    this.roads = roads;
    this.load = load;
    this.seed = seed;
    int id = 0;
    for (String t : towns) {
      for (int k = 0; k < perTown; k++) {
        caravans.add(new Caravan(++id, t));
      }
    }
  }

  List<Caravan> all() {
    return caravans;
  }

  /**
   * One hour for every caravan. {@code boards} maps a town to its latest board; {@code waitIn} says
   * whether events hold caravans in a town; {@code dangerBonus} the extra danger of events there.
   */
  List<Move> hour(
      long gameHour,
      Map<String, JsonObject> boards,
      Predicate<String> waitIn,
      ToIntFunction<String> dangerBonus) {
    List<Move> moves = new ArrayList<>();
    for (Caravan c : caravans) {
      if (c.travelling()) {
        if (gameHour >= c.arrivesAt) {
          Road road = road(c.at, c.to).orElse(null);
          int danger =
              (road == null ? 0 : road.danger())
                  + dangerBonus.applyAsInt(c.to)
                  + dangerBonus.applyAsInt(c.at);
          boolean safe = d20(gameHour, c.id) + 2 >= danger;
          if (safe) {
            moves.add(
                new Move(c.to, c.good, c.qty, MarketContract.StockChange.unloaded(c.at, c.good)));
          }
          c.at = c.to;
          c.to = null;
          c.good = null;
          c.qty = 0;
          c.arrivesAt = -1;
        }
        continue;
      }
      if (waitIn.test(c.at)) {
        continue;
      }
      JsonObject here = boards.get(c.at);
      if (here == null) {
        continue;
      }
      Best best = null;
      for (Road r : roads) {
        String other = r.from().equals(c.at) ? r.to() : r.to().equals(c.at) ? r.from() : null;
        if (other == null || waitIn.test(other) || boards.get(other) == null) {
          continue;
        }
        for (Object o : here.getJsonArray("goods")) {
          JsonObject g = (JsonObject) o;
          JsonObject there = good(boards.get(other), g.getString("id"));
          long surplus = g.getLong("stock") - g.getLong("need");
          if (there == null || surplus <= 0) {
            continue;
          }
          // What a unit earns at the far market against what it costs here, less the road's hours.
          double margin = there.getDouble("mid") - g.getDouble("mid") * (1 + 0.02 * r.hours());
          if (margin > g.getDouble("mid") * 0.15 && (best == null || margin > best.margin())) {
            best = new Best(r, other, g.getString("id"), Math.min(load, surplus), margin);
          }
        }
      }
      if (best != null) {
        c.to = best.to();
        c.good = best.good();
        c.qty = best.qty();
        c.arrivesAt = gameHour + best.road().hours();
        moves.add(new Move(c.at, c.good, -c.qty, MarketContract.StockChange.loaded(c.to)));
      }
    }
    return moves;
  }

  private record Best(Road road, String to, String good, long qty, double margin) {}

  private Optional<Road> road(String a, String b) {
    return roads.stream()
        .filter(
            r ->
                (r.from().equals(a) && r.to().equals(b))
                    || (r.from().equals(b) && r.to().equals(a)))
        .findFirst();
  }

  private static JsonObject good(JsonObject board, String id) {
    for (Object o : board.getJsonArray("goods")) {
      if (((JsonObject) o).getString("id").equals(id)) {
        return (JsonObject) o;
      }
    }
    return null;
  }

  JsonArray toJson() {
    JsonArray out = new JsonArray();
    caravans.forEach(c -> out.add(c.toJson()));
    return out;
  }

  void restore(JsonArray saved) {
    for (Object o : saved) {
      JsonObject j = (JsonObject) o;
      for (Caravan c : caravans) {
        if (c.id == j.getInteger("id")) {
          c.at = j.getString("at");
          c.to = j.getString("to");
          c.good = j.getString("good");
          c.qty = j.getLong("qty", 0L);
          c.arrivesAt = j.getLong("arrivesAt", -1L);
        }
      }
    }
  }

  static boolean waits(List<WorldEvent> active, String town) {
    return active.stream().anyMatch(e -> e.town().equals(town) && e.flag("caravansWait"));
  }

  /**
   * A caravan's d20 for the road in an hour, the same for the same world, hour and caravan however
   * often the simulation was restarted (one sequence from the start would begin again at every
   * start).
   */
  private int d20(long gameHour, int caravan) {
    return 1 + Seeded.random(seed, gameHour * 1_000_003L + caravan).nextInt(20);
  }
}
