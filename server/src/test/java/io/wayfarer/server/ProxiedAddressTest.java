package io.wayfarer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wayfarer.shared.test.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Behind the operator's own reverse proxy (here: anything on 127.0.0.1), players are limited per
 * the address the proxy reports, so one player's failed logins do not lock out everyone else behind
 * the same proxy.
 */
@ExtendWith(VertxExtension.class)
class ProxiedAddressTest {
  static final String GOOD = "a perfectly fine passphrase";
  static Wayfarer server;
  static int port;

  @BeforeAll
  static void start() {
    server =
        InProcess.start(
            TestInfra.config(
                new JsonObject()
                    .put(
                        "http",
                        new JsonObject().put("trustedProxies", new JsonArray().add("127.0.0.1")))
                    .put(
                        "player",
                        new JsonObject()
                            .put("loginFailuresPerAddress", 3)
                            .put("loginFailuresPerNameAndAddress", 100))),
            "clock",
            "player",
            "gateway");
    port = InProcess.httpPort(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  int login(Browser b, String from, String name, String password) {
    return b.http
        .post("/api/auth/login")
        .putHeader("Origin", "http://127.0.0.1:" + port)
        .putHeader("X-Forwarded-For", from)
        .sendJsonObject(new JsonObject().put("username", name).put("password", password))
        .await()
        .statusCode();
  }

  @Test
  void failuresCountAgainstTheForwardedAddress(Vertx vertx) {
    Browser b = new Browser(vertx, port);
    String name = "proxied" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    assertEquals(
        201,
        b.http
            .post("/api/auth/register")
            .putHeader("Origin", "http://127.0.0.1:" + port)
            .putHeader("X-Forwarded-For", "203.0.113.9")
            .sendJsonObject(new JsonObject().put("username", name).put("password", GOOD))
            .await()
            .statusCode());
    for (int i = 0; i < 3; i++) {
      assertEquals(401, login(b, "203.0.113.5", name + "x" + i, "guessing passwords " + i));
    }
    assertEquals(429, login(b, "203.0.113.5", name, GOOD), "the guessing address is locked");
    // A client that wrote its own header in front of the proxy's entry is still the proxy's entry.
    assertEquals(
        429,
        login(b, "192.0.2.44, 203.0.113.5", name, GOOD),
        "a forged first entry changes nothing");
    assertEquals(
        200, login(b, "203.0.113.6", name, GOOD), "someone else behind the same proxy is not");
  }
}
