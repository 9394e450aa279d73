package io.wayfarer.market;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.OneAtATime;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.events.ActiveEvents;
import io.wayfarer.shared.events.WorldEvent;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.market.MarketContract;
import io.wayfarer.shared.town.TownLaws;
import io.wayfarer.shared.world.Goods;
import io.wayfarer.shared.world.MarketData;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A town's price board: for each good the price a player pays and gets for one unit (tax included),
 * the stock, the need and the trend since the last hour. Computed from the ledger's stock, cached
 * in Redis for every process to read, published on {@code market.<town>.prices}; read back from
 * Redis, or recomputed from PostgreSQL when Redis does not answer.
 */
final class Boards {
  private static final Logger LOG = LoggerFactory.getLogger(Boards.class);

  private final Vertx vertx;
  private final Pool pool;
  private final RedisAPI redis;
  private final MarketData data;
  private final TownLaws laws;
  private final PriceModel model;
  private String season = "spring";
  private long gameMinutes;
  private final ActiveEvents events;

  /** Mid price of each town's goods at the last hour's sample, for the trend arrow. */
  private final Map<String, Map<String, Double>> lastHour = new HashMap<>();

  Boards(
      Vertx vertx,
      Pool pool,
      RedisAPI redis,
      MarketData data,
      PriceModel model,
      ActiveEvents events,
      TownLaws laws) {
    this.vertx = vertx;
    this.events = events;
    this.laws = laws;
    this.pool = pool;
    this.redis = redis;
    this.data = data;
    this.model = model;
  }

  void time(String season, long gameMinutes) {
    this.season = season;
    this.gameMinutes = gameMinutes;
  }

  long gameMinutes() {
    return gameMinutes;
  }

  String season() {
    return season;
  }

  PriceModel.Conditions conditions(MarketData.Market market, String good) {
    Goods.Good g = data.goods().get(good);
    return new PriceModel.Conditions(
        g.basePrice(),
        g.seasonFactor(season),
        eventFactor(market.town(), good),
        market.goods().get(good).need(),
        salesTax(market.town()));
  }

  /** The town's sales tax now, as its town hall set it. */
  double salesTax(String town) {
    return laws.salesTax(town, gameMinutes);
  }

  /**
   * What the events in force in {@code town} now do to the price of {@code good} (bandits: a risk
   * premium on everything; a blight: dearer grain and bread); 1 when none applies.
   */
  double eventFactor(String town, String good) {
    double factor = 1.0;
    for (WorldEvent e : events.activeAt(gameMinutes)) {
      if (e.town().equals(town)) {
        factor *= e.priceFactor(good);
      }
    }
    return factor;
  }

  private static String key(String town) {
    return "market:" + town + ":prices";
  }

  /**
   * Stock of every good the town's market holds, read within {@code client} (a transaction or the
   * pool).
   */
  static Future<Map<String, Long>> stock(SqlClient client, String town) {
    return Ledger.holdings(client, Ledger.market(town));
  }

  JsonObject board(MarketData.Market market, Map<String, Long> stock) {
    JsonArray goods = new JsonArray();
    Map<String, Double> previous = lastHour.getOrDefault(market.town(), Map.of());
    for (String id : market.goods().keySet()) {
      Goods.Good g = data.goods().get(id);
      PriceModel.Conditions c = conditions(market, id);
      long s = stock.getOrDefault(id, 0L);
      double mid = model.mid(c, s);
      Double before = previous.get(id);
      String trend =
          before == null || Math.abs(mid - before) < before * 0.005
              ? "flat"
              : mid > before ? "up" : "down";
      goods.add(
          new JsonObject()
              .put("id", id)
              .put("name", g.name())
              .put("unit", g.unit())
              // Exactly what one unit costs and fetches now, in copper, tax included.
              .put("buy", model.buy(c, s, 1).player())
              .put("sell", model.sell(c, s, 1).player())
              .put("mid", round(mid))
              .put("stock", s)
              .put("need", c.need())
              .put("trend", trend));
    }
    return new JsonObject()
        .put("town", market.town())
        .put("name", market.name())
        .put("salesTax", salesTax(market.town()))
        .put("season", season)
        .put("gameMinutes", gameMinutes)
        .put("marketCoin", stock.getOrDefault(Ledger.COIN, 0L))
        .put("goods", goods);
  }

  /** Towns whose board is due for a refresh after trades, and the delay that batches them. */
  private final Set<String> dirty = new HashSet<>();

  private static final long COALESCE_MILLIS = 100;

