package io.wayfarer.npc;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.KeepNewest;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.Replies;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.bus.UntilTaken;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.events.ActiveEvents;
import io.wayfarer.shared.events.WorldEvent;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.infra.Metrics;
import io.wayfarer.shared.infra.SingleInstance;
import io.wayfarer.shared.market.MarketContract;
import io.wayfarer.shared.npc.NpcContract;
import io.wayfarer.shared.world.NpcData;
import io.wayfarer.shared.world.World;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The townsfolk and their caravans. Each game hour every NPC moves and works ({@link
 * Townsfolk#tick}, in memory, under the world events in force, which it hears like every other
 * verticle: {@link ActiveEvents}), each town's production and consumption goes to the market as one
 * {@code market.supply} batch, caravans move, and who is where is published on {@code
 * town.<town>.npcs} and kept in Redis. A snapshot is saved every game day and at shutdown.
 */
public class NpcVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(NpcVerticle.class);
  private static final int PEOPLE_SHOWN_PER_PLACE = 8;

  private Pool pool;
  private MeterRegistry registry;
  private Replies replies;
  private RedisAPI redis;
  private List<String> towns;
  private List<String> goods;
  private NpcData data;
  private Townsfolk folk;
  private Caravans caravans;
  private Townsfolk.TownConditions[] conditions;
  private ActiveEvents events;
  private final Map<String, JsonObject> boards = new HashMap<>();

  private final Map<String, JsonObject> whereabouts = new HashMap<>();
  private long seed;

  /** The hours to run: one at a time, the newest kept. */
  private KeepNewest<WorldTime> hours;

  private long lastTickNanos;
  private SingleInstance single;

  @Override
  public Future<?> start() {
    JsonObject conf = config().getJsonObject("npc");
    pool = Clients.pgPool(vertx, config());
    registry = Metrics.registry(config());
    redis = Clients.redis(vertx, config());
    replies = new Replies(vertx, "townsfolk", config());
    hours =
        new KeepNewest<>(
            ClockContract.Jobs.NPC_HOUR, LOG, replies, t -> t.gameMinutes() / 60, this::runHour);
    return Db.reachable(vertx, pool, config(), "townsfolk")
        .compose(v -> SingleInstance.claim(vertx, pool, "NPC simulation"))
        .onSuccess(lock -> single = lock)
        .compose(lock -> World.load(vertx, config()))
        .compose(
            world -> {
              towns = new ArrayList<>(world.map().towns().keySet());
              List<Caravans.Road> roads =
                  world.map().roads().stream()
                      .map(r -> new Caravans.Road(r.from(), r.to(), r.hours(), r.danger()))
                      .toList();
              goods = List.copyOf(world.goods().keySet());
              data = world.people();
              int perTown =
                  conf.getInteger("perTown") > 0
                      ? conf.getInteger("perTown")
                      : data.population().perTown();
              seed = data.population().seed();
              return vertx
                  .executeBlocking(
                      () -> {
                        folk = new Townsfolk(data, towns, goods, perTown, seed);
                        return null;
                      })
                  .map(
                      v -> {
                        caravans =
                            new Caravans(
                                towns,
                                data.population().caravansPerTown(),
                                roads,
                                data.population().caravanLoad(),
                                seed);
                        conditions = new Townsfolk.TownConditions[towns.size()];
                        for (int i = 0; i < conditions.length; i++) {
                          conditions[i] = new Townsfolk.TownConditions(goods.size());
                        }
                        return null;
                      });
            })
        .compose(v -> restore())
        .compose(
            v -> {
              if (hours.last() >= 0) {
                // Restored: answer for the townsfolk as they were, before the next hour moves them.
                publishWhereabouts(hours.last());
                return Future.succeededFuture();
              }
              // A new world: put everyone where this hour finds them, so the towns are peopled from
              // the first minute.
              return ClockContract.TIME
                  .request(vertx, Empty.INSTANCE, Clients.busTimeoutMillis(config()))
                  .map(
                      t -> {
                        folk.place(
                            t.hour(),
                            Math.max(0, NpcData.SEASONS.indexOf(t.season())),
                            Math.max(0, NpcData.WEATHER.indexOf(t.weather())),
                            conditions);
                        publishWhereabouts(t.gameMinutes() / 60);
                        return null;
                      })
                  .<Void>mapEmpty()
                  .otherwise(
                      err -> {
                        LOG.warn(
                            "The clock did not answer ({}): the townsfolk take their places at the first hour",
                            err.getMessage());
                        return null;
                      });
            })
        .compose(
            v -> {
              events =
                  new ActiveEvents(vertx, "townsfolk", Clients.busTimeoutMillis(config()), t -> {});
              return events.start();
            })
        .compose(
            v -> {
              ClockContract.CLOCK.listen(replies, this::hear);
              NpcContract.WHEREABOUTS.serve(replies, t -> whereabouts(t.town()));
              NpcContract.CARAVANS.serve(
                  replies,
                  none ->
                      Future.succeededFuture(
                          new Document(new JsonObject().put("caravans", caravans.toJson()))));
              for (String t : towns) {
                MarketContract.BOARD.listen(replies, t, board -> boards.put(t, board.json()));
              }
              return replies.ready();
            })
        .onSuccess(
            v ->
                LOG.info(
                    "{} townsfolk in {} towns, {} caravans",
                    folk.size(),
                    towns.size(),
                    caravans.all().size()))
        // A refused start (a second NPC simulation) leaves no connections open: Vert.x closes the
        // pool this verticle
        // made when it rolls the start back (closing it here too raced that close), and the Redis
        // client is ours.
        .onFailure(err -> redis.close());
  }

  /**
   * Stops taking requests and ticks, lets the hour in progress finish, saves the townsfolk, then
   * lets go.
   */
  @Override
  public Future<?> stop() {
    if (events != null) {
      events.stop();
    }
    Future<?> saved =
        replies
            .stop()
            .compose(
                v ->
                    folk == null || hours == null || hours.last() < 0 || single == null
                        ? Future.succeededFuture()
                        : save(hours.last()));
    return saved
        .eventually(() -> single == null ? Future.succeededFuture() : single.release())
        .eventually(pool::close)
        .eventually(
            () -> {
              redis.close();
              return Future.succeededFuture();
            });
  }

  // ---- the hour ----

  /**
   * A tick: the hour it is in is run once (see {@link KeepNewest}), unless another simulation may
   * hold the lock.
   */
  private void hear(WorldTime t) {
    // Without its lock (PostgreSQL came back and another may have it) this simulation does not run
    // an hour.
    if (single.held()) {
      hours.offer(t, t.gameMinutes());
    }
  }

  Future<Void> runHour(WorldTime t) {
    return boardsNow().compose(now -> runHour(t, now));
  }

  /**
   * The boards the caravans plan from: those last published, or on a stepped clock the markets'
   * boards as of this tick, asked for. A board is published after trades and events as well as
   * every hour, and which of those publications had arrived when the hour ran was a matter of real
   * time; a stepped run must repeat.
   */
  private Future<Map<String, JsonObject>> boardsNow() {
    if (!replies.clockStepped()) {
      return Future.succeededFuture(boards);
    }
    return MarketContract.ALL_PRICES
        .request(vertx, Empty.INSTANCE, Clients.busTimeoutMillis(config()))
        .map(
            all -> {
              Map<String, JsonObject> now = new HashMap<>();
              all.json()
                  .getJsonObject("towns")
                  .forEach(e -> now.put(e.getKey(), (JsonObject) e.getValue()));
              return now;
            })
        .recover(
            err -> {
              // The hour still runs (the townsfolk's supply must not be lost); only this hour's
              // caravans may then differ from another run's.
              LOG.warn(
                  "Boards not read for the NPC hour, planning from those last heard: {}",
                  err.toString());
              return Future.succeededFuture(boards);
            });
  }

  private Future<Void> runHour(WorldTime t, Map<String, JsonObject> boards) {
    long hour = t.gameMinutes() / 60;
    List<WorldEvent> now = activeAt(t.gameMinutes());
    prepareConditions(now);
    int season = Math.max(0, NpcData.SEASONS.indexOf(t.season()));
    int weather = Math.max(0, NpcData.WEATHER.indexOf(t.weather()));
    long t0 = System.nanoTime();
    folk.tick(t.hour(), season, weather, conditions);
    lastTickNanos = System.nanoTime() - t0;
    registry.timer("wayfarer.npc.tick").record(lastTickNanos, TimeUnit.NANOSECONDS);
    List<Caravans.Move> moves =
        caravans.hour(
            hour,
            boards,
            town -> Caravans.waits(now, town),
            town ->
                now.stream()
                    .filter(e -> e.town().equals(town))
                    .mapToInt(WorldEvent::roadDanger)
                    .sum());
    // The hour's goods reach the markets first; then who is where is announced, so whereabouts
    // showing an hour mean that hour is done.
    return supply(hour, folk.drainSupply(), moves)
        .onComplete(ar -> publishWhereabouts(hour))
        .compose(v -> hour % 24 == 0 ? save(hour) : Future.succeededFuture());
  }

  private List<WorldEvent> activeAt(long gameMinutes) {
    return events.activeAt(gameMinutes);
  }

  private void prepareConditions(List<WorldEvent> now) {
    for (Townsfolk.TownConditions c : conditions) {
      c.reset();
    }
    for (WorldEvent e : now) {
      int t = towns.indexOf(e.town());
      if (t < 0) {
        continue;
      }
      Townsfolk.TownConditions c = conditions[t];
      c.guardsPatrol |= e.flag("guardsPatrol");
      c.storm |= "storm".equals(e.effects().getString("weather"));
      for (int g = 0; g < goods.size(); g++) {
        c.production[g] *= e.multiplier("production", goods.get(g));
        c.demand[g] *= e.multiplier("demand", goods.get(g));
      }
    }
  }

  /**
   * One {@code market.supply} batch per town: its townsfolk's production and consumption, and
   * caravans' loads.
   */
  private Future<Void> supply(long hour, List<Townsfolk.Delta> deltas, List<Caravans.Move> moves) {
    Map<String, List<MarketContract.StockChange>> batches = new LinkedHashMap<>();
    for (Townsfolk.Delta d : deltas) {
      batches
          .computeIfAbsent(d.town(), k -> new ArrayList<>())
          .add(
              new MarketContract.StockChange(
                  d.town(),
                  d.good(),
                  d.delta(),
                  (d.delta() > 0 ? "made by the townsfolk of " : "used by the townsfolk of ")
                      + d.town()));
    }
    for (Caravans.Move m : moves) {
      batches
          .computeIfAbsent(m.town(), k -> new ArrayList<>())
          .add(new MarketContract.StockChange(m.town(), m.good(), m.delta(), m.reason()));
    }
    List<Future<?>> sent = new ArrayList<>();
    long timeout = Clients.busTimeoutMillis(config());
    // Each batch names its town and hour, so the market applies it once however often it comes:
    // while the market is being replaced (or its process restarts) it is sent again until taken,
    // in the background after the first bus timeout, so the hours go on. A refusal is logged and
    // the hour goes on.
    batches.forEach(
        (town, batch) -> {
          MarketContract.Supply supply =
              new MarketContract.Supply(batch, "npc:" + hour + ":" + town);
          registry.counter("wayfarer.npc.supply.sent").increment();
          Future<?> taken =
              replies.track(
                  UntilTaken.send(
                      vertx,
                      () -> MarketContract.SUPPLY.request(vertx, supply, timeout),
                      SUPPLY_GIVE_UP_MILLIS,
                      LOG,
                      town + "'s supply for hour " + hour));
          taken
              .onSuccess(v -> registry.counter("wayfarer.npc.supply.taken").increment())
              .onFailure(
                  err -> {
                    registry.counter("wayfarer.npc.supply.lost").increment();
                    LOG.error("The market did not take {}'s supply: {}", town, err.toString());
                  });
          sent.add(
              taken
                  .timeout(timeout, TimeUnit.MILLISECONDS)
                  .otherwise(
                      err -> {
                        if (err instanceof TimeoutException) {
                          LOG.info("{}'s supply for hour {} is still on its way", town, hour);
                        }
                        return null;
                      }));
        });
    return Future.all(sent).mapEmpty();
  }

  /** How long a supply batch is sent again before it is given up (and logged as an error). */
  static final long SUPPLY_GIVE_UP_MILLIS = 15 * 60_000;

  private void publishWhereabouts(long hour) {
    int places = data.places().size();
    int[][] counts = new int[towns.size()][places];
    // Java has no arrays of a generic type: this one is made raw and only ever holds lists of JSON
    // objects.
    @SuppressWarnings({"unchecked", "rawtypes"})
    List<JsonObject>[][] people = new List[towns.size()][places];
    for (int i = 0; i < folk.size(); i++) {
      int t = folk.townOf(i);
      int p = folk.places()[i];
      counts[t][p]++;
      if (counts[t][p] <= PEOPLE_SHOWN_PER_PLACE) {
        if (people[t][p] == null) {
          people[t][p] = new ArrayList<>();
        }
        people[t][p].add(
            new JsonObject().put("name", folk.name(i)).put("profession", folk.professionName(i)));
      }
    }
    for (int t = 0; t < towns.size(); t++) {
      JsonArray list = new JsonArray();
      for (int p = 0; p < places; p++) {
        if (counts[t][p] > 0) {
          list.add(
              new JsonObject()
                  .put("place", data.places().get(p))
                  .put("count", counts[t][p])
                  .put("people", new JsonArray(people[t][p] == null ? List.of() : people[t][p])));
        }
      }
      String town = towns.get(t);
      JsonObject w =
          new JsonObject()
              .put("town", town)
              .put("gameHour", hour)
              .put("population", Arrays.stream(counts[t]).sum())
              .put("places", list);
      whereabouts.put(town, w);
      NpcContract.TOWNSFOLK.publish(vertx.eventBus(), town, new Document(w));
      redis
          .set(List.of("npc:" + town + ":whereabouts", w.encode()))
          .onFailure(err -> LOG.debug("Whereabouts not cached: {}", err.getMessage()));
    }
  }

  private Future<Document> whereabouts(String town) {
    if (!towns.contains(town)) {
      return Refusal.fail(Failures.NOT_FOUND, "no such town: " + town);
    }
    // The owner answers from its own state, which is never older than the Redis copy it writes for
    // other readers.
    return Future.succeededFuture(
        new Document(
            whereabouts.getOrDefault(
                town, new JsonObject().put("town", town).put("places", new JsonArray()))));
  }

  // ---- snapshots ----

  private Future<Void> save(long hour) {
    JsonArray acc = new JsonArray();
    for (double[] town : folk.accumulated()) {
      JsonArray row = new JsonArray();
      for (double v : town) {
        row.add(v);
      }
      acc.add(row);
    }
    return pool.preparedQuery(NpcSql.SAVE_SNAPSHOT)
        .execute(
            Tuple.tuple(
                List.of(
                    hour, folk.size(), seed, Buffer.buffer(folk.places()), acc, caravans.toJson())))
        .<Void>mapEmpty()
        .onFailure(err -> LOG.warn("NPC snapshot not saved: {}", err.getMessage()));
  }

  private Future<Void> restore() {
    return pool.query(NpcSql.LOAD_SNAPSHOT)
        .execute()
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row r = rows.iterator().next();
              if (r.getInteger("population") != folk.size() || r.getLong("seed") != seed) {
                LOG.info("The saved townsfolk are of another population; starting afresh");
                return null;
              }
              JsonArray acc = r.getJsonArray("accumulated");
              double[][] a = new double[acc.size()][];
              for (int t = 0; t < acc.size(); t++) {
                JsonArray row = acc.getJsonArray(t);
                a[t] = new double[row.size()];
                for (int g = 0; g < row.size(); g++) {
                  a[t][g] = row.getDouble(g);
                }
              }
              folk.restore(r.getBuffer("places").getBytes(), a);
              caravans.restore(r.getJsonArray("caravans"));
              hours.doneUpTo(r.getLong("game_hour"));
              LOG.info("Townsfolk restored from game hour {}", hours.last());
              return null;
            });
  }

  long lastTickNanos() {
    return lastTickNanos;
  }
}
