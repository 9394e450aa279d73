package io.wayfarer.server;

import static io.wayfarer.server.Browser.expect;
import static io.wayfarer.server.InProcess.until;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import io.wayfarer.shared.test.TestInfra;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateways of a cluster behind Debian's nginx with a self-signed certificate on loopback,
 * configured by the shipped {@code ops/nginx/wayfarer.conf.template} (issue 15): players sign in,
 * trade and open their sockets through nginx over TLS; sockets land on both gateways, every one
 * hears the same ticks, and each player's own inbox reaches that player's socket whichever gateway
 * holds it.
 */
class NginxTest {
  static final String PASSWORD = "a perfectly fine passphrase";
  static Wayfarer world;
  static Wayfarer second;
  static Process nginx;
  static Path dir;
  static int port;
  static Vertx vertx;

  @BeforeAll
  static void start() throws Exception {
    int[] ports = TestInfra.freePorts(5);
    String name = "wayfarer-test-" + UUID.randomUUID();
    JsonArray members = new JsonArray().add("127.0.0.1:" + ports[2]).add("127.0.0.1:" + ports[3]);
    JsonObject shared =
        TestInfra.config(
            InProcess.withAdmin(
                new JsonObject()
                    .put(
                        "http",
                        new JsonObject().put("trustedProxies", new JsonArray().add("127.0.0.1")))
                    .put(
                        "player",
                        new JsonObject()
                            .put("registrationsPerAddressPerHour", 1000)
                            .put("hashQueue", 256))));
    JsonObject first = ClusterTest.withCluster(shared, name, ports[2], members);
    first.getJsonObject("http").put("port", ports[0]);
    JsonObject other = ClusterTest.withCluster(shared, name, ports[3], members);
    other.getJsonObject("http").put("port", ports[1]);
    world = InProcess.startClustered(first, "clock", "player", "market", "events", "gateway");
    second = InProcess.startClustered(other, "gateway");
    port = ports[4];
    dir = Files.createTempDirectory("wayfarer-nginx");
    nginx = startNginx(dir, port, ports[0], ports[1]);
    vertx = Vertx.vertx();
  }

  /**
   * Debian's nginx with the shipped fragment, a self-signed certificate, everything in {@code dir}.
   */
  static Process startNginx(Path dir, int port, int gateway1, int gateway2) throws Exception {
    run(
        dir,
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        "key.pem",
        "-out",
        "cert.pem");
    String fragment =
        Files.readString(TestInfra.root().resolve("ops/nginx/wayfarer.conf.template"))
            .replace("${WAYFARER_LISTEN}", "127.0.0.1:" + port)
            .replace("${WAYFARER_SERVER_NAME}", "127.0.0.1")
            .replace("${WAYFARER_CERT}", dir.resolve("cert.pem").toString())
            .replace("${WAYFARER_KEY}", dir.resolve("key.pem").toString())
            .replace("${WAYFARER_GATEWAY_1}", "127.0.0.1:" + gateway1)
            .replace("${WAYFARER_GATEWAY_2}", "127.0.0.1:" + gateway2);
    Files.writeString(dir.resolve("wayfarer.conf"), fragment);
    String temp = dir.resolve("tmp").toString();
    Files.createDirectories(dir.resolve("tmp"));
    Files.writeString(
        dir.resolve("nginx.conf"),
        (System.getProperty("user.name").equals("root") ? "user root;\n" : "")
            + "daemon off;\nworker_processes 1;\npid "
            + dir.resolve("nginx.pid")
            + ";\nerror_log "
            + dir.resolve("error.log")
            + " warn;\nevents {}\nhttp {\n  access_log off;\n"
            + "  client_body_temp_path "
            + temp
            + "/body;\n"
            + "  proxy_temp_path "
            + temp
            + "/proxy;\n"
            + "  fastcgi_temp_path "
            + temp
            + "/fastcgi;\n"
            + "  uwsgi_temp_path "
            + temp
            + "/uwsgi;\n"
            + "  scgi_temp_path "
            + temp
            + "/scgi;\n"
            + "  include "
            + dir.resolve("wayfarer.conf")
            + ";\n}\n");
    Process p =
        new ProcessBuilder(
                "/usr/sbin/nginx", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nginx.out").toFile())
            .start();
    until(() -> listening(port) || !p.isAlive(), "nginx listening");
    assertTrue(p.isAlive(), "nginx started: " + Files.readString(dir.resolve("nginx.out")));
    return p;
  }

  static boolean listening(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return s.isConnected();
    } catch (IOException e) {
      return false;
    }
  }

