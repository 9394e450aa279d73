package io.wayfarer.server.simulation;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.player.WhereaboutsAt;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.market.MarketContract;
import io.wayfarer.shared.quests.Quests;
import io.wayfarer.shared.world.Calendar;
import io.wayfarer.shared.world.MarketData;
import io.wayfarer.shared.world.World;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a simulated world came to, read from its database once the clock paused: the ledger's
 * digest, prices and stock per town and good, the money supply by day, caravans, events, elections,
 * estates, what the scripted players did, and the goals ({@link Goals}) checked against it.
 * Everything is in game time, so two runs of one seed give the same report but for the real seconds
 * it took.
 */
final class WorldReport {
  private WorldReport() {}

  /** Reads in the order the SQL orders by, bytewise, whatever the database's locale. */
  static final String HOLDINGS =
      "SELECT holder, asset, qty FROM holdings WHERE qty <> 0"
          + " ORDER BY holder COLLATE \"C\", asset COLLATE \"C\"";

  static final String PRICES =
      "SELECT town, good, game_hour, buy::float8 AS buy, sell::float8 AS sell, stock FROM price_history"
          + " WHERE game_hour >= $1 ORDER BY town COLLATE \"C\", good COLLATE \"C\", game_hour";

  /**
   * Coin moved between kinds of holder (world, player, market, town, ...) per game day of the run:
   * day 0 is its first minute (starting money), day d the minutes after d - 1 days up to d days.
   */
  static final String COIN_FLOWS =
      "SELECT GREATEST(0, ceil((COALESCE(game_minute, $1) - $1) / 1440.0))::int AS day,"
          + " split_part(from_holder, ':', 1) AS from_kind, split_part(to_holder, ':', 1) AS to_kind,"
          // The world's trade with the markets by what it stands for: "world buys: used by".
          + " CASE WHEN reason LIKE 'world %: %' THEN split_part(reason, ':', 1) || ': '"
          + " || array_to_string((regexp_split_to_array(trim(split_part(reason, ':', 2)), ' '))[1:2], ' ')"
          + " ELSE array_to_string((regexp_split_to_array(split_part(reason, ':', 1), ' '))[1:3], ' ')"
          + " END AS why,"
          + " sum(qty)::bigint AS qty"
          + " FROM ledger_entries WHERE asset = 'coin' GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4";

  static final String CARAVANS =
      "SELECT count(*) FILTER (WHERE reason LIKE '"
          + MarketContract.StockChange.CARAVAN_LOADED
          + "%') AS sent,"
          + " count(*) FILTER (WHERE reason LIKE '"
          + MarketContract.StockChange.CARAVAN_FROM
          + "%') AS arrived"
          + " FROM ledger_entries WHERE asset <> 'coin'";

  /** What players bought from and sold to each market, in units and in the market's coin. */
  static final String TRADES =
      "SELECT town, good, side, sum(qty)::bigint AS qty, sum(market_coin)::bigint AS coin"
          + " FROM market_trades GROUP BY 1, 2, 3 ORDER BY town COLLATE \"C\", good COLLATE \"C\", side";

  static final String MARKET_COIN =
      "SELECT substr(holder, 8) AS town, qty FROM holdings WHERE holder LIKE 'market:%' AND asset = 'coin'"
          + " ORDER BY holder COLLATE \"C\"";

  /**
   * Ordered by what they are, not by id: events (or elections) that began in one minute get their
   * ids in the order their verticles wrote them, which two runs of a seed need not share.
   */
  static final String EVENTS =
      "SELECT type, town, severity, starts_at, ends_at FROM world_events"
          + " ORDER BY starts_at, town COLLATE \"C\", type COLLATE \"C\", severity, ends_at";

