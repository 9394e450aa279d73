package io.wayfarer.market;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.KeepNewest;
import io.wayfarer.shared.Money;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.Replies;
import io.wayfarer.shared.Seeded;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.config.ConfigException;
import io.wayfarer.shared.events.ActiveEvents;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.infra.Metrics;
import io.wayfarer.shared.infra.Retry;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.market.MarketContract;
import io.wayfarer.shared.town.TownLaws;
import io.wayfarer.shared.world.MarketData;
import io.wayfarer.shared.world.World;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Town markets: stock (the market's holdings in the ledger), prices ({@link PriceModel}), trades
 * ({@link Trading}), price boards and their history ({@link Boards}). Each game hour every market's
 * stock drifts toward its need, from and to the world through the ledger, and a price sample is
 * kept; {@code market.supply} lets the NPCs feed production and consumption.
 */
public class MarketVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MarketVerticle.class);

  private Pool pool;
  private Db db;
  private Replies replies;
  private RedisAPI redis;
  private MarketData data;
  private PriceModel model;
  private Boards boards;
  private Trading trading;
  private double driftRate;

  /** The world's seed, from which the drift's rounding dice come, so a run repeats. */
  private long driftSeed;

  private int historyHours;
  private ActiveEvents events;
  private TownLaws laws;
  private MeterRegistry registry;

  /** The hours to settle: one at a time, the newest kept. */
  private KeepNewest<Long> hours;

  @Override
  public Future<?> start() {
    JsonObject conf = config().getJsonObject("market");
    pool = Clients.pgPool(vertx, config());
    registry = Metrics.registry(config());
    redis = Clients.redis(vertx, config());
    db = new Db(vertx, pool, config());
    replies = new Replies(vertx, "markets", config());
    hours =
        new KeepNewest<>(
            ClockContract.Jobs.MARKET_HOUR, LOG, replies, hour -> hour, this::settleHour);
    driftRate = conf.getDouble("driftRate");
    historyHours = conf.getInteger("historyHours");
    return Db.reachable(vertx, pool, config(), "markets")
        .compose(v -> World.load(vertx, config()))
        .compose(
            world -> {
              data = world.markets();
              driftSeed = world.people().population().seed() * 31 + 11;
              // A rate the town hall announced is charged from its minute; a board shown before
              // the copy heard of it is redrawn when it does.
              laws =
                  new TownLaws(
                      vertx,
                      world.charters(),
                      "markets",
                      Clients.busTimeoutMillis(config()),
                      t -> reprice(t, "new rates"));
              model =
                  new PriceModel(
                      conf.getDouble("spread"),
                      conf.getDouble("elasticity"),
                      conf.getDouble("minPriceFactor"),
                      conf.getDouble("maxPriceFactor"));
              // When events start, end or are corrected, the boards of their towns are priced
              // again.
              events =
                  new ActiveEvents(
                      vertx,
                      "markets",
                      Clients.busTimeoutMillis(config()),
                      towns -> towns.forEach(t -> reprice(t, "an event")));
              boards = new Boards(vertx, pool, redis, data, model, events, laws);
              trading =
                  new Trading(
                      vertx, db, data, model, boards, replies, Clients.busTimeoutMillis(config()));
              return seed();
            })
        .compose(
            v ->
                ClockContract.TIME
                    .request(vertx, Empty.INSTANCE, Clients.busTimeoutMillis(config()))
                    .onSuccess(
                        t -> {
                          boards.time(t.season(), t.gameMinutes());
                          hours.doneUpTo(t.gameMinutes() / 60);
                        })
                    .<Void>mapEmpty()
                    .otherwise(
                        err -> {
                          LOG.warn(
                              "The clock did not answer; prices use spring until the first tick");
                          return null;
                        }))
        .compose(v -> boards.loadTrendBaselines(Math.max(0, hours.last())))
        .compose(
            v -> {
              MarketContract.buy(config()).serve(replies, this::trade);
              MarketContract.sell(config()).serve(replies, this::trade);
              MarketContract.PRICES.serve(replies, t -> prices(t.town()));
              MarketContract.ALL_PRICES.serve(replies, none -> allPrices());
              MarketContract.HISTORY.serve(replies, this::history);
              MarketContract.TRADES.serve(replies, me -> trades(me.playerId()));
              MarketContract.TRADES_OF.serve(replies, a -> trades(a.account()));
              MarketContract.SUPPLY.serve(replies, this::supply);
              ClockContract.CLOCK.listen(replies, this::onTick);
              return replies.ready();
            })
        .compose(v -> events.start())
        .compose(v -> laws.start())
        .compose(v -> Future.all(data.markets().keySet().stream().map(boards::refresh).toList()))
        .onSuccess(
            v ->
                LOG.info(
                    "Markets open in {} towns for {} goods",
                    data.markets().size(),
                    data.goods().size()));
  }

  /** Prices a town's board again after {@code why} changed its conditions. */
  private void reprice(String town, String why) {
    if (data.market(town).isPresent()) {
      boards
          .refresh(town)
          .onFailure(
              err -> LOG.warn("Board of {} not refreshed after {}: {}", town, why, err.toString()));
    }
  }

  @Override
  public Future<?> stop() {
    if (events != null) {
      events.stop();
    }
    if (laws != null) {
      laws.stop();
    }
    // Trades in flight finish, and their receipts reach the player verticle, before the pool
    // closes.
    return replies
        .stop()
        .eventually(pool::close)
        .eventually(
            () -> {
              redis.close();
              return Future.succeededFuture();
            });
  }

  /**
   * {@code market.startingCoin}, written in coins ("5000 gp"); a bad amount stops the start naming
   * the key.
   */
  static long startingCoin(JsonObject marketConf) {
    String text = marketConf.getString("startingCoin");
    try {
      long copper = Money.parse(text);
      if (copper < 0 || copper > Ledger.MAX_QTY) {
        throw new IllegalArgumentException("out of range");
      }
      return copper;
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ConfigException(
          "configuration key market.startingCoin must be an amount like \"5000 gp\", not '"
              + text
              + "': "
              + e.getMessage());
    }
  }

  private static JsonObject body(Message<JsonObject> m) {
    return m.body() == null ? new JsonObject() : m.body();
  }

  /**
   * Gives each market its starting stock and coin from the world, once ever (market_seeded
   * remembers).
   */
  private Future<Void> seed() {
    long startingCoin = startingCoin(config().getJsonObject("market"));
    Future<Void> chain = Future.succeededFuture();
    for (MarketData.Market m : data.markets().values()) {
      chain =
          chain.compose(
              v ->
                  Retry.onConflict(
                      () ->
                          pool.withTransaction(
                              tx -> {
                                Map<String, Long> seeds = new LinkedHashMap<>();
                                seeds.put(Ledger.COIN, startingCoin);
                                m.goods().forEach((good, stock) -> seeds.put(good, stock.start()));
                                return Ledger.lock(tx, keys(m.town(), seeds.keySet()))
                                    .compose(
                                        locked -> {
                                          Future<Void> f = Future.succeededFuture();
                                          for (Map.Entry<String, Long> e : seeds.entrySet()) {
                                            f =
                                                f.compose(
                                                    x ->
                                                        claimSeed(
                                                            tx,
                                                            locked,
                                                            m.town(),
                                                            e.getKey(),
                                                            e.getValue()));
                                          }
                                          return f.compose(x -> Ledger.write(tx, locked));
                                        });
                              }),
                      3));
    }
    return chain;
  }

  private static Future<Void> claimSeed(
      SqlConnection tx, Ledger.Locked locked, String town, String asset, long qty) {
    return tx.preparedQuery(MarketSql.SEED_CLAIM)
        .execute(Tuple.of(town, asset))
        .map(
            rows -> {
              if (rows.size() > 0 && qty > 0) {
                locked.move(
                    Ledger.WORLD,
                    Ledger.market(town),
                    asset,
                    qty,
                    "the market of " + town + " opens");
              }
              return null;
            });
  }

  /**
   * The ledger rows a stock change in {@code town} touches: the market's and the world's, for each
   * asset.
   */
  private static List<Ledger.Key> keys(String town, Collection<String> assets) {
    List<Ledger.Key> keys = new ArrayList<>();
    for (String asset : assets) {
      keys.add(new Ledger.Key(Ledger.market(town), asset));
      keys.add(new Ledger.Key(Ledger.WORLD, asset));
    }
    return keys;
  }

  private Future<Document> prices(String town) {
    if (data.market(town).isEmpty()) {
      return Refusal.fail(Failures.NOT_FOUND, "no market in " + town);
    }
    return boards.read(town).map(Document::new);
  }

  /**
   * Every town's board: as cached, or on a stepped clock made afresh from the ledger at this tick
   * (the townsfolk and scripted players plan from it, and a stepped run must not depend on how far
   * a cache write or an event's repricing had got in real time).
   */
  private Future<Document> allPrices() {
    List<String> towns = List.copyOf(data.markets().keySet());
    return Future.all(
            towns.stream()
                .map(t -> replies.clockStepped() ? boards.refresh(t) : boards.read(t))
                .toList())
        .map(
            all -> {
              JsonObject out = new JsonObject();
              for (int i = 0; i < towns.size(); i++) {
                out.put(towns.get(i), all.<JsonObject>resultAt(i));
              }
              return new Document(new JsonObject().put("towns", out));
            });
  }

  private Future<Document> history(MarketContract.History h) {
    String town = h.town();
    String good = h.good();
    if (data.market(town).isEmpty() || !data.markets().get(town).goods().containsKey(good)) {
      return Refusal.fail(Failures.NOT_FOUND, "no price history for " + good + " in " + town);
    }
    int hours = h.hours() == null ? 24 : Math.min(h.hours(), historyHours);
    long from = boards.gameMinutes() / 60 - hours;
    return pool.preparedQuery(MarketSql.HISTORY)
        .execute(Tuple.of(town, good, from))
        .map(
            rows -> {
              JsonArray samples = new JsonArray();
              rows.forEach(
                  r ->
                      samples.add(
                          new JsonObject()
                              .put("gameHour", r.getLong("game_hour"))
                              .put("buy", r.getDouble("buy"))
                              .put("sell", r.getDouble("sell"))
                              .put("stock", r.getLong("stock"))));
              return new Document(
                  new JsonObject().put("town", town).put("good", good).put("samples", samples));
            });
  }

  private Future<Document> trades(long playerId) {
    return pool.preparedQuery(MarketSql.TRADES_OF)
        .execute(Tuple.of(playerId))
        .map(
            rows -> {
              JsonArray out = new JsonArray();
              rows.forEach(r -> out.add(Trading.fromRow(r)));
              return new Document(new JsonObject().put("trades", out));
            });
  }

  /**
   * {@code market.supply}: stock from or to the world, per town and good, each with a reason; one
   * transaction.
   */
  private Future<MarketContract.Supply> supply(MarketContract.Supply supply) {
    for (MarketContract.StockChange c : supply.batch()) {
      if (data.market(c.town()).isEmpty()
          || !data.markets().get(c.town()).goods().containsKey(c.good())) {
        return Refusal.fail(
            Failures.BAD_REQUEST, "no market in " + c.town() + " trades " + c.good());
      }
    }
    return applySupply(supply.batch(), supply.batchId());
  }

  private Future<MarketContract.Supply> applySupply(
      List<MarketContract.StockChange> changes, String batchId) {
    Set<String> towns = new LinkedHashSet<>();
    List<Ledger.Key> rows = new ArrayList<>();
    for (MarketContract.StockChange c : changes) {
      towns.add(c.town());
      rows.addAll(keys(c.town(), List.of(c.good(), Ledger.COIN)));
    }
    List<MarketContract.StockChange> applied = new ArrayList<>();
    return Retry.onConflict(
            () ->
                pool.withTransaction(
                    tx ->
                        claim(tx, batchId)
                            .compose(
                                earlier -> {
                                  if (earlier != null) {
                                    applied.clear();
                                    applied.addAll(MarketContract.Supply.fromJson(earlier).batch());
                                    return Future.succeededFuture();
                                  }
                                  return Ledger.lock(tx, rows)
                                      .compose(
                                          locked -> {
                                            applied.clear();
                                            for (MarketContract.StockChange c : changes) {
                                              long moved =
                                                  move(
                                                      locked,
                                                      data.markets().get(c.town()),
                                                      c.good(),
                                                      c.delta(),
                                                      c.reason(),
                                                      c.carried());
                                              applied.add(
                                                  new MarketContract.StockChange(
                                                      c.town(), c.good(), moved, c.reason()));
                                            }
                                            return Ledger.write(tx, locked);
                                          })
                                      .compose(v -> recordBatch(tx, batchId, applied));
                                })),
            3)
        .compose(v -> Future.all(towns.stream().map(boards::refresh).toList()))
        .map(v -> new MarketContract.Supply(List.copyOf(applied), batchId));
  }

  /**
   * Claims a named batch in the transaction: null when it is new (or has no name), else what it
   * applied when it was first taken.
   */
  private static Future<JsonObject> claim(SqlConnection tx, String batchId) {
    if (batchId == null) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(MarketSql.SUPPLY_CLAIM)
        .execute(Tuple.of(batchId))
        .compose(
            claimed ->
                claimed.size() > 0
                    ? Future.succeededFuture()
                    : tx.preparedQuery(MarketSql.SUPPLY_TAKEN)
                        .execute(Tuple.of(batchId))
                        .map(rows -> (JsonObject) rows.iterator().next().getJson("applied")));
  }

  private static Future<Void> recordBatch(
      SqlConnection tx, String batchId, List<MarketContract.StockChange> applied) {
    if (batchId == null) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(MarketSql.SUPPLY_APPLIED)
        .execute(
            Tuple.of(batchId, new MarketContract.Supply(List.copyOf(applied), batchId).toJson()))
        .mapEmpty();
  }

  /**
   * Moves stock between the world and a market, paid at the current mid price along the curve
   * ({@link PriceModel#worldValue}): the market pays for what comes in (never more than its coin;
   * the rest stays out) and is paid for what goes out (never more than it holds). The townsfolk
   * thus pay a town's own price for what they use and get it for what they make, and that is what
   * pays for the gaps players trade on. (When goods came for nothing, players bought the drift's
   * free goods in one town and sold them in another, and the markets' coin drained away: a month of
   * seed 1 took it from 25,000 gp to 57 gp. At the market's bid and ask the markets earned the
   * spread on every townsfolk's hour and the world's gold grew by half a week.) A caravan's load
   * ({@code carried}) is priced as a whole at the mid price before it moves: along the curve its
   * big loads were paid dear where they left and sold cheap where they arrived, which minted coin;
   * carried for nothing, the markets it left refilled from the world at a shortage's price. Returns
   * what moved.
   */
  private long move(
      Ledger.Locked locked,
      MarketData.Market market,
      String good,
      long delta,
      String reason,
      boolean carried) {
    String town = market.town();
    String holder = Ledger.market(town);
    long have = locked.balance(holder, good);
    PriceModel.Conditions c = boards.conditions(market, good);
    if (delta > 0) {
      long coin = locked.balance(holder, Ledger.COIN);
      long units = delta;
      long cost = value(c, have, units, true, carried);
      while (units > 0 && cost > coin) {
        units--;
        cost = units == 0 ? 0 : value(c, have, units, true, carried);
      }
      if (units == 0) {
        return 0;
      }
      locked.move(Ledger.WORLD, holder, good, units, reason);
      if (cost > 0) {
        locked.move(holder, Ledger.WORLD, Ledger.COIN, cost, WORLD_SELLS + reason);
      }
      return units;
    }
    long take = Math.min(have, -delta);
    if (take <= 0) {
      return 0;
    }
    locked.move(holder, Ledger.WORLD, good, take, reason);
    long value = value(c, have, take, false, carried);
    if (value > 0) {
      locked.move(Ledger.WORLD, holder, Ledger.COIN, value, WORLD_BUYS + reason);
    }
    return -take;
  }

  private long value(PriceModel.Conditions c, long have, long qty, boolean in, boolean carried) {
    return carried ? Math.round(model.mid(c, have) * qty) : model.worldValue(c, have, qty, in);
  }

  /** The coin's reasons for the world's side of a move (the report groups coin by them). */
  static final String WORLD_SELLS = "world sells: ";

  static final String WORLD_BUYS = "world buys: ";

  private void onTick(WorldTime t) {
    boards.time(t.season(), t.gameMinutes());
    // An hour is settled on the tick after it begins: the townsfolk's supply for that hour, sent on
    // its first tick, is in by then (a stepped clock waits for it), so drift always follows supply.
    hours.offer(Math.floorDiv(t.gameMinutes() - 1, 60), t.gameMinutes());
  }

  /**
   * The hour's work for every town, once per hour whatever the number of market processes: stock
   * drifts toward need, a price sample is kept, the boards are refreshed and published.
   */
  /** A trade, counted by side once it is done (a replayed request id is not a new trade). */
  private Future<Document> trade(MarketContract.Order o) {
    return trading
        .trade(o)
        .onSuccess(
            receipt -> {
              if (!receipt.getBoolean("replayed", false)) {
                registry.counter("wayfarer.trades", "side", o.buy() ? "buy" : "sell").increment();
              }
            })
        .map(Document::new);
  }

  /** The market's hour, timed (wayfarer_market_hour_seconds). */
  Future<Void> settleHour(long hour) {
    long t0 = System.nanoTime();
    return settle(hour)
        .onComplete(
            ar ->
                registry
                    .timer("wayfarer.market.hour")
                    .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS));
  }

  private Future<Void> settle(long hour) {
    Future<Void> chain = Future.succeededFuture();
    for (MarketData.Market market : data.markets().values()) {
      chain =
          chain.compose(
              v ->
                  Retry.onConflict(
                          () ->
                              pool.withTransaction(
                                  tx ->
                                      tx.preparedQuery(MarketSql.HOUR_CLAIM)
                                          .execute(Tuple.of(market.town(), hour))
                                          .compose(
                                              claim ->
                                                  claim.size() == 0
                                                      ? Future.succeededFuture(false)
                                                      : drift(tx, market, hour).map(true))),
                          3)
                      .compose(
                          settled ->
                              settled
                                  ? boards.refresh(market.town()).<Void>mapEmpty()
                                  : Future.succeededFuture()));
    }
    return chain;
  }

  /**
   * The drift in whole units, from dice of the world's seed, the hour, the town and the good: the
   * outside trade it stands for comes in uneven lots (half to one and a half times the share of the
   * gap), a fraction of a unit moves one unit with that chance, and about once a game day a passing
   * merchant brings or takes one unit whatever the gap. On average the drift is exact. (Rounding to
   * the nearest unit left gaps under ten units for ever; rounding them up to one unit pinned every
   * good at exactly its need; an exact drift locked a good the townsfolk use a whole unit an hour
   * at the one stock where the drift refills exactly that: each stood unchanged for weeks.)
   */
  private long wholeUnits(double exact, long hour, String town, String good) {
    SplittableRandom dice =
        Seeded.random(driftSeed, hour * 1_000_003L + (town + "/" + good).hashCode());
    double lot = exact * (0.5 + dice.nextDouble());
    long whole = (long) Math.floor(lot);
    long units = dice.nextDouble() < lot - whole ? whole + 1 : whole;
    if (driftRate > 0 && dice.nextInt(24) == 0) {
      units += dice.nextBoolean() ? 1 : -1;
    }
    return units;
  }

  private Future<Void> drift(SqlConnection tx, MarketData.Market market, long hour) {
    List<String> assets = new ArrayList<>(market.goods().keySet());
    assets.add(Ledger.COIN);
    return Ledger.lock(tx, keys(market.town(), assets))
        .compose(
            locked -> {
              Map<String, Long> stock = new HashMap<>();
              market
                  .goods()
                  .keySet()
                  .forEach(g -> stock.put(g, locked.balance(Ledger.market(market.town()), g)));
              boards.rememberHour(market.town(), stock);
              List<Tuple> samples = new ArrayList<>();
              for (Map.Entry<String, MarketData.Stock> e : market.goods().entrySet()) {
                String good = e.getKey();
                long have = stock.get(good);
                long gap = e.getValue().need() - have;
                // Never more out than the market holds.
                long delta =
                    Math.max(-have, wholeUnits(gap * driftRate, hour, market.town(), good));
                if (delta != 0) {
                  move(
                      locked,
                      market,
                      good,
                      delta,
                      delta > 0
                          ? "production and imports in " + market.town()
                          : "consumption in " + market.town(),
                      false);
                }
                long after = locked.balance(Ledger.market(market.town()), good);
                PriceModel.Conditions c = boards.conditions(market, good);
                samples.add(
                    Tuple.of(
                        market.town(),
                        good,
                        hour,
                        model.buy(c, after, 1).player(),
                        model.sell(c, after, 1).player(),
                        after));
              }
              return Ledger.write(tx, locked)
                  .compose(v -> tx.preparedQuery(MarketSql.INSERT_SAMPLE).executeBatch(samples))
                  .mapEmpty();
            });
  }
}
