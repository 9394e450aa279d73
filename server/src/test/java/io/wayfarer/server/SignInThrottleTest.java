package io.wayfarer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.wayfarer.shared.test.TestInfra;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sign-in that an attacker cannot turn against a player: guesses from one address lock that address
 * out of that name only, guesses from many addresses slow the name down without locking it, and the
 * owner still gets in. Players come from different addresses through the operator's own proxy
 * (X-Forwarded-For, trusted here from 127.0.0.1).
 */
@ExtendWith(VertxExtension.class)
class SignInThrottleTest {
  static final String GOOD = "a perfectly fine passphrase";
  static Wayfarer server;
  static int port;

  @BeforeAll
  static void start() {
    server =
        InProcess.start(
            // Its subject is who may try a password, not how long PostgreSQL may keep a request
            // waiting (DatabaseOutageTest checks that bound): on a loaded machine a registration in
            // the setup outlived it (loaded run D1).
            TestInfra.patientConfig(
                new JsonObject()
                    .put(
                        "http",
                        new JsonObject().put("trustedProxies", new JsonArray().add("127.0.0.1")))),
            "clock",
            "player",
            "gateway");
    port = InProcess.httpPort(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Future<HttpResponse<Buffer>> login(Browser b, String from, String name, String password) {
    return b.http
        .post("/api/auth/login")
        .putHeader("Origin", "http://127.0.0.1:" + port)
        .putHeader("X-Forwarded-For", from)
        .sendJsonObject(new JsonObject().put("username", name).put("password", password));
  }

  static String victim(Vertx vertx) {
    String name = "victim" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    Browser b = new Browser(vertx, port);
    assertEquals(
        201,
        b.http
            .post("/api/auth/register")
            .putHeader("Origin", "http://127.0.0.1:" + port)
            .putHeader("X-Forwarded-For", "192.0.2.200")
            .sendJsonObject(new JsonObject().put("username", name).put("password", GOOD))
            .await()
            .statusCode());
    return name;
  }

  @Test
  void guessesFromOneAddressLockThatAddressOutOfThatNameOnly(Vertx vertx) {
    String name = victim(vertx);
    Browser attacker = new Browser(vertx, port);
    for (int i = 0; i < 5; i++) {
      assertEquals(
          401, login(attacker, "198.51.100.7", name, "guess number " + i).await().statusCode());
    }
    HttpResponse<Buffer> locked = login(attacker, "198.51.100.7", name, GOOD).await();
    assertEquals(
        429,
        locked.statusCode(),
        "even the right password, from the guessing address: " + locked.bodyAsString());
    // The owner, at home, is not locked out by what someone else did.
    Browser owner = new Browser(vertx, port);
    assertEquals(200, login(owner, "203.0.113.20", name, GOOD).await().statusCode());
    // And the guessing address may still sign in to its own account.
    String own = victim(vertx);
    assertEquals(200, login(attacker, "198.51.100.7", own, GOOD).await().statusCode());
  }

  @Test
  void guessesFromEverywhereSlowTheNameButTheOwnerStillGetsIn(Vertx vertx) {
    String name = victim(vertx);
    Browser attacker = new Browser(vertx, port);
    for (int i = 0; i < 12; i++) {
      assertEquals(
          401,
          login(attacker, "198.51.100." + (10 + i), name, "guess number " + i)
              .await()
              .statusCode());
    }
    assertEquals(
        200,
        login(new Browser(vertx, port), "203.0.113.21", name, GOOD).await().statusCode(),
        "no lock-out for the owner, only a wait");
  }

  @Test
  void aBurstOfParallelGuessesCannotSlipPastTheLock(Vertx vertx) {
    String name = victim(vertx);
    Browser attacker = new Browser(vertx, port);
    List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      burst.add(login(attacker, "198.51.100.99", name, "parallel guess " + i));
    }
    int checked = 0;
    for (Future<HttpResponse<Buffer>> f : burst) {
      int status = f.await().statusCode();
      assertTrue(status == 401 || status == 429, "status " + status);
      checked += status == 401 ? 1 : 0;
    }
    assertTrue(checked <= 5, "at most five guesses were checked, not " + checked);
    assertEquals(429, login(attacker, "198.51.100.99", name, GOOD).await().statusCode());
  }

  @Test
  void unknownNamesAreHeldBackTheSameWay(Vertx vertx) {
    String ghost = "ghost" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    Browser b = new Browser(vertx, port);
    for (int i = 0; i < 5; i++) {
      assertEquals(401, login(b, "198.51.100.50", ghost, "guess number " + i).await().statusCode());
    }
    assertEquals(
        429,
        login(b, "198.51.100.50", ghost, GOOD).await().statusCode(),
        "a lock tells nothing about whether a name exists");
  }
}
