package io.wayfarer.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.test.BridgeClient;
import io.wayfarer.shared.test.TestInfra;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gateway alone, on real PostgreSQL and Redis, with no clock deployed: what it does when the
 * owner of an answer is missing, and the edges it guards itself. The gateway with the clock is
 * tested in the server module.
 */
@ExtendWith(VertxExtension.class)
class GatewayVerticleTest {
  JsonObject config;
  int port;
  WebClient client;

  @BeforeEach
  void deploy(Vertx vertx) {
    config =
        TestInfra.config(
            new JsonObject()
                .put(
                    "http",
                    new JsonObject().put("maxBodyBytes", 1024).put("headerTimeoutMillis", 3000)));
    port = config.getJsonObject("http").getInteger("port");
    vertx.deployVerticle(new GatewayVerticle(), new DeploymentOptions().setConfig(config)).await();
    client =
        WebClient.create(
            vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  static void assertJsonError(HttpResponse<Buffer> res, int status) {
    assertEquals(status, res.statusCode(), res.bodyAsString());
    assertTrue(
        res.getHeader("Content-Type").startsWith("application/json"),
        res.getHeader("Content-Type"));
    JsonObject error = res.bodyAsJsonObject().getJsonObject("error");
    assertEquals(status, error.getInteger("code"));
    assertTrue(!error.getString("message").isBlank());
  }

  @Test
  void worldIs503WhileTheClockIsAway() {
    assertJsonError(client.get("/api/world").send().await(), 503);
  }

  @Test
  void healthIs503WithTheClockDownButNamesWhatIsUp() {
    HttpResponse<Buffer> res = client.get("/health").send().await();
    assertEquals(503, res.statusCode());
    JsonObject body = res.bodyAsJsonObject();
    assertEquals("DOWN", body.getString("outcome"), body.encode());
    String checks = body.getJsonArray("checks").encode();
    assertTrue(checks.contains("{\"id\":\"postgres\",\"status\":\"UP\"}"), checks);
    assertTrue(checks.contains("{\"id\":\"redis\",\"status\":\"UP\"}"), checks);
    assertTrue(checks.contains("\"id\":\"clock\",\"status\":\"DOWN\""), checks);
  }

  @ParameterizedTest
  @CsvSource({
    "'', '', neither a readToken nor an adminToken",
    "short, '', toolBridge.readToken must be at least 24 characters",
    "the-same-token-for-both-of-them, the-same-token-for-both-of-them, must differ"
  })
  void aToolBridgeWithBadTokensStopsTheStartAndSaysWhy(
      String read, String admin, String why, Vertx vertx) {
    JsonObject bad = config.copy();
    bad.getJsonObject("http").put("port", TestInfra.freePort());
    bad.put(
        "toolBridge",
        bad.getJsonObject("toolBridge")
            .copy()
            .put("enabled", true)
            .put("port", TestInfra.freePort())
            .put("readToken", read)
            .put("adminToken", admin));
    Throwable err =
        assertThrows(
            Throwable.class,
            () ->
                vertx
                    .deployVerticle(new GatewayVerticle(), new DeploymentOptions().setConfig(bad))
                    .await());
    assertTrue(err.getMessage().contains(why), err.getMessage());
  }

  @Test
  void aBadTrustedProxyStopsTheStartAndSaysWhich(Vertx vertx) {
    JsonObject bad = config.copy();
    bad.getJsonObject("http")
        .put("port", TestInfra.freePort())
        .put("trustedProxies", new io.vertx.core.json.JsonArray().add("proxy.example"));
    Throwable err =
        org.junit.jupiter.api.Assertions.assertThrows(
            Throwable.class,
            () ->
                vertx
                    .deployVerticle(new GatewayVerticle(), new DeploymentOptions().setConfig(bad))
                    .await());
    assertTrue(err.getMessage().contains("http.trustedProxies: 'proxy.example'"), err.getMessage());
  }

  @Test
  void unknownApiIsAJson404() {
    assertJsonError(client.get("/api/no-such-thing").send().await(), 404);
    assertJsonError(client.get("/no-such-page.html").send().await(), 404);
  }

  @Test
  void bodiesOverTheLimitAre413() {
    String big = "{\"pad\":\"" + "x".repeat(4096) + "\"}";
    assertJsonError(
        client
            .post("/api/world")
            .putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer(big))
            .await(),
        413);
  }

  @Test
  void foreignOriginsAreRefused() {
    assertJsonError(
        client
            .post("/api/world")
            .putHeader("Origin", "https://evil.example")
            .sendJsonObject(new JsonObject())
            .await(),
        403);
  }

  @Test
  void aHostNameNotOnTheListIsRefused() {
    // A page on an attacker's domain pointed at this server (DNS rebinding) names its own domain in
    // Host.
    HttpResponse<Buffer> rebound =
        client.get("/").putHeader("Host", "evil.example:" + port).send().await();
    assertJsonError(rebound, 421);
    assertEquals(
        "misdirected", rebound.bodyAsJsonObject().getJsonObject("error").getString("reason"));
    assertJsonError(
        client
            .post("/api/auth/login")
            .putHeader("Host", "evil.example:" + port)
            .putHeader("Origin", "http://evil.example:" + port)
            .sendJsonObject(new JsonObject())
            .await(),
        421);
    assertEquals(
        200, client.get("/").putHeader("Host", "localhost:" + port).send().await().statusCode());
    assertEquals(
        200, client.get("/").send().await().statusCode(), "127.0.0.1 is on the default list");
  }

  @Test
  void slowHalfOpenConnectionsAreClosed() throws Exception {
    // Connections that never finish their request's headers (slowloris), however many: each is
    // closed in time.
    java.util.List<java.net.Socket> slow = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        java.net.Socket s = new java.net.Socket("127.0.0.1", port);
        s.setSoTimeout(30_000);
        s.getOutputStream()
            .write(
                "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        slow.add(s);
      }
      for (java.net.Socket s : slow) {
        // The server closes it: the read ends (-1) or the connection is reset, well before the 30 s
        // read timeout.
        try {
          assertEquals(-1, s.getInputStream().read());
        } catch (java.net.SocketException reset) {
          assertTrue(reset.getMessage().toLowerCase().contains("reset"), reset.getMessage());
        }
      }
    } finally {
      for (java.net.Socket s : slow) {
        s.close();
      }
    }
    // Ordinary requests are untouched, on fresh and on reused connections.
    assertEquals(200, client.get("/").send().await().statusCode());
    assertEquals(200, client.get("/").send().await().statusCode());
  }

