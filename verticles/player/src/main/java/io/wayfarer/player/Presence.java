package io.wayfarer.player;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.player.PlayerContract;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who stands in each town: PostgreSQL's characters.town is the truth; Redis keeps a set per town for quick
 * reads by any process; every change is published on {@code town.<id>.presence}.
 */
final class Presence {
  private static final Logger LOG = LoggerFactory.getLogger(Presence.class);
  private final Vertx vertx;
  private final Pool pool;
  private final RedisAPI redis;
  private final WorldData world;

  Presence(Vertx vertx, Pool pool, RedisAPI redis, WorldData world) {
    this.vertx = vertx;
    this.pool = pool;
    this.redis = redis;
    this.world = world;
  }

  private static String key(String town) {
    return "town:" + town + ":present";
  }

  /** Re-reads a town from PostgreSQL, refreshes its Redis set and publishes it. */
  Future<Void> changed(String town) {
    if (town == null) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(PlayerSql.PRESENT_IN).execute(Tuple.of(town)).compose(rows -> {
      List<String> names = new ArrayList<>();
      rows.forEach(r -> names.add(r.getString(0)));
      vertx.eventBus().publish(PlayerContract.townPresence(town), new JsonObject().put("town", town).put("present", new JsonArray(names)));
      return write(town, names);
    });
  }

  private Future<Void> write(String town, List<String> names) {
    List<String> args = new ArrayList<>();
    args.add(key(town));
    args.addAll(names);
    Future<?> written = redis.del(List.of(key(town))).compose(v -> names.isEmpty() ? Future.succeededFuture() : redis.sadd(args));
    return written.<Void>mapEmpty().otherwise(err -> {
      LOG.debug("Presence cache not updated: {}", err.getMessage());
      return null;
    });
  }

  /** Rebuilds every town's set from PostgreSQL (at start: the cache may be stale or empty). */
  Future<Void> rebuild() {
    return fromDatabase().compose(all -> Future.all(all.entrySet().stream()
        .map(e -> write(e.getKey(), e.getValue())).toList())).mapEmpty();
  }

  /** Town → names present, from Redis, or from PostgreSQL when Redis does not answer. */
  Future<Map<String, List<String>>> all() {
    List<Future<Map.Entry<String, List<String>>>> reads = new ArrayList<>();
    for (String town : world.towns().keySet()) {
      reads.add(redis.smembers(key(town)).map(set -> {
        List<String> names = new ArrayList<>();
        set.forEach(n -> names.add(n.toString()));
        names.sort(String::compareTo);
        return Map.entry(town, names);
      }));
    }
    return Future.all(reads).map(cf -> {
      Map<String, List<String>> out = new LinkedHashMap<>();
      for (int i = 0; i < cf.size(); i++) {
        Map.Entry<String, List<String>> e = cf.resultAt(i);
        out.put(e.getKey(), e.getValue());
      }
      return out;
    }).recover(err -> fromDatabase());
  }

  private Future<Map<String, List<String>>> fromDatabase() {
    return pool.query(PlayerSql.PRESENCE).execute().map(rows -> {
      Map<String, List<String>> out = new LinkedHashMap<>();
      world.towns().keySet().forEach(t -> out.put(t, new ArrayList<>()));
      rows.forEach(r -> out.computeIfAbsent(r.getString("town"), t -> new ArrayList<>()).add(r.getString("name")));
      return out;
    });
  }
}
