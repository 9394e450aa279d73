package io.wayfarer.events;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.KeepNewest;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.Replies;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.events.EventsContract;
import io.wayfarer.shared.events.WorldEvent;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.infra.SingleInstance;
import io.wayfarer.shared.world.EventTypes;
import io.wayfarer.shared.world.World;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The world's events: raised by chance each game hour with the season's and the weather's odds
 * ({@code conf/world/events.json}) or by an admin, stored in PostgreSQL, ended when their time is
 * over or when an admin ends them, and published on {@code world.events} as they start and end.
 * When it starts it publishes every event in force on {@code events.active}, so the verticles that
 * apply events' effects ({@code ActiveEvents}) are right whatever the order of starts and
 * redeploys. Exactly one runs against a database ({@link SingleInstance}): two would both draw the
 * odds.
 */
public class EventsVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(EventsVerticle.class);

  private Pool pool;
  private Replies replies;
  private EventTypes types;
  private Map<String, String> townNames;
  private boolean randomEvents;

  /** The world's seed, from which each hour's dice come ({@link EventDraws}). */
  private long seed;

  private SingleInstance single;

  /** The events in force, by id: the copy every answer and every hour works from. */
  private final Map<Long, WorldEvent> active = new LinkedHashMap<>();

  /** The hours to run: one at a time, the newest kept. */
  private KeepNewest<WorldTime> hours;

  @Override
  public Future<?> start() {
    pool = Clients.pgPool(vertx, config());
    replies = new Replies(vertx, "world events", config());
    randomEvents = config().getJsonObject("events").getBoolean("randomEvents");
    hours =
        new KeepNewest<>(
            ClockContract.Jobs.EVENTS_HOUR, LOG, replies, EventsVerticle::hourOf, this::runHour);
    return Db.reachable(vertx, pool, config(), "world events")
        .compose(v -> SingleInstance.claim(vertx, pool, "world events"))
        .onSuccess(lock -> single = lock)
        .compose(v -> World.load(vertx, config()))
        .compose(
            world -> {
              types = world.events();
              townNames = new LinkedHashMap<>();
              world.map().towns().values().forEach(t -> townNames.put(t.id(), t.name()));
              // The world's seed, so a world's chances can be replayed; apart from the townsfolk's.
              seed = world.people().population().seed() * 31 + 7;
              return loadActive();
            })
        .compose(
            v -> {
              ClockContract.CLOCK.listen(replies, this::hear);
              EventsContract.LIST.serve(replies, none -> list());
              EventsContract.RAISE.serve(replies, this::raise);
              EventsContract.END.serve(replies, this::end);
              EventsContract.RESCHEDULE.serve(replies, this::reschedule);
              EventsContract.PROCLAIM.serve(replies, this::proclaim);
              return replies.ready();
            })
        // Whoever applies events' effects and started first, or heard an end this verticle made
        // before a restart, takes this list as the truth (see ActiveEvents).
        .onSuccess(
            v ->
                EventsContract.ACTIVE.publish(
                    vertx.eventBus(), new EventsContract.Active(List.copyOf(active.values()))))
        .onSuccess(v -> LOG.info("{} world events in force", active.size()));
    // A refused start (a second events verticle) leaves no connections open: Vert.x closes the pool
    // this verticle made when it rolls the start back.
  }

  /** Stops taking requests and ticks, lets the hour in progress finish, then lets go. */
  @Override
  public Future<?> stop() {
    return replies
        .stop()
        .eventually(() -> single == null ? Future.succeededFuture() : single.release())
        .eventually(pool::close);
  }

  // ---- the hour ----

  /** A tick: its hour is run once (see {@link KeepNewest}), only while this holds the lock. */
  private void hear(WorldTime t) {
    if (single.held()) {
      hours.offer(t, t.gameMinutes());
    }
  }

  /**
   * The hour a tick runs: the one about to begin on its last minute. An hour's events are drawn and
   * published a minute before it, so that everything run on its first tick (the townsfolk's hour,
   * the market's) sees them, every time: drawn on the same tick, whether they were seen would
   * depend on the order the bus ran the jobs in, and a stepped run would not repeat.
   */
  static long hourOf(WorldTime t) {
    return Math.floorDiv(t.gameMinutes() + 1, 60);
  }

  /** Events over by the hour end; then each town may draw each kind of event once. */
  Future<Void> runHour(WorldTime t) {
    long from = Math.max(hourOf(t) * 60, t.gameMinutes());
    return endOver(from).compose(v -> maybeRaise(t, from));
  }

  private Future<Void> endOver(long now) {
    Future<Void> f = Future.succeededFuture();
    for (WorldEvent e : List.copyOf(active.values())) {
      if (e.endsAt() <= now) {
        f =
            f.compose(
                    v ->
                        pool.preparedQuery(EventsSql.END_EVENT)
                            .execute(Tuple.of(e.id()))
                            .map(
                                rows -> ended(rows.size() == 0 ? null : rows.iterator().next(), e)))
                .mapEmpty();
      }
    }
    return f;
  }

  /**
   * The end of {@code e} as the database has it ({@code row}), published once; null when another
   * ender got there first (it published).
   */
  private WorldEvent ended(Row row, WorldEvent e) {
    active.remove(e.id());
    if (row == null) {
      return null;
    }
    WorldEvent over = fromRow(row);
    EventsContract.EVENT.publish(vertx.eventBus(), over);
    LOG.info("Event over: {} in {}", over.type(), over.town());
    return over;
  }

  private Future<Void> maybeRaise(WorldTime t, long from) {
    if (!randomEvents) {
      return Future.succeededFuture();
    }
    Future<Void> f = Future.succeededFuture();
    for (EventDraws.Draw d :
        EventDraws.hour(
            seed,
            hourOf(t),
            types.all().values(),
            townNames.keySet(),
            t.season(),
            t.weather(),
            (type, town) ->
                active.values().stream()
                    .anyMatch(e -> e.town().equals(town) && e.type().equals(type)))) {
      EventTypes.Type type = types.type(d.type()).orElseThrow();
      f =
          f.compose(
              v ->
                  create(type, d.town(), d.severity(), d.hours(), null, "simulation", null, from)
                      .mapEmpty());
    }
    return f;
  }

  // ---- commands ----

  private Future<WorldEvent> raise(EventsContract.Raise r) {
    EventTypes.Type type = types.type(r.type()).orElse(null);
    if (type == null) {
      return Refusal.fail(Failures.BAD_REQUEST, "type must be one of " + types.all().keySet());
    }
    if (!townNames.containsKey(r.town())) {
      return Refusal.fail(Failures.BAD_REQUEST, "town must be one of " + townNames.keySet());
    }
    int severity = r.severity() == null ? 3 : r.severity();
    int hours = r.hours() == null ? type.minHours() : r.hours();
    return now()
        .compose(
            now -> create(type, r.town(), severity, hours, r.text(), "admin", r.raisedBy(), now));
  }

  /**
   * A town's decree or news: raised once per cause; asked again, the event that cause raised is the
   * answer, and nothing is published twice.
   */
  private Future<WorldEvent> proclaim(EventsContract.Proclaim p) {
    EventTypes.Type type = types.type(p.type()).orElse(null);
    if (type == null) {
      return Refusal.fail(Failures.BAD_REQUEST, "type must be one of " + types.all().keySet());
    }
    if (!townNames.containsKey(p.town())) {
      return Refusal.fail(Failures.BAD_REQUEST, "town must be one of " + townNames.keySet());
    }
    String words =
        p.text() != null && !p.text().isBlank()
            ? p.text()
            : type.text().replace("{town}", townNames.get(p.town()));
    return now()
        .compose(
            now ->
                pool.preparedQuery(EventsSql.INSERT_PROCLAIMED)
                    .execute(
                        Tuple.tuple(
                            List.of(
                                type.id(),
                                type.name(),
                                p.town(),
                                3,
                                now,
                                now + p.hours() * 60L,
                                words,
                                type.effects(),
                                p.by(),
                                p.key()))))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return pool.preparedQuery(EventsSql.BY_CAUSE)
                    .execute(Tuple.of(p.key()))
                    .map(again -> fromRow(again.iterator().next()));
              }
              WorldEvent e = fromRow(rows.iterator().next());
              active.put(e.id(), e);
              EventsContract.EVENT.publish(vertx.eventBus(), e);
              LOG.info(
                  "Proclaimed by {}: {} in {} ({}): {}",
                  p.by(),
                  e.type(),
                  e.town(),
                  p.key(),
                  words);
              return Future.succeededFuture(e);
            });
  }

  /** A new end for an event in force; published again so every copy takes it. */
  private Future<WorldEvent> reschedule(EventsContract.Reschedule r) {
    if (!active.containsKey(r.id())) {
      return Refusal.fail(Failures.NOT_FOUND, "no world event " + r.id() + " is in force");
    }
    return now()
        .compose(
            now ->
                pool.preparedQuery(EventsSql.RESCHEDULE)
                    .execute(Tuple.of(r.id(), now + r.hours() * 60L)))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Refusal.fail(Failures.NOT_FOUND, "world event " + r.id() + " has ended");
              }
              WorldEvent e = fromRow(rows.iterator().next());
              active.put(e.id(), e);
              EventsContract.EVENT.publish(vertx.eventBus(), e);
              LOG.info("{} set the end of {} in {} to {}", r.by(), e.type(), e.town(), e.endsAt());
              return Future.succeededFuture(e);
            });
  }

  private Future<WorldEvent> end(EventsContract.End r) {
    WorldEvent e = active.get(r.id());
    if (e == null) {
      return Refusal.fail(Failures.NOT_FOUND, "no world event " + r.id() + " is in force");
    }
    return now()
        .compose(now -> pool.preparedQuery(EventsSql.END_EVENT_NOW).execute(Tuple.of(e.id(), now)))
        .compose(
            rows -> {
              WorldEvent over = ended(rows.size() == 0 ? null : rows.iterator().next(), e);
              if (over == null) {
                return Refusal.fail(Failures.NOT_FOUND, "world event " + r.id() + " has ended");
              }
              LOG.info("{} ended {} in {} early", r.endedBy(), over.type(), over.town());
              return Future.succeededFuture(over);
            });
  }

  private Future<Long> now() {
    return ClockContract.TIME
        .request(vertx, Empty.INSTANCE, Clients.busTimeoutMillis(config()))
        .map(WorldTime::gameMinutes)
        .recover(err -> Refusal.fail(Failures.UNAVAILABLE, "the world clock is not running"));
  }

  private Future<WorldEvent> create(
      EventTypes.Type type,
      String town,
      int severity,
      int hours,
      String text,
      String source,
      String raisedBy,
      long now) {
    String words =
        text != null && !text.isBlank() ? text : type.text().replace("{town}", townNames.get(town));
    long ends = now + hours * 60L;
    return pool.preparedQuery(EventsSql.INSERT_EVENT)
        .execute(
            Tuple.tuple(
                List.of(
                    type.id(),
                    type.name(),
                    town,
                    severity,
                    now,
                    ends,
                    words,
                    type.effects(),
                    source,
                    raisedBy == null ? "" : raisedBy)))
        .map(
            rows -> {
              WorldEvent e = fromRow(rows.iterator().next());
              active.put(e.id(), e);
              EventsContract.EVENT.publish(vertx.eventBus(), e);
              LOG.info(
                  "Event: {} in {} for {} hours ({}): {}", type.id(), town, hours, source, words);
              return e;
            });
  }

  // ---- reading ----

  private Future<Void> loadActive() {
    return pool.query(EventsSql.OPEN_EVENTS)
        .execute()
        .map(
            rows -> {
              rows.forEach(r -> active.put(r.getLong("id"), fromRow(r)));
              return null;
            });
  }

  private Future<Document> list() {
    return pool.query(EventsSql.RECENT_EVENTS)
        .execute()
        .map(
            rows -> {
              JsonArray recent = new JsonArray();
              rows.forEach(r -> recent.add(fromRow(r).toJson()));
              JsonObject out =
                  new JsonObject()
                      .put(
                          "active",
                          new JsonArray(active.values().stream().map(WorldEvent::toJson).toList()))
                      .put("recent", recent)
                      .put(
                          "types",
                          new JsonArray(
                              types.all().values().stream().map(EventTypes.Type::toJson).toList()))
                      .put("towns", new JsonObject(new LinkedHashMap<>(townNames)));
              return new Document(out);
            });
  }

  private static WorldEvent fromRow(Row r) {
    return new WorldEvent(
        r.getLong("id"),
        r.getString("type"),
        r.getString("name"),
        r.getString("town"),
        r.getInteger("severity"),
        r.getLong("starts_at"),
        r.getLong("ends_at"),
        r.getString("text"),
        r.getJsonObject("effects"),
        r.getBoolean("ended"));
  }
}
