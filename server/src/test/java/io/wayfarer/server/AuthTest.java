package io.wayfarer.server;

import static io.wayfarer.server.Browser.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.test.TestInfra;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Accounts and sessions over real HTTP against the real verticles. */
@ExtendWith(VertxExtension.class)
class AuthTest {
  static final String GOOD = "a perfectly fine passphrase";
  static final long CACHE_MILLIS = 1000;
  static Wayfarer server;
  static int port;

  @BeforeAll
  static void start() {
    // Gateways trust a session they resolved for a second here (five by default), so the expiry
    // test can wait it out.
    server =
        InProcess.start(
            TestInfra.config(
                new JsonObject()
                    .put("player", new JsonObject().put("loginFailuresPerAddress", 12))
                    .put("http", new JsonObject().put("sessionCacheMillis", CACHE_MILLIS))));
    port = InProcess.httpPort(server);
  }

  @AfterAll
  static void stop() {
    InProcess.assertConserved(server);
    server.close();
  }

  static String unique(String prefix) {
    return prefix + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
  }

  /**
   * Every test logs in from 127.0.0.1: forget that address's failures so one test's don't lock the
   * next.
   */
  @BeforeEach
  void forgetAddressFailures(Vertx vertx) {
    Pool pool = Clients.pgPool(vertx, server.config());
    pool.query(
            "DELETE FROM auth_attempts WHERE key LIKE 'login:addr:%' OR key LIKE 'register:addr:%'")
        .execute()
        .await();
    pool.close().await();
  }

  @Test
  void registerLogInAndSeeYourself(Vertx vertx) {
    Browser b = new Browser(vertx, port);
    String name = unique("ann");
    JsonObject registered = expect(201, b.register(name, GOOD)).bodyAsJsonObject();
    assertTrue(registered.getLong("playerId") > 0);
    HttpResponse<Buffer> login = expect(200, b.login(name, GOOD));
    assertTrue(
        !login.bodyAsString().contains("token"),
        "the token is never shown to scripts: " + login.bodyAsString());
    String cookie =
        login.cookies().stream().filter(c -> c.startsWith("wf_session=")).findFirst().orElseThrow();
    assertTrue(cookie.toLowerCase().contains("httponly"), cookie);
    assertTrue(cookie.contains("SameSite=Strict"), cookie);
    assertTrue(cookie.contains("Path=/"), cookie);
    assertTrue(cookie.contains("Max-Age="), cookie);
    assertTrue(b.token().length() >= 43, "at least 128 bits (here 256) of token");
    JsonObject me = expect(200, b.get("/api/me")).bodyAsJsonObject();
    assertEquals(name, me.getJsonObject("account").getString("username"));
    assertEquals("player", me.getJsonObject("account").getString("role"));
    assertEquals(null, me.getValue("character"));
  }

  @Test
  void badRegistrationsAreRefusedAndChangeNothing(Vertx vertx) {
    Browser b = new Browser(vertx, port);
    String name = unique("bob");
    for (String weak : List.of("short", "password123", "qwertyuiop", name + "-secret")) {
      HttpResponse<Buffer> res = b.register(name, weak);
      assertEquals(400, res.statusCode(), weak + ": " + res.bodyAsString());
      assertNotNull(res.bodyAsJsonObject().getJsonObject("error").getString("message"));
    }
    assertEquals(400, b.register("x", GOOD).statusCode(), "too short a name");
    assertEquals(400, b.register("no spaces allowed", GOOD).statusCode());
    assertEquals(
        400,
        b.post(
                "/api/auth/register",
                new JsonObject().put("username", name).put("password", GOOD).put("role", "admin"))
            .statusCode(),
        "unknown fields are refused");
    assertEquals(401, b.login(name, GOOD).statusCode(), "none of those created an account");
    expect(201, b.register(name, GOOD));
    assertEquals(
        409,
        b.register(name.toUpperCase(), "another fine passphrase").statusCode(),
        "names are case-insensitive");
  }

