package io.wayfarer.player;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.player.PlayerContract;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions: an opaque 256-bit token for the browser's cookie; PostgreSQL keeps its SHA-256 (the
 * truth, so players stay logged in while Redis is down), Redis caches it with the idle expiry as
 * its TTL. A session ends when it is idle too long, reaches its absolute age, or is revoked.
 */
final class Sessions {
  private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Write last-seen to PostgreSQL at most this often per session; Redis carries the finer idle
   * clock.
   */
  private static final long TOUCH_EVERY_MILLIS = 60_000;

  /** What a resolved session says about who is on the other end. */
  record Session(long playerId, String username, String role, long expiresAt, long seenAt) {
    JsonObject toJson() {
      return new JsonObject()
          .put("playerId", playerId)
          .put("username", username)
          .put("role", role)
          .put("expiresAt", expiresAt)
          .put("seenAt", seenAt);
    }

    static Session fromJson(JsonObject j) {
      return new Session(
          j.getLong("playerId"),
          j.getString("username"),
          j.getString("role"),
          j.getLong("expiresAt"),
          j.getLong("seenAt", 0L));
    }
  }

  private final Pool pool;
  private final RedisAPI redis;
  private final long idleMillis;
  private final int absoluteHours;

  Sessions(Pool pool, RedisAPI redis, int idleMinutes, int absoluteHours) {
    this.pool = pool;
    this.redis = redis;
    this.idleMillis = idleMinutes * 60_000L;
    this.absoluteHours = absoluteHours;
  }

  long idleMillis() {
    return idleMillis;
  }