  static final String ELECTIONS =
      "SELECT e.town, e.kind, e.closes_at, e.counted,"
          + " (SELECT count(*) FROM town_candidates c WHERE c.election_id = e.id) AS candidates,"
          + " (SELECT count(*) FROM town_ballots b WHERE b.election_id = e.id) AS ballots"
          + " FROM town_elections e ORDER BY e.candidacy_from, e.town COLLATE \"C\", e.id";

  static final String ESTATES =
      "SELECT (SELECT count(*) FROM estate_titles) AS owned,"
          + " (SELECT count(*) FROM estate_impounds) AS seized";

  /**
   * Where each character stood when the run stopped, what it was doing (its open activity), its hit
   * points, and the quests it had under way with the step each was at.
   */
  static final String CHARACTERS =
      "SELECT c.account_id, c.town, c.hp, c.max_hp, a.kind, a.ends_at, a.details->>'from' AS from_town,"
          + " a.details->>'to' AS to_town, (SELECT coalesce(jsonb_agg(jsonb_build_object("
          + "'quest', q.quest, 'step', q.step) ORDER BY q.accepted_at, q.id), '[]')::text"
          + " FROM quest_progress q WHERE q.player_id = c.account_id AND q.state = 'active')"
          + " AS quests FROM characters c"
          + " LEFT JOIN activities a ON a.character_id = c.id AND NOT a.done ORDER BY c.account_id";

  static JsonObject collect(
      Pool pool,
      World world,
      JsonObject config,
      SimulationOptions o,
      long endMinute,
      ScriptedPlayers players,
      double realSeconds,
      ClockContract.Stepping stepping) {
    long startMinute = endMinute - o.days() * (long) Calendar.MINUTES_PER_DAY;
    JsonObject market = config.getJsonObject("market");
    JsonObject out =
        new JsonObject()
            .put("seed", o.seed())
            .put("days", o.days())
            .put("players", o.players())
            .put("startMinute", startMinute)
            .put("endMinute", endMinute)
            .put("digest", digest(pool))
            // Real time: the one part of a report two runs of a seed do not share.
            .put(
                "timing",
                new JsonObject()
                    .put("realSeconds", Math.round(realSeconds * 10) / 10.0)
                    .put(
                        "gameDaysPerRealMinute",
                        Math.round(o.days() / (realSeconds / 60) * 100) / 100.0)
                    .put("scriptedPlayersSeconds", Math.round(players.busyNanos() / 1e8) / 10.0)
                    .put("scriptedPlayersRequests", players.requests())
                    // The stepped clock's own account: what each minute waited on last.
                    .put("clock", stepping.toJson()))
            .put(
                "bounds",
                new JsonObject()
                    .put("minPriceFactor", market.getDouble("minPriceFactor"))
                    .put("maxPriceFactor", market.getDouble("maxPriceFactor"))
                    .put("elasticity", market.getDouble("elasticity")));
    out.put("markets", markets(pool, world, startMinute / 60, market));
    out.put("coin", coin(pool, startMinute, o.days()));
    out.put("trades", trades(pool));
    Row car = pool.query(CARAVANS).execute().await().iterator().next();
    long sent = car.getLong("sent");
    long arrived = car.getLong("arrived");
    out.put(
        "caravans",
        new JsonObject().put("sent", sent).put("arrived", arrived).put("lost", sent - arrived));
    JsonArray events = new JsonArray();
    for (Row r : pool.query(EVENTS).execute().await()) {
      events.add(
          new JsonObject()
              .put("type", r.getString("type"))
              .put("town", r.getString("town"))
              .put("severity", (int) r.getShort("severity"))
              .put("startsAt", r.getLong("starts_at"))
              .put("endsAt", r.getLong("ends_at")));
    }
    out.put("events", events);
    JsonArray elections = new JsonArray();
    for (Row r : pool.query(ELECTIONS).execute().await()) {
      elections.add(
          new JsonObject()
              .put("town", r.getString("town"))
              .put("kind", r.getString("kind"))
              .put("closesAt", r.getLong("closes_at"))
              .put("counted", r.getBoolean("counted"))
              .put("candidates", r.getLong("candidates"))
              .put("ballots", r.getLong("ballots")));
    }
    out.put("elections", elections);
    Row est = pool.query(ESTATES).execute().await().iterator().next();
    out.put(
        "estates",
        new JsonObject().put("owned", est.getLong("owned")).put("seized", est.getLong("seized")));
    out.put(
        "scriptedPlayers",
        new JsonObject()
            .put("kinds", new JsonObject(new LinkedHashMap<>(players.kinds())))
            .put("did", new JsonObject(new TreeMap<>(players.tally()))));
    JsonArray characters = new JsonArray();
    for (Row r : pool.query(CHARACTERS).execute().await()) {
      characters.add(
          new WhereaboutsAt.Place(
                  r.getString("town"),
                  r.getString("kind"),
                  r.getLong("ends_at"),
                  r.getString("from_town"),
                  r.getString("to_town"))
              .toJson()
              .put("player", r.getLong("account_id"))
              .put(
                  "hitPoints",
                  new WhereaboutsAt.HitPoints(r.getInteger("hp"), r.getInteger("max_hp")).toJson())
              .put("quests", new JsonArray(r.getString("quests"))));
    }
    out.put("characters", characters);
    out.put("roads", roads(world));
    out.put("goals", Goals.check(out, world));
    return out;
  }