  @Test
  void noUserEnumeration(Vertx vertx) {
    Browser b = new Browser(vertx, port);
    String name = unique("cy");
    expect(201, b.register(name, GOOD));
    HttpResponse<Buffer> wrongPassword = b.login(name, "not the password at all");
    HttpResponse<Buffer> noSuchUser = b.login(unique("nobody"), "not the password at all");
    assertEquals(401, wrongPassword.statusCode());
    assertEquals(wrongPassword.statusCode(), noSuchUser.statusCode());
    assertEquals(wrongPassword.bodyAsString(), noSuchUser.bodyAsString());
  }

  @Test
  void fiveFailuresLockTheNameAtThatAddressBeforeAnyHash(Vertx vertx) {
    Browser b = new Browser(vertx, port);
    String name = unique("dee");
    expect(201, b.register(name, GOOD));
    for (int i = 0; i < 5; i++) {
      assertEquals(401, b.login(name, "wrong guess number " + i).statusCode());
    }
    HttpResponse<Buffer> locked = b.login(name, GOOD);
    assertEquals(
        429,
        locked.statusCode(),
        "even the right password waits out the lock: " + locked.bodyAsString());
    // Names that don't exist lock the same way, so a lock tells nothing either.
    String ghost = unique("ghost");
    for (int i = 0; i < 5; i++) {
      b.login(ghost, "wrong guess number " + i);
    }
    assertEquals(429, b.login(ghost, GOOD).statusCode());
  }

  @Test
  void tooManyFailuresFromOneAddressAreThrottled(Vertx vertx) {
    Pool pool = Clients.pgPool(vertx, server.config());
    try {
      // Start clean: other tests in this class fail logins from this same address.
      pool.query("DELETE FROM auth_attempts WHERE key LIKE 'login:addr:%'").execute().await();
      Browser b = new Browser(vertx, port);
      String name = unique("eve");
      expect(201, b.register(name, GOOD));
      for (int i = 0; i < 12; i++) {
        b.login(unique("spray"), "guessing passwords " + i);
      }
      assertEquals(
          429, b.login(name, GOOD).statusCode(), "the address is throttled across accounts");
      // No trusted proxies are configured here, so a forged X-Forwarded-For is no way around the
      // limit.
      assertEquals(
          429,
          b.http
              .post("/api/auth/login")
              .putHeader("Origin", "http://127.0.0.1:" + port)
              .putHeader("X-Forwarded-For", "198.51.100.77")
              .sendJsonObject(new JsonObject().put("username", name).put("password", GOOD))
              .await()
              .statusCode());
      pool.query("DELETE FROM auth_attempts WHERE key LIKE 'login:addr:%'").execute().await();
      expect(200, b.login(name, GOOD));
    } finally {
      pool.close().await();
    }
  }

