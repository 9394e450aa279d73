package io.wayfarer.gateway;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sessions this gateway instance resolved in the last few seconds, so that a player's burst of
 * requests asks the player verticle (and Redis behind it) once rather than every time. An entry is
 * dropped when the player verticle announces the session's end on {@code player.auth.revoked},
 * which every gateway instance in the cluster hears; if that announcement were lost, the entry
 * still dies within {@code maxAgeMillis}, and never outlives the session's own absolute expiry. The
 * player verticle keeps the idle clock: it still sees each active session at least once per {@code
 * maxAgeMillis}, far more often than the minute its touch needs.
 *
 * <p>One per gateway instance, used only on its event loop, so it needs no locking.
 */
final class SessionCache {
  private record Entry(JsonObject session, long cachedAt, long expiresAt) {}

  private final long maxAgeMillis;
  private final Map<String, Entry> byTokenHash;

  SessionCache(long maxAgeMillis, int maxEntries) {
    this.maxAgeMillis = maxAgeMillis;
    // Oldest-inserted first: when full, the session cached longest ago goes, which is the one
    // nearest its end anyway.
    this.byTokenHash =
        new LinkedHashMap<>(256, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > maxEntries;
          }
        };
  }

  /** The cached session for this token hash, or null when there is none still fresh. */
  JsonObject get(String tokenHash, long now) {
    Entry e = byTokenHash.get(tokenHash);
    if (e == null) {
      return null;
    }
    if (now - e.cachedAt() >= maxAgeMillis || now >= e.expiresAt()) {
      byTokenHash.remove(tokenHash);
      return null;
    }
    return e.session();
  }

  /**
   * Remembers a session the player verticle just vouched for ({@code expiresAt} is its absolute
   * expiry).
   */
  void put(String tokenHash, JsonObject session, long now) {
    if (maxAgeMillis <= 0) {
      return;
    }
    byTokenHash.remove(tokenHash);
    byTokenHash.put(tokenHash, new Entry(session, now, session.getLong("expiresAt", now)));
  }

  void revoke(String tokenHash) {
    byTokenHash.remove(tokenHash);
  }

  int size() {
    return byTokenHash.size();
  }
}