  /**
   * After a trade: refresh the town's board soon, once for however many trades land in the next 100
   * ms. A busy market then publishes at most ten boards a second instead of one per trade, which
   * spares PostgreSQL, Redis and every browser listening. On a stepped clock ({@code
   * clock.stepped}) the board is refreshed at once and the trade answered after it: the townsfolk
   * then always plan the next hour from the board as the trades left it, not from whichever board
   * real time had published by then, so a run with players repeats.
   */
  Future<?> tradeHappened(String town, boolean stepped) {
    if (stepped) {
      return refresh(town);
    }
    if (dirty.add(town)) {
      vertx.setTimer(
          COALESCE_MILLIS,
          id -> {
            dirty.remove(town);
            refresh(town)
                .onFailure(
                    err -> LOG.debug("Board of {} not refreshed: {}", town, err.getMessage()));
          });
    }
    return Future.succeededFuture();
  }

  /** A town's refreshes, one at a time: see {@link OneAtATime}. */
  private final OneAtATime<String, JsonObject> refreshes = new OneAtATime<>();

  /**
   * Towns whose board is being written to Redis, and the newest board waiting for that write to
   * finish.
   */
  private final Set<String> caching = new HashSet<>();

  private final Map<String, JsonObject> toCache = new HashMap<>();
  private static final long CACHE_WRITE_TIMEOUT_MILLIS = 5000;

  /**
   * Recomputes a town's board from PostgreSQL, publishes it and caches it in Redis; the future
   * completes with a board that includes every change committed before the call. One refresh per
   * town at a time, so that the board published last, and cached last, is the newest.
   */
  Future<JsonObject> refresh(String town) {
    MarketData.Market market = data.markets().get(town);
    return refreshes.run(
        town,
        () ->
            stock(pool, town)
                .map(stock -> board(market, stock))
                .onSuccess(
                    board -> {
                      MarketContract.BOARD.publish(vertx.eventBus(), town, new Document(board));
                      cache(town, board);
                    }));
  }

  /**
   * Writes a town's boards to Redis in the order they were made, skipping any a newer one replaced
   * meanwhile.
   */
  private void cache(String town, JsonObject board) {
    if (!caching.add(town)) {
      toCache.put(town, board);
      return;
    }
    redis
        .set(List.of(key(town), board.encode()))
        .timeout(CACHE_WRITE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .onFailure(err -> LOG.debug("Price cache not written: {}", err.getMessage()))
        .onComplete(
            done -> {
              caching.remove(town);
              JsonObject newer = toCache.remove(town);
              if (newer != null) {
                cache(town, newer);
              }
            });
  }

  /** The board from the Redis cache, or from PostgreSQL when Redis is down or cold. */
  Future<JsonObject> read(String town) {
    return redis
        .get(key(town))
        .map(v -> v == null ? null : new JsonObject(v.toString()))
        .otherwise(
            err -> {
              LOG.debug("Price cache not read, pricing from PostgreSQL: {}", err.getMessage());
              return null;
            })
        .compose(
            cached ->
                cached != null
                    ? Future.succeededFuture(cached)
                    : stock(pool, town)
                        .map(
                            stock ->
                                board(data.markets().get(town), stock)
                                    .put("source", "postgresql")));
  }

  /** Remembers this hour's mid prices as the baseline of the trend arrows. */
  void rememberHour(String town, Map<String, Long> stock) {
    MarketData.Market market = data.markets().get(town);
    Map<String, Double> mids = new HashMap<>();
    for (String id : market.goods().keySet()) {
      mids.put(id, model.mid(conditions(market, id), stock.getOrDefault(id, 0L)));
    }
    lastHour.put(town, mids);
  }

  Future<Void> loadTrendBaselines(long gameHour) {
    List<Future<?>> loads =
        data.markets().keySet().stream()
            .<Future<?>>map(
                town ->
                    pool.preparedQuery(MarketSql.LAST_SAMPLES)
                        .execute(Tuple.of(town, gameHour))
                        .map(
                            rows -> {
                              Map<String, Double> mids = new HashMap<>();
                              // Samples store the tax-included buy price; turn it back into the mid
                              // for comparison.
                              rows.forEach(
                                  r ->
                                      mids.put(
                                          r.getString("good"),
                                          r.getDouble("buy")
                                              / (1 + model.spread() / 2)
                                              / (1 + salesTax(town))));
                              lastHour.put(town, mids);
                              return null;
                            }))
            .toList();
    return Future.all(loads).mapEmpty();
  }

  /**
   * Copper to a tenth: enough for a mid price or an average per unit, never confused with an amount
   * charged.
   */
  static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