  /** SHA-256 of every non-zero holding, one "holder asset qty" line each, in bytewise order. */
  static String digest(Pool pool) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Row r : pool.query(HOLDINGS).execute().await()) {
        sha.update(
            (r.getString(0) + " " + r.getString(1) + " " + r.getLong(2) + "\n")
                .getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }

  /**
   * Per town and good, hour by hour: the mid price, the bounds the price model keeps it in (base ×
   * season × the min and max factors), the stock and the need.
   */
  private static JsonObject markets(Pool pool, World world, long fromHour, JsonObject m) {
    double minF = m.getDouble("minPriceFactor");
    double maxF = m.getDouble("maxPriceFactor");
    double elasticity = m.getDouble("elasticity");
    Map<String, JsonObject> byTown = new LinkedHashMap<>();
    JsonObject series = null;
    String key = null;
    for (Row r : pool.preparedQuery(PRICES).execute(Tuple.of(fromHour)).await()) {
      String town = r.getString("town");
      String good = r.getString("good");
      if (!(town + "/" + good).equals(key)) {
        key = town + "/" + good;
        MarketData.Stock stock = world.markets().market(town).orElseThrow().goods().get(good);
        series =
            new JsonObject()
                .put("need", stock == null ? 0 : stock.need())
                .put("hours", new JsonArray())
                .put("mid", new JsonArray())
                .put("low", new JsonArray())
                .put("high", new JsonArray())
                .put("stock", new JsonArray())
                .put("atBound", new JsonArray());
        byTown.computeIfAbsent(town, t -> new JsonObject()).put(good, series);
      }
      long hour = r.getLong("game_hour");
      double base = world.goods().get(good).basePrice();
      double season =
          world.goods().get(good).seasonFactor(world.calendar().seasonOf(hour * 60).name());
      long s = r.getLong("stock");
      double factor = Math.pow((series.getLong("need") + 1.0) / (s + 1.0), elasticity);
      series.getJsonArray("hours").add(hour);
      series.getJsonArray("mid").add(round((r.getDouble("buy") + r.getDouble("sell")) / 2));
      series.getJsonArray("low").add(round(base * season * minF));
      series.getJsonArray("high").add(round(base * season * maxF));
      series.getJsonArray("stock").add(s);
      // At a bound: the stock is so far from need that the model's clamp decides the price.
      series.getJsonArray("atBound").add(factor <= minF ? -1 : factor >= maxF ? 1 : 0);
    }
    return new JsonObject(new LinkedHashMap<>(byTown));
  }

  /**
   * Per town: its market's coin at the end, and per good what players bought ({@code bought},
   * {@code paidIn}: coin the market took) and sold ({@code sold}, {@code paidOut}).
   */
  private static JsonObject trades(Pool pool) {
    JsonObject out = new JsonObject();
    for (Row r : pool.query(MARKET_COIN).execute().await()) {
      out.put(r.getString("town"), new JsonObject().put("coin", r.getLong("qty")));
    }
    for (Row r : pool.query(TRADES).execute().await()) {
      JsonObject town = out.getJsonObject(r.getString("town"));
      if (town == null) {
        continue;
      }
      JsonObject good = town.getJsonObject(r.getString("good"));
      if (good == null) {
        good =
            new JsonObject().put("bought", 0L).put("paidIn", 0L).put("sold", 0L).put("paidOut", 0L);
        town.put(r.getString("good"), good);
      }
      boolean buy = r.getString("side").equals("buy");
      good.put(buy ? "bought" : "sold", r.getLong("qty"))
          .put(buy ? "paidIn" : "paidOut", r.getLong("coin"));
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  /**
   * Coin by day: what the world minted (paid out of nothing: wages, quest pay, starting money, the
   * markets' drift buying) and sank (robbery, the markets' drift selling), and what each kind of
   * holder held at each day's end.
   */
  private static JsonObject coin(Pool pool, long startMinute, int days) {
    List<String> kinds = List.of("player", "market", "town", "other");
    long[][] held = new long[kinds.size()][days + 1];
    long[] minted = new long[days + 1];
    long[] sunk = new long[days + 1];
    long[] wages = new long[days + 1];
    long[] questPay = new long[days + 1];
    Map<String, Long> mintedWhy = new TreeMap<>();
    Map<String, Long> sunkWhy = new TreeMap<>();
    for (Row r : pool.preparedQuery(COIN_FLOWS).execute(Tuple.of(startMinute)).await()) {
      int day = Math.min(days, r.getInteger("day"));
      String from = r.getString("from_kind");
      String to = r.getString("to_kind");
      String why = r.getString("why");
      long qty = r.getLong("qty");
      if (from.equals(Ledger.WORLD)) {
        minted[day] += qty;
        mintedWhy.merge(why, qty, Long::sum);
        if (why.equals("wages")) {
          wages[day] += qty;
        } else if (why.startsWith(Quests.PAID)) {
          questPay[day] += qty;
        }
      } else {
        held[index(kinds, from)][day] -= qty;
      }
      if (to.equals(Ledger.WORLD)) {
        sunk[day] += qty;
        sunkWhy.merge(why, qty, Long::sum);
      } else {
        held[index(kinds, to)][day] += qty;
      }
    }
    JsonObject heldJson = new JsonObject();
    for (int k = 0; k < kinds.size(); k++) {
      JsonArray a = new JsonArray();
      long sum = 0;
      for (int d = 0; d <= days; d++) {
        sum += held[k][d];
        a.add(sum);
      }
      heldJson.put(kinds.get(k), a);
    }
    return new JsonObject()
        .put("kinds", new JsonArray(kinds))
        .put("held", heldJson)
        .put("minted", array(minted))
        .put("sunk", array(sunk))
        .put("wages", array(wages))
        .put("questPay", array(questPay))
        .put("mintedBy", new JsonObject(new LinkedHashMap<>(mintedWhy)))
        .put("sunkBy", new JsonObject(new LinkedHashMap<>(sunkWhy)));
  }

  private static int index(List<String> kinds, String kind) {
    int i = kinds.indexOf(kind);
    return i >= 0 ? i : kinds.size() - 1;
  }

  private static JsonArray array(long[] values) {
    JsonArray a = new JsonArray();
    for (long v : values) {
      a.add(v);
    }
    return a;
  }

  private static JsonArray roads(World world) {
    List<JsonObject> out = new ArrayList<>();
    world.map().roads().forEach(r -> out.add(r.toJson()));
    return new JsonArray(out);
  }
}
