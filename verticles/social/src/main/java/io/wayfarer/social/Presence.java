package io.wayfarer.social;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.OneAtATime;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.social.SocialContract;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is in each town: the characters standing there whose players are online ({@code present}) and
 * those whose players are not ({@code resting}, with when each was last seen), and how many players
 * are online in the whole world. A player is online while a session of theirs was used in the last
 * {@code onlineMinutes}: an HTTP request marks it at most once a minute, and an open page does too,
 * because the gateway touches the session of every open socket each minute. PostgreSQL is the truth
 * (the player verticle's views); Redis keeps the answers for quick reads and PostgreSQL answers
 * when Redis does not. A town's presence is published on {@code town.<id>.presence}, and the
 * world's count on {@code world.online}, when they change. A town is counted again when the player
 * verticle says someone arrived, left, signed in or out there, and every town every {@code
 * refreshSeconds} for players who went quiet.
 */
final class Presence {
  private static final Logger LOG = LoggerFactory.getLogger(Presence.class);
  private static final String ONLINE_KEY = "world:online";
  private final EventBus bus;
  private final Pool pool;
  private final RedisAPI redis;
  private final List<String> towns;
  private final int onlineMinutes;

  /** What was last published per town, and the world's count, so only changes go out. */
  private final Map<String, JsonObject> published = new HashMap<>();

  private long publishedOnline = -1;

  /** One recount at a time; the towns (or all of them) asked for since the last one began. */
  private final OneAtATime<String, Void> recounts = new OneAtATime<>();

  private static final String EVERY_TOWN = "every town";
  private final Set<String> pendingTowns = new LinkedHashSet<>();
  private boolean pendingAll;

  Presence(EventBus bus, Pool pool, RedisAPI redis, Collection<String> towns, int onlineMinutes) {
    this.bus = bus;
    this.pool = pool;
    this.redis = redis;
    this.towns = List.copyOf(towns);
    this.onlineMinutes = onlineMinutes;
  }

  private static String key(String town) {
    return "town:" + town + ":presence";
  }

  /**
   * Counts some towns again. Recounts run one at a time ({@link OneAtATime}), each for every town
   * asked for since the last began, so what is published last is the newest: two side by side could
   * finish in either order and leave an older presence on every page.
   */
  Future<Void> changed(Collection<String> changedTowns) {
    changedTowns.stream().filter(towns::contains).forEach(pendingTowns::add);
    return recounts.run(EVERY_TOWN, this::recountPending);
  }

  /** Counts every town again: at start, and every little while for players who went quiet. */
  Future<Void> refreshAll() {
    pendingAll = true;
    return recounts.run(EVERY_TOWN, this::recountPending);
  }

  private Future<Void> recountPending() {
    boolean all = pendingAll;
    String[] some = pendingTowns.toArray(String[]::new);
    pendingAll = false;
    pendingTowns.clear();
    Future<Map<String, JsonObject>> counted;
    if (all) {
      counted = fromDatabase();
    } else if (some.length == 0) {
      counted = Future.succeededFuture(Map.of());
    } else {
      counted =
          pool.preparedQuery(SocialSql.PRESENT_IN)
              .execute(Tuple.of(some, onlineMinutes))
              .map(
                  rows -> {
                    Map<String, JsonObject> out = new LinkedHashMap<>();
                    for (String town : some) {
                      out.put(town, empty(town));
                    }
                    rows.forEach(r -> add(out, r));
                    return out;
                  });
    }
    return counted.compose(
        byTown -> onlineFromDatabase().compose(online -> announce(byTown, online)));
  }

  /** Publishes and caches the towns whose presence, and the count, that differ from the last. */
  private Future<Void> announce(Map<String, JsonObject> byTown, long online) {
    List<Future<?>> writes = new ArrayList<>();
    byTown.forEach(
        (town, now) -> {
          if (!now.equals(published.get(town))) {
            published.put(town, now);
            SocialContract.PRESENCE.publish(bus, town, new Document(now));
            writes.add(cache(key(town), now.encode()));
          }
        });
    if (online != publishedOnline) {
      publishedOnline = online;
      SocialContract.ONLINE.publish(bus, new SocialContract.Online(online));
      writes.add(cache(ONLINE_KEY, Long.toString(online)));
    }
    return Future.all(writes).mapEmpty();
  }

  /** A cache write that fails leaves the reads to PostgreSQL; the game goes on. */
  private Future<?> cache(String key, String value) {
    return redis
        .set(List.of(key, value))
        .otherwise(
            err -> {
              LOG.debug("{} not cached: {}", key, err.getMessage());
              return null;
            });
  }

  /**
   * {@code {present: {town: [names]}, resting: {…}, lastSeen: {town: {name: time}}, online}}, from
   * Redis, or from PostgreSQL when Redis does not answer or has not been filled yet.
   */
  Future<JsonObject> who() {
    List<String> keys = new ArrayList<>(towns.stream().map(Presence::key).toList());
    keys.add(ONLINE_KEY);
    return redis
        .mget(keys)
        .compose(
            values -> {
              if (values.get(towns.size()) == null) {
                return Future.failedFuture("not counted yet");
              }
              Map<String, JsonObject> out = new LinkedHashMap<>();
              for (int i = 0; i < towns.size(); i++) {
                var v = values.get(i);
                out.put(
                    towns.get(i), v == null ? empty(towns.get(i)) : new JsonObject(v.toString()));
              }
              return Future.succeededFuture(
                  who(out, Long.parseLong(values.get(towns.size()).toString())));
            })
        .recover(
            err -> {
              LOG.debug("Presence cache not read, asking PostgreSQL: {}", err.getMessage());
              return fromDatabase()
                  .compose(byTown -> onlineFromDatabase().map(online -> who(byTown, online)));
            });
  }

  private static JsonObject who(Map<String, JsonObject> byTown, long online) {
    JsonObject present = new JsonObject();
    JsonObject resting = new JsonObject();
    JsonObject lastSeen = new JsonObject();
    byTown.forEach(
        (town, p) -> {
          present.put(town, p.getJsonArray("present"));
          resting.put(town, p.getJsonArray("resting"));
          lastSeen.put(town, p.getJsonObject("lastSeen"));
        });
    return new JsonObject()
        .put("present", present)
        .put("resting", resting)
        .put("lastSeen", lastSeen)
        .put("online", online);
  }

  private Future<Map<String, JsonObject>> fromDatabase() {
    return pool.preparedQuery(SocialSql.PRESENCE)
        .execute(Tuple.of(onlineMinutes))
        .map(
            rows -> {
              Map<String, JsonObject> out = new LinkedHashMap<>();
              towns.forEach(t -> out.put(t, empty(t)));
              rows.forEach(r -> add(out, r));
              return out;
            });
  }

  private Future<Long> onlineFromDatabase() {
    return pool.preparedQuery(SocialSql.ONLINE_COUNT)
        .execute(Tuple.of(onlineMinutes))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  private static JsonObject empty(String town) {
    return new JsonObject()
        .put("town", town)
        .put("present", new JsonArray())
        .put("resting", new JsonArray())
        .put("lastSeen", new JsonObject());
  }

  private static void add(Map<String, JsonObject> byTown, Row r) {
    String town = r.getString("town");
    JsonObject t = byTown.computeIfAbsent(town, Presence::empty);
    boolean online = r.getBoolean("online");
    t.getJsonArray(online ? "present" : "resting").add(r.getString("name"));
    if (!online && r.getString("last_seen") != null) {
      t.getJsonObject("lastSeen").put(r.getString("name"), r.getString("last_seen"));
    }
  }
}