  static void run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(
        p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
        String.join(" ", command) + ": " + out);
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.destroy();
    }
    if (vertx != null) {
      vertx.close().await();
    }
    if (second != null) {
      second.close();
    }
    if (world != null) {
      world.close();
    }
  }

  static String origin() {
    return "https://127.0.0.1:" + port;
  }

  /**
   * A browser speaking to nginx over TLS (the certificate is self-signed: trusted for the test).
   */
  static WebClientSession browser() {
    return WebClientSession.create(
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setSsl(true)
                .setTrustAll(true)
                .setVerifyHost(false)
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(port)
                .setKeepAliveTimeout(5)));
  }

  static JsonObject post(WebClientSession b, String path, JsonObject body, int status) {
    var res = b.post(path).putHeader("Origin", origin()).sendJsonObject(body).await();
    if (res.statusCode() != status) {
      throw new AssertionError(path + " answered " + res.statusCode() + ": " + res.bodyAsString());
    }
    return res.bodyAsJsonObject();
  }

  static String cookie(WebClientSession b) {
    for (var c : b.cookieStore().get(true, "127.0.0.1", "/")) {
      if (c.name().equals("wf_session")) {
        return "wf_session=" + c.value();
      }
    }
    throw new AssertionError("no session cookie");
  }

  /** One player's socket through nginx: the ticks and the player's own inbox. */
  record Listener(long playerId, WebSocket ws, List<JsonObject> frames) {
    Set<Long> minutes() {
      Set<Long> out = new HashSet<>();
      for (JsonObject f : frames) {
        if ("world.clock".equals(f.getString("address"))) {
          out.add(f.getJsonObject("body").getLong("gameMinutes"));
        }
      }
      return out;
    }

    boolean heardReceipt() {
      return frames.stream()
          .anyMatch(
              f ->
                  ("player." + playerId + ".inbox").equals(f.getString("address"))
                      && "receipt".equals(f.getJsonObject("body").getString("kind")));
    }
  }

  /** Sockets open on a gateway, from its own metrics (asked directly, not through nginx). */
  static double socketsOn(Wayfarer gateway) {
    Browser admin = new Browser(gateway.vertx(), InProcess.httpPort(gateway));
    expect(200, admin.login(InProcess.ADMIN, InProcess.ADMIN_PASSWORD));
    double sum = 0;
    for (String line : expect(200, admin.get("/metrics")).bodyAsString().split("\n")) {
      if (line.startsWith("wayfarer_bridge_sockets")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  @Test
  void playersOnBothGatewaysHearTheSameTicksAndTheirOwnInbox() throws Exception {
    WebSocketClient sockets =
        vertx.createWebSocketClient(
            new WebSocketClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
    List<Listener> listeners = new ArrayList<>();
    List<WebClientSession> players = new ArrayList<>();
    // Sockets until both gateways hold some: nginx spreads raw WebSockets over its gateways.
    for (int i = 0; i < 40 && (i < 4 || socketsOn(world) == 0 || socketsOn(second) == 0); i++) {
      WebClientSession b = browser();
      String username = "proxied" + i + "x" + System.nanoTime() % 100000;
      JsonObject account = new JsonObject().put("username", username).put("password", PASSWORD);
      post(b, "/api/auth/register", account, 201);
      long playerId = post(b, "/api/auth/login", account, 200).getLong("playerId");
      post(
          b,
          "/api/characters",
          new JsonObject()
              .put("name", "Proxy " + MarketConcurrencyTest.letters(i))
              .put("class", "bard"),
          201);
      List<JsonObject> frames = new CopyOnWriteArrayList<>();
      WebSocket ws =
          sockets
              .connect(
                  new WebSocketConnectOptions()
                      .setHost("127.0.0.1")
                      .setPort(port)
                      .setSsl(true)
                      .setURI("/eventbus/websocket")
                      .addHeader("Origin", origin())
                      .addHeader("Cookie", cookie(b)))
              .await();
      ws.binaryMessageHandler(buf -> frames.add(buf.toJsonObject()));
      ws.textMessageHandler(text -> frames.add(new JsonObject(text)));
      for (String address : List.of("world.clock", "player." + playerId + ".inbox")) {
        ws.writeTextMessage(
                new JsonObject().put("type", "register").put("address", address).encode())
            .await();
      }
      listeners.add(new Listener(playerId, ws, frames));
      players.add(b);
    }
    assertTrue(socketsOn(world) > 0 && socketsOn(second) > 0, "sockets on both gateways");

    // The same ticks on every socket: some minute every one of them heard.
    until(
        () -> {
          Set<Long> common = new HashSet<>(listeners.get(0).minutes());
          listeners.forEach(l -> common.retainAll(l.minutes()));
          return !common.isEmpty();
        },
        "a tick every socket heard");

    // Each player's receipt reaches that player's own socket, whichever gateway holds it.
    for (int i = 0; i < players.size(); i++) {
      post(
          players.get(i),
          "/api/market/redhaven/buy",
          new JsonObject()
              .put("good", "bread")
              .put("qty", 1)
              .put("maxUnitPrice", 100_000)
              .put("requestId", UUID.randomUUID().toString()),
          200);
    }
    for (Listener l : listeners) {
      until(l::heardReceipt, "player " + l.playerId() + "'s receipt on its own socket");
      assertTrue(
          l.frames().stream()
              .map(f -> f.getString("address"))
              .filter(a -> a != null && a.startsWith("player."))
              .allMatch(a -> a.equals("player." + l.playerId() + ".inbox")),
          "only its own inbox");
    }
    listeners.forEach(l -> l.ws().close());
    sockets.close();
  }
}