  static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] hash(String token) {
    return HexFormat.of().parseHex(PlayerContract.tokenHash(token));
  }

  private static String key(String token) {
    return KEY_PREFIX + PlayerContract.tokenHash(token);
  }

  /** A session's cache key is this and its token's hash. */
  private static final String KEY_PREFIX = "session:";

  /**
   * A token is 43 url-safe base64 characters; anything else is not one of ours and never reaches
   * the database.
   */
  static boolean wellFormed(String token) {
    return token != null
        && token.length() == 43
        && token.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_');
  }

  Future<JsonObject> create(long playerId, String username, String role) {
    String token = newToken();
    return pool.preparedQuery(PlayerSql.INSERT_SESSION)
        .execute(Tuple.of(Buffer.buffer(hash(token)), playerId, absoluteHours))
        .map(rows -> rows.iterator().next().getLong("expires_ms"))
        .compose(
            expiresAt -> {
              Session s =
                  new Session(playerId, username, role, expiresAt, System.currentTimeMillis());
              return cache(token, s)
                  .map(
                      v ->
                          new JsonObject()
                              .put("token", token)
                              .put("playerId", playerId)
                              .put("username", username)
                              .put("role", role)
                              .put("expiresAt", expiresAt)
                              .put("idleExpiresAt", System.currentTimeMillis() + idleMillis));
            });
  }

  /** Who holds this token, with the idle expiry pushed back; 401 when it is no live session. */
  Future<Session> resolve(String token) {
    if (!wellFormed(token)) {
      return Refusal.fail(Failures.UNAUTHORIZED, "log in first");
    }
    return redis
        .get(key(token))
        .map(v -> v == null ? null : Session.fromJson(new JsonObject(v.toString())))
        .otherwise(
            err -> {
              LOG.debug("Session cache unavailable, asking PostgreSQL: {}", err.getMessage());
              return null;
            })
        .compose(
            cached -> {
              long now = System.currentTimeMillis();
              if (cached != null && cached.expiresAt() > now) {
                return refresh(token, cached, now);
              }
              return fromDatabase(token);
            });
  }

  private Future<Session> refresh(String token, Session s, long now) {
    if (now - s.seenAt() < TOUCH_EVERY_MILLIS) {
      // Seen within the minute: the cache entry's TTL (the idle expiry) was set at that touch and
      // has at least
      // idle minus a minute to run, so there is nothing to write. Idle sessions end within a minute
      // of the limit.
      return Future.succeededFuture(s);
    }
    Session touched = new Session(s.playerId(), s.username(), s.role(), s.expiresAt(), now);
    return pool.preparedQuery(PlayerSql.TOUCH_SESSION)
        .execute(Tuple.of(Buffer.buffer(hash(token))))
        .compose(
            rows ->
                rows.rowCount() == 0
                    ? Refusal.<Session>fail(
                        Failures.UNAUTHORIZED, "your session has ended; log in again")
                    : cache(token, touched).map(touched));
  }

  private Future<Session> fromDatabase(String token) {
    long idleMinutes = idleMillis / 60_000;
    return pool.preparedQuery(PlayerSql.RESOLVE_SESSION)
        .execute(Tuple.of(Buffer.buffer(hash(token)), (int) idleMinutes))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Refusal.<Session>fail(
                    Failures.UNAUTHORIZED, "your session has ended; log in again");
              }
              Row r = rows.iterator().next();
              Session s =
                  new Session(
                      r.getLong("account_id"),
                      r.getString("username"),
                      r.getString("role"),
                      r.getLong("expires_ms"),
                      System.currentTimeMillis());
              return pool.preparedQuery(PlayerSql.TOUCH_SESSION)
                  .execute(Tuple.of(Buffer.buffer(hash(token))))
                  .compose(v -> cache(token, s))
                  .map(s);
            });
  }

  /** Caches a session; a Redis failure is logged and otherwise ignored (PostgreSQL has it). */
  private Future<Void> cache(String token, Session s) {
    long ttl = Math.min(idleMillis, s.expiresAt() - System.currentTimeMillis());
    if (ttl <= 0) {
      return Future.succeededFuture();
    }
    return redis
        .set(List.of(key(token), s.toJson().encode(), "PX", Long.toString(ttl)))
        .<Void>mapEmpty()
        .otherwise(
            err -> {
              LOG.debug("Could not cache a session: {}", err.getMessage());
              return null;
            });
  }

  /**
   * Marks sessions with an open page as used now; returns those of {@code tokenHashes} that are
   * over.
   */
  Future<List<String>> touch(List<String> tokenHashes) {
    Buffer[] hashes =
        tokenHashes.stream()
            .map(h -> Buffer.buffer(HexFormat.of().parseHex(h)))
            .toArray(Buffer[]::new);
    return pool.preparedQuery(PlayerSql.TOUCH_SESSIONS)
        .execute(Tuple.tuple().addArrayOfBuffer(hashes).addInteger((int) (idleMillis / 60_000)))
        .map(
            rows -> {
              Set<String> alive = new HashSet<>();
              rows.forEach(
                  r -> alive.add(HexFormat.of().formatHex(r.getBuffer("token_hash").getBytes())));
              return tokenHashes.stream().filter(h -> !alive.contains(h)).toList();
            });
  }

  /**
   * Drops ended sessions (by their tokens' hashes) from the cache; PostgreSQL already has them
   * revoked, and a copy cached elsewhere re-checks it within a minute, so a failure is only logged.
   */
  Future<Void> forget(List<String> tokenHashes) {
    if (tokenHashes.isEmpty()) {
      return Future.succeededFuture();
    }
    return redis
        .del(tokenHashes.stream().map(h -> KEY_PREFIX + h).toList())
        .<Void>mapEmpty()
        .otherwise(
            err -> {
              LOG.warn("Ended sessions not dropped from the cache: {}", err.getMessage());
              return null;
            });
  }

  /**
   * Ends a session everywhere; returns the player it belonged to, or -1 when it was no live
   * session.
   */
  Future<Long> revoke(String token) {
    if (!wellFormed(token)) {
      return Future.succeededFuture(-1L);
    }
    return pool.preparedQuery(PlayerSql.REVOKE_SESSION)
        .execute(Tuple.of(Buffer.buffer(hash(token))))
        .compose(
            rows ->
                redis
                    .del(List.of(key(token)))
                    .otherwise(
                        err -> {
                          // PostgreSQL has it revoked; a copy cached elsewhere re-checks it within
                          // a minute.
                          LOG.debug(
                              "Revoked session not dropped from the cache: {}", err.getMessage());
                          return null;
                        })
                    .map(v -> rows.size() == 0 ? -1L : rows.iterator().next().getLong(0)));
  }
}
