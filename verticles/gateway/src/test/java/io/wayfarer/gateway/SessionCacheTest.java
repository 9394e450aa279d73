package io.wayfarer.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** How long a gateway trusts a session it resolved, and what makes it forget one sooner. */
class SessionCacheTest {
  static JsonObject session(long playerId, long expiresAt) {
    return new JsonObject()
        .put("playerId", playerId)
        .put("role", "player")
        .put("expiresAt", expiresAt);
  }

  @Test
  void aSessionIsTrustedForItsWindowOnly() {
    SessionCache cache = new SessionCache(5_000, 100);
    cache.put("h1", session(1, 1_000_000), 10_000);
    assertEquals(1L, cache.get("h1", 10_000).getLong("playerId"));
    assertEquals(1L, cache.get("h1", 14_999).getLong("playerId"));
    assertNull(cache.get("h1", 15_000), "the window is over: ask the player verticle again");
    assertEquals(0, cache.size(), "a stale entry is dropped when seen");
    assertNull(cache.get("unknown", 10_000));
  }

  @Test
  void neverPastTheSessionsOwnExpiry() {
    SessionCache cache = new SessionCache(5_000, 100);
    cache.put("h1", session(1, 12_000), 10_000);
    assertEquals(1L, cache.get("h1", 11_999).getLong("playerId"));
    assertNull(cache.get("h1", 12_000));
  }

  @Test
  void aRevocationIsForgottenAtOnce() {
    SessionCache cache = new SessionCache(5_000, 100);
    cache.put("h1", session(1, 1_000_000), 10_000);
    cache.put("h2", session(2, 1_000_000), 10_000);
    cache.revoke("h1");
    assertNull(cache.get("h1", 10_001));
    assertEquals(2L, cache.get("h2", 10_001).getLong("playerId"), "other sessions stay");
    cache.revoke("never-seen");
  }

  @Test
  void boundedInSizeOldestFirst() {
    SessionCache cache = new SessionCache(5_000, 3);
    for (int i = 1; i <= 5; i++) {
      cache.put("h" + i, session(i, 1_000_000), 10_000 + i);
    }
    assertEquals(3, cache.size());
    assertNull(cache.get("h1", 10_010));
    assertNull(cache.get("h2", 10_010));
    assertEquals(5L, cache.get("h5", 10_010).getLong("playerId"));
  }

  @Test
  void aZeroWindowCachesNothing() {
    SessionCache cache = new SessionCache(0, 100);
    cache.put("h1", session(1, 1_000_000), 10_000);
    assertNull(cache.get("h1", 10_000));
    assertEquals(0, cache.size());
  }
}