  @Test
  void theAppsFilesAreRevalidatedNotRefetched() {
    HttpResponse<Buffer> first = client.get("/js/main.js").send().await();
    assertEquals(200, first.statusCode());
    assertEquals(
        "no-cache",
        first.getHeader("Cache-Control"),
        "kept, but checked each time: a release changes them");
    String modified = first.getHeader("Last-Modified");
    assertTrue(modified != null && !modified.isBlank());
    HttpResponse<Buffer> again =
        client.get("/js/main.js").putHeader("If-Modified-Since", modified).send().await();
    assertEquals(304, again.statusCode(), "unchanged: nothing to send");
    assertEquals(
        "no-store",
        client.get("/api/world").send().await().getHeader("Cache-Control"),
        "API answers are never kept");
  }

  @Test
  void securityHeadersAreSet() {
    HttpResponse<Buffer> res = client.get("/api/world").send().await();
    assertEquals("nosniff", res.getHeader("X-Content-Type-Options"));
    assertTrue(res.getHeader("Content-Security-Policy").contains("default-src 'self'"));
  }

  @Test
  void bridgeRefusesForeignOriginAtTheHandshake(Vertx vertx) {
    try {
      BridgeClient.connect(
              vertx, port, MultiMap.caseInsensitiveMultiMap().add("Origin", "https://evil.example"))
          .await();
      throw new AssertionError("a foreign origin got a socket");
    } catch (UpgradeRejectedException e) {
      assertEquals(403, e.getStatus());
    }
  }

  @Test
  void bridgeRefusesUnlistedAddressesAndAllInbound(Vertx vertx) throws Exception {
    BridgeClient ws =
        BridgeClient.connect(
                vertx,
                port,
                MultiMap.caseInsensitiveMultiMap().add("Origin", "http://127.0.0.1:" + port))
            .await();
    // Anything a verticle receives on these addresses would prove the wall has a hole.
    JsonObject leaked = new JsonObject();
    for (String address :
        new String[] {ClockContract.ADMIN_ADVANCE, ClockContract.NOW, "player.1.inbox"}) {
      vertx.eventBus().consumer(address, m -> leaked.put(address, m.body())).completion().await();
    }
    ws.register("player.1.inbox").await();
    ws.register(ClockContract.ADMIN_PAUSE).await();
    ws.send(
            ClockContract.ADMIN_ADVANCE,
            new JsonObject().put("minutes", 100),
            new JsonObject().put("role", "admin"))
        .await();
    ws.publish(ClockContract.NOW, new JsonObject()).await();
    ws.send(ClockContract.TICKS, new JsonObject(), new JsonObject()).await();
    long deadline = System.currentTimeMillis() + 30_000;
    while (ws.frames().size() < 5 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(5, ws.frames().size(), ws.frames().toString());
    for (JsonObject frame : ws.frames()) {
      assertEquals("err", frame.getString("type"), frame.encode());
      // access_denied: no permit matched; rejected: the gateway's bridge hook refused it before
      // that.
      assertTrue(
          java.util.Set.of("access_denied", "rejected").contains(frame.getString("body")),
          frame.encode());
    }
    // The bus never saw the refused messages.
    vertx.eventBus().publish("player.1.inbox", new JsonObject().put("note", "only for the server"));
    long until = System.currentTimeMillis() + 30_000;
    while (!leaked.containsKey("player.1.inbox") && System.currentTimeMillis() < until) {
      Thread.sleep(20);
    }
    assertEquals(1, leaked.size(), "only the server's own publish arrived: " + leaked.encode());
    assertEquals(5, ws.frames().size(), "the socket got nothing it did not register for");
    ws.close();
  }
}
