package io.wayfarer.player;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.OneAtATime;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.world.WorldData;
import java.util.ArrayList;
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
 * those whose players are not ({@code resting}, with when each was last seen). A player is online
 * while a session of theirs was used in the last {@code onlineMinutes}: an HTTP request marks it at
 * most once a minute, and an open page does too, because the gateway touches the session of every
 * open socket each minute. PostgreSQL is the truth; Redis keeps each town's answer for quick reads;
 * a town's presence is published on {@code town.<id>.presence} when it changes. It is recomputed
 * when a character moves or a player logs in or out, and every {@code refreshSeconds} for players
 * who went quiet.
 */
final class Presence {
  private static final Logger LOG = LoggerFactory.getLogger(Presence.class);
  private final Vertx vertx;
  private final Pool pool;
  private final RedisAPI redis;
  private final WorldData world;
  private final int onlineMinutes;

  /** What was last published per town, so only changes go out. */
  private final Map<String, JsonObject> published = new HashMap<>();

  /** One recomputation at a time; the towns (or all of them) asked for since the last one began. */
  private final OneAtATime<String, Void> recomputations = new OneAtATime<>();

  private static final String EVERY_TOWN = "every town";
  private final Set<String> pendingTowns = new LinkedHashSet<>();
  private boolean pendingAll;

  Presence(Vertx vertx, Pool pool, RedisAPI redis, WorldData world, int onlineMinutes) {
    this.vertx = vertx;
    this.pool = pool;
    this.redis = redis;
    this.world = world;
    this.onlineMinutes = onlineMinutes;
  }

  private static String key(String town) {
    return "town:" + town + ":presence";
  }

  /**
   * Recomputes one town (a character arrived or left, a player logged in or out there).
   * Recomputations run one at a time ({@link OneAtATime}), each for every town asked for since the
   * last began, so what is published last is the newest: two side by side could finish in either
   * order and leave an older presence on every page.
   */
  Future<Void> changed(String town) {
    if (town == null) {
      return Future.succeededFuture();
    }
    pendingTowns.add(town);
    return recomputations.run(EVERY_TOWN, this::recomputePending);
  }

  /** Recomputes every town: at start, and every little while for players who went quiet. */
  Future<Void> refreshAll() {
    pendingAll = true;
    return recomputations.run(EVERY_TOWN, this::recomputePending);
  }

  private Future<Void> recomputePending() {
    boolean all = pendingAll;
    String[] towns = pendingTowns.toArray(String[]::new);
    pendingAll = false;
    pendingTowns.clear();
    if (all) {
      return fromDatabase().compose(this::announce);
    }
    return pool.preparedQuery(PlayerSql.PRESENT_IN)
        .execute(Tuple.of(towns, onlineMinutes))
        .map(
            rows -> {
              Map<String, JsonObject> some = new LinkedHashMap<>();
              for (String town : towns) {
                some.put(town, empty(town));
              }
              rows.forEach(r -> add(some, r.getString("town"), r));
              return some;
            })
        .compose(this::announce);
  }

  /** Publishes and caches the towns whose presence differs from what was last published. */
  private Future<Void> announce(Map<String, JsonObject> towns) {
    List<Future<?>> writes = new ArrayList<>();
    towns.forEach(
        (town, now) -> {
          if (!now.equals(published.get(town))) {
            published.put(town, now);
            PlayerContract.PRESENCE.publish(vertx.eventBus(), town, new Document(now));
            writes.add(
                redis
                    .set(List.of(key(town), now.encode()))
                    .otherwise(
                        err -> {
                          LOG.debug("Presence of {} not cached: {}", town, err.getMessage());
                          return null;
                        }));
          }
        });
    return Future.all(writes).mapEmpty();
  }

  /** Town → {town, present, resting}, from Redis, or from PostgreSQL when Redis does not answer. */
  Future<Map<String, JsonObject>> all() {
    List<String> towns = List.copyOf(world.towns().keySet());
    List<String> keys = towns.stream().map(Presence::key).toList();
    return redis
        .mget(keys)
        .map(
            values -> {
              Map<String, JsonObject> out = new LinkedHashMap<>();
              for (int i = 0; i < towns.size(); i++) {
                var v = values.get(i);
                out.put(
                    towns.get(i), v == null ? empty(towns.get(i)) : new JsonObject(v.toString()));
              }
              return out;
            })
        .recover(
            err -> {
              LOG.debug("Presence cache not read, asking PostgreSQL: {}", err.getMessage());
              return fromDatabase();
            });
  }

  private Future<Map<String, JsonObject>> fromDatabase() {
    return pool.preparedQuery(PlayerSql.PRESENCE)
        .execute(Tuple.of(onlineMinutes))
        .map(
            rows -> {
              Map<String, JsonObject> out = new LinkedHashMap<>();
              world.towns().keySet().forEach(t -> out.put(t, empty(t)));
              rows.forEach(r -> add(out, r.getString("town"), r));
              return out;
            });
  }

  private static JsonObject empty(String town) {
    return new JsonObject()
        .put("town", town)
        .put("present", new JsonArray())
        .put("resting", new JsonArray())
        .put("lastSeen", new JsonObject());
  }

  private static void add(Map<String, JsonObject> towns, String town, Row r) {
    JsonObject t = towns.computeIfAbsent(town, Presence::empty);
    boolean online = r.getBoolean("online");
    t.getJsonArray(online ? "present" : "resting").add(r.getString("name"));
    if (!online && r.getString("last_seen") != null) {
      t.getJsonObject("lastSeen").put(r.getString("name"), r.getString("last_seen"));
    }
  }
}
