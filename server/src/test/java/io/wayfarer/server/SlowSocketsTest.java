package io.wayfarer.server;

import static io.wayfarer.server.Browser.expect;
import static io.wayfarer.server.InProcess.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.infra.Metrics;
import io.wayfarer.shared.market.MarketContract;
import io.wayfarer.shared.social.SocialContract;
import io.wayfarer.shared.test.TestInfra;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A socket that stops reading (issue 15): on an address whose latest message supersedes the rest it
 * is sent the latest when it reads again, not a backlog, and stays open; on one whose every message
 * matters it is closed (4002) once it is more than {@code bridge.maxWaitingFrames} behind, and
 * counted. The messages are ~100 KB each, so the socket's buffers fill within a few hundred.
 */
class SlowSocketsTest {
  static final int MESSAGES = 400;

  /** A superseding address nobody else publishes on here (no market runs). */
  static final String BOARD = MarketContract.BOARD.address("redhaven");

  static Wayfarer server;
  static int port;

  @BeforeAll
  static void start() {
    // No market and no social verticle: the test is the only publisher on those addresses.
    server =
        InProcess.start(
            TestInfra.config(
                InProcess.withAdmin(
                    new JsonObject().put("bridge", new JsonObject().put("maxWaitingFrames", 16)))),
            "player",
            "gateway");
    port = InProcess.httpPort(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /**
   * A WebSocket on the bridge, registered on {@code address}, that collects what it reads: the raw
   * endpoint ({@code sockJs} false), or SockJS's WebSocket transport as the browser's client speaks
   * it, which the bridge frames itself.
   */
  static final class Reader {
    final ClientWebSocket ws;
    final List<JsonObject> frames = new CopyOnWriteArrayList<>();
    final AtomicBoolean closed = new AtomicBoolean();
    volatile Short closeCode;

    Reader(WebSocketClient client, String address, boolean sockJs) {
      ws = client.webSocket();
      String register = new JsonObject().put("type", "register").put("address", address).encode();
      ws.binaryMessageHandler(b -> frames.add(b.toJsonObject()));
      ws.textMessageHandler(
          text -> {
            if (!sockJs) {
              frames.add(new JsonObject(text));
            } else if (text.equals("o")) {
              ws.writeTextMessage(new JsonArray().add(register).encode());
            } else if (text.startsWith("a")) {
              new JsonArray(text.substring(1)).forEach(m -> frames.add(new JsonObject((String) m)));
            } else if (text.startsWith("c")) {
              closeCode = new JsonArray(text.substring(1)).getInteger(0).shortValue();
            }
          });
      ws.closeHandler(
          v -> {
            if (!sockJs) {
              closeCode = ws.closeStatusCode();
            }
            closed.set(true);
          });
      ws.connect(
              new WebSocketConnectOptions()
                  .setHost("127.0.0.1")
                  .setPort(port)
                  .setURI(
                      sockJs
                          ? "/eventbus/0/r" + System.nanoTime() + "/websocket"
                          : "/eventbus/websocket")
                  .addHeader("Origin", "http://127.0.0.1:" + port))
          .await();
      if (!sockJs) {
        ws.writeTextMessage(register).await();
      }
    }
  }

  /** A client that takes frames of the size sent here (its default stops at 64 KB). */
  static WebSocketClient client() {
    return server
        .vertx()
        .createWebSocketClient(
            new WebSocketClientOptions().setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20));
  }

  static String filler() {
    return "x".repeat(100_000);
  }

  /**
   * Publishes until the reader has its registration in place (it hears a probe), then pauses it.
   */
  static void registered(Reader r, String address) throws InterruptedException {
    until(
        () -> {
          server.vertx().eventBus().publish(address, new JsonObject().put("probe", true));
          return !r.frames.isEmpty();
        },
        "the registration on " + address);
  }

  @ParameterizedTest(name = "SockJS framing {0}")
  @ValueSource(booleans = {false, true})
  void aSlowSocketGetsTheLatestBoardNotABacklog(boolean sockJs) throws Exception {
    WebSocketClient client = client();
    Reader r = new Reader(client, BOARD, sockJs);
    registered(r, BOARD);
    r.ws.pause();
    int before = r.frames.size();
    String fill = filler();
    for (int i = 0; i < MESSAGES; i++) {
      server.vertx().eventBus().publish(BOARD, new JsonObject().put("n", i).put("fill", fill));
    }
    r.ws.resume();
    until(
        () ->
            r.frames.stream()
                .anyMatch(f -> f.getJsonObject("body").getInteger("n", -1) == MESSAGES - 1),
        "the latest board");
    assertFalse(r.closed.get(), "the socket stays open");
    int got = r.frames.size() - before;
    assertTrue(got < MESSAGES, "the latest, not a backlog: " + got + " of " + MESSAGES);
    r.ws.close().await();
    client.close();
  }

  @ParameterizedTest(name = "SockJS framing {0}")
  @ValueSource(booleans = {false, true})
  void aSocketThatFallsBehindOnWhatMustAllBeSentIsClosedAndCounted(boolean sockJs)
      throws Exception {
    WebSocketClient client = client();
    Reader r = new Reader(client, SocialContract.ANNOUNCEMENTS.address(), sockJs);
    registered(r, SocialContract.ANNOUNCEMENTS.address());
    r.ws.pause();
    String fill = filler();
    // How much a paused client holds before the server sees its queue fill depends on the
    // machine's socket buffers: publish until the bridge has closed a slow socket (its counter),
    // within a bound, rather than a number that fills them on one machine only.
    Counter slowClosed = Metrics.registry(server.config()).counter("wayfarer.bridge.slow.closed");
    double closedBefore = slowClosed.count();
    int sent = 0;
    while (slowClosed.count() == closedBefore) {
      assertTrue(sent < 40 * MESSAGES, "still open after " + sent + " messages");
      for (int i = 0; i < 50; i++, sent++) {
        server
            .vertx()
            .eventBus()
            .publish(
                SocialContract.ANNOUNCEMENTS.address(),
                new JsonObject().put("n", sent).put("fill", fill));
      }
      Thread.sleep(20);
    }
    r.ws.resume();
    until(r.closed::get, "the slow socket closed");
    assertEquals((short) 4002, r.closeCode);
    Browser admin = new Browser(server.vertx(), port);
    expect(200, admin.login(InProcess.ADMIN, InProcess.ADMIN_PASSWORD));
    String metrics = expect(200, admin.get("/metrics")).bodyAsString();
    assertTrue(
        metrics
            .lines()
            .anyMatch(
                l -> l.startsWith("wayfarer_bridge_slow_closed_total") && !l.endsWith(" 0.0")),
        metrics.lines().filter(l -> l.contains("slow")).toList().toString());
    client.close();
  }
}