  /**
   * Fresh clients replaying a token: each opens its own connection, and the server hands
   * connections to its gateway instances in turn, so four of them reach both instances and leave
   * the session in both instances' caches.
   */
  static List<Browser> replayers(Vertx vertx, String token, int expectedStatus) {
    List<Browser> all = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Browser r = new Browser(vertx, port);
      assertEquals(
          expectedStatus,
          r.http
              .get("/api/me")
              .putHeader("Cookie", "wf_session=" + token)
              .send()
              .await()
              .statusCode());
      all.add(r);
    }
    return all;
  }

  @Test
  void logoutRevokesTheSession(Vertx vertx) {
    Browser b = new Browser(vertx, port);
    String name = unique("fay");
    expect(201, b.register(name, GOOD));
    expect(200, b.login(name, GOOD));
    String token = b.token();
    expect(200, b.get("/api/me"));
    List<Browser> thieves = replayers(vertx, token, 200);
    HttpResponse<Buffer> out = expect(200, b.post("/api/auth/logout", new JsonObject()));
    assertTrue(
        out.cookies().stream()
            .anyMatch(c -> c.startsWith("wf_session=") && c.contains("Max-Age=0")),
        out.cookies().toString());
    assertEquals(401, b.get("/api/me").statusCode());
    // The old token, replayed by hand on connections whose gateway had it cached a moment ago, is
    // dead at once too.
    for (Browser thief : thieves) {
      HttpResponse<Buffer> replay =
          thief.http.get("/api/me").putHeader("Cookie", "wf_session=" + token).send().await();
      assertEquals(401, replay.statusCode());
    }
    replayers(vertx, token, 401);
  }

  @Test
  void aSecondLoginRotatesTheToken(Vertx vertx) {
    Browser b = new Browser(vertx, port);
    String name = unique("gus");
    expect(201, b.register(name, GOOD));
    expect(200, b.login(name, GOOD));
    String first = b.token();
    List<Browser> others = replayers(vertx, first, 200);
    expect(200, b.login(name, GOOD));
    String second = b.token();
    assertNotEquals(first, second);
    for (Browser other : others) {
      assertEquals(
          401,
          other
              .http
              .get("/api/me")
              .putHeader("Cookie", "wf_session=" + first)
              .send()
              .await()
              .statusCode(),
          "the replaced token no longer works");
    }
    expect(200, b.get("/api/me"));
  }

  @Test
  void sessionsExpireWhenIdleAndAtTheirAbsoluteAge(Vertx vertx) {
    Pool pool = Clients.pgPool(vertx, server.config());
    RedisAPI redis = Clients.redis(vertx, server.config());
    try {
      Browser idle = new Browser(vertx, port);
      String a = unique("hal");
      expect(201, idle.register(a, GOOD));
      expect(200, idle.login(a, GOOD));
      expect(200, idle.get("/api/me"));
      // Thirty-one idle minutes: the cache entry's TTL has run out and PostgreSQL's last-seen is
      // old.
      String hash = io.wayfarer.shared.player.PlayerContract.tokenHash(idle.token());
      redis.del(List.of("session:" + hash)).await();
      pool.query(
              "UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE token_hash = '\\x"
                  + hash
                  + "'")
          .execute()
          .await();
      // Thirty-one minutes are far longer than a gateway trusts a session it resolved; here we wait
      // that trust out.
      sleep(CACHE_MILLIS + 200);
      assertEquals(401, idle.get("/api/me").statusCode());

      Browser old = new Browser(vertx, port);
      String b = unique("ida");
      expect(201, old.register(b, GOOD));
      expect(200, old.login(b, GOOD));
      String hash2 = io.wayfarer.shared.player.PlayerContract.tokenHash(old.token());
      pool.query(
              "UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = '\\x"
                  + hash2
                  + "'")
          .execute()
          .await();
      redis.del(List.of("session:" + hash2)).await();
      sleep(CACHE_MILLIS + 200);
      assertEquals(401, old.get("/api/me").statusCode());
    } finally {
      pool.close().await();
      redis.close();
    }
  }

  @Test
  void protectedRoutesNeedASession(Vertx vertx) {
    Browser b = new Browser(vertx, port);
    for (String path : List.of("/api/me")) {
      assertEquals(401, b.get(path).statusCode());
    }
    assertEquals(
        401,
        b.post("/api/characters", new JsonObject().put("name", "Nobody").put("class", "bard"))
            .statusCode());
    assertEquals(401, b.post("/api/travel", new JsonObject().put("to", "millbrook")).statusCode());
    assertEquals(
        401,
        b.http
            .get("/api/me")
            .putHeader("Cookie", "wf_session=forged-token-of-the-right-size-123456789012")
            .send()
            .await()
            .statusCode());
  }

  @Test
  void theFirstAdminComesFromConfiguration(Vertx vertx) {
    JsonObject config = server.config().copy();
    config.getJsonObject("admin").put("username", "warden").put("password", "the keys of the keep");
    // A second player verticle on the same database creates the admin at its start.
    String id =
        server
            .vertx()
            .deployVerticle(
                new io.wayfarer.player.PlayerVerticle(),
                new io.vertx.core.DeploymentOptions().setConfig(config))
            .await();
    server.vertx().undeploy(id).await();
    Browser b = new Browser(vertx, port);
    expect(200, b.login("warden", "the keys of the keep"));
    assertEquals(
        "admin",
        expect(200, b.get("/api/me"))
            .bodyAsJsonObject()
            .getJsonObject("account")
            .getString("role"));
  }

  /**
   * Deploys a second player verticle on this world with the given admin settings, as an operator's
   * restart would.
   */
  static Throwable deployWithAdmin(String username, String password) {
    JsonObject config = server.config().copy();
    config.getJsonObject("admin").put("username", username).put("password", password);
    try {
      String id =
          server
              .vertx()
              .deployVerticle(
                  new io.wayfarer.player.PlayerVerticle(),
                  new io.vertx.core.DeploymentOptions().setConfig(config))
              .await();
      server.vertx().undeploy(id).await();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  @Test
  void theAdminNameIsReservedForTheOperator(Vertx vertx) {
    // Someone registers the name before the operator configures it as the admin's.
    Browser squatter = new Browser(vertx, port);
    String name = unique("keeper");
    expect(201, squatter.register(name, "the squatter's own words"));
    Throwable refused = deployWithAdmin(name, "the operator's secret phrase");
    assertNotNull(refused, "the start stops");
    assertTrue(refused.getMessage().contains("admin.password"), refused.getMessage());
    expect(200, squatter.login(name, "the squatter's own words"));
    assertEquals(
        "player",
        expect(200, squatter.get("/api/me"))
            .bodyAsJsonObject()
            .getJsonObject("account")
            .getString("role"),
        "registering the name first gives no admin rights");
    assertEquals(
        401, new Browser(vertx, port).login(name, "the operator's secret phrase").statusCode());

    // The operator's own account of that name (its password is the configured one) becomes admin.
    String operator = unique("steward");
    expect(201, new Browser(vertx, port).register(operator, "the operator's secret phrase"));
    assertEquals(null, deployWithAdmin(operator, "the operator's secret phrase"));
    Browser admin = new Browser(vertx, port);
    expect(200, admin.login(operator, "the operator's secret phrase"));
    assertEquals(
        "admin",
        expect(200, admin.get("/api/me"))
            .bodyAsJsonObject()
            .getJsonObject("account")
            .getString("role"));
  }

  @Test
  void aConfiguredAdminNameCannotBeRegistered(Vertx vertx) {
    String reserved = unique("warden");
    JsonObject config = server.config().copy();
    config.getJsonObject("admin").put("username", reserved).put("password", "the keys of the keep");
    // The player verticle creates the admin's account before it takes any registration.
    String id =
        server
            .vertx()
            .deployVerticle(
                new io.wayfarer.player.PlayerVerticle(),
                new io.vertx.core.DeploymentOptions().setConfig(config))
            .await();
    server.vertx().undeploy(id).await();
    // Its name, in any case, is taken, with the answer any taken name gets.
    HttpResponse<Buffer> res = new Browser(vertx, port).register(reserved.toUpperCase(), GOOD);
    assertEquals(409, res.statusCode(), res.bodyAsString());
    assertTrue(res.bodyAsString().contains("that username is taken"), res.bodyAsString());
  }

  @Test
  void badAdminSettingsAreRefusedNamingTheKey() {
    for (String[] bad :
        new String[][] {
          {"warden", ""},
          {"warden", "short"},
          {"warden", "password123"},
          {"", "a lonely password"},
          {"no spaces here", "the keys of the keep"}
        }) {
      JsonObject config = server.config().copy();
      config.getJsonObject("admin").put("username", bad[0]).put("password", bad[1]);
      io.wayfarer.shared.config.ConfigException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              io.wayfarer.shared.config.ConfigException.class,
              () -> io.wayfarer.player.PlayerVerticle.checkSettings(config));
      assertTrue(
          e.getMessage()
                  .contains(bad[1].isEmpty() || bad[0].isEmpty() ? "admin." : "admin.password")
              || e.getMessage().contains("admin.username"),
          e.getMessage());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
