package io.wayfarer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.events.EventsContract;
import io.wayfarer.shared.events.WorldEvent;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.test.BridgeClient;
import io.wayfarer.shared.test.TestInfra;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Every SockJS transport the browser client lists carries the public addresses and the player's own
 * inbox, with the WebSocket's permissions, spoken here by hand over the raw SockJS protocol; and
 * what a client sends wrong is refused without filling the log.
 */
@ExtendWith(VertxExtension.class)
class BridgeTransportsTest {
  static Wayfarer server;
  static int port;

  @BeforeAll
  static void start() {
    server =
        InProcess.start(
            // Its floods of bad frames test the refusals one by one, not the pace a socket is
            // held to (BridgeLimitsTest).
            TestInfra.config(
                new JsonObject()
                    .put("clock", new JsonObject().put("secondsPerGameHour", 6.0))
                    .put("bridge", new JsonObject().put("framesPerSecond", 10_000))),
            "clock",
            "player",
            "gateway");
    port = InProcess.httpPort(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonObject register(String address) {
    return new JsonObject().put("type", "register").put("address", address);
  }

  static long id(Browser b) {
    return b.get("/api/me").bodyAsJsonObject().getJsonObject("account").getLong("id");
  }

  /**
   * Repeats {@code step} until {@code done}, or fails after a generous while (a busy machine is
   * slow, not wrong).
   */
  static void until(BooleanSupplier done, Runnable step, String what) {
    long deadline = System.currentTimeMillis() + 30_000;
    while (!done.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("gave up waiting for " + what);
      }
      step.run();
    }
  }

  /**
   * What the server says while the test waits: an event for everyone and a notice for alice, again
   * until heard.
   */
  static void announce(long alice, long bob) {
    server
        .vertx()
        .eventBus()
        .publish(
            EventsContract.EVENTS,
            new WorldEvent(
                    1,
                    "fog",
                    "Fog",
                    "redhaven",
                    1,
                    0,
                    60,
                    "Fog on the moor",
                    new JsonObject(),
                    true)
                .toJson());
    server
        .vertx()
        .eventBus()
        .publish(PlayerContract.inbox(alice), new JsonObject().put("text", "for alice"));
    server
        .vertx()
        .eventBus()
        .publish(PlayerContract.inbox(bob), new JsonObject().put("text", "for bob"));
  }

  void carriesTheWorldAndOnlyYourInbox(Vertx vertx, boolean streaming) {
    Browser alice = new Browser(vertx, port);
    String kind = streaming ? "Streamer" : "Poller";
    alice.newCharacter("alice" + System.nanoTime() % 100000, "Alys the " + kind, "rogue");
    Browser bob = new Browser(vertx, port);
    bob.newCharacter("bob" + System.nanoTime() % 100000, "Bodo the " + kind, "bard");
    long aliceId = id(alice);
    long bobId = id(bob);
    String cookie = "wf_session=" + alice.token();
    SockJsXhr s = streaming ? SockJsXhr.streaming(port, cookie) : SockJsXhr.polling(port, cookie);
    try {
      s.send(
          register(ClockContract.TICKS),
          register(EventsContract.EVENTS),
          register(PlayerContract.inbox(aliceId)),
          register(PlayerContract.inbox(bobId)));
      Runnable step =
          streaming
              ? () -> {
                announce(aliceId, bobId);
                SockJsXhr.sleep(100);
              }
              : () -> {
                announce(aliceId, bobId);
                s.poll();
              };
      until(
          () ->
              !s.received(ClockContract.TICKS).isEmpty()
                  && !s.received(EventsContract.EVENTS).isEmpty()
                  && !s.received(PlayerContract.inbox(aliceId)).isEmpty()
                  && !s.errors().isEmpty(),
          step,
          "ticks, events, the inbox");
      assertEquals(
          "Fog on the moor",
          s.received(EventsContract.EVENTS).get(0).getJsonObject("body").getString("text"));
      assertEquals(
          "for alice",
          s.received(PlayerContract.inbox(aliceId)).get(0).getJsonObject("body").getString("text"));
      assertEquals(
          List.of(),
          s.received(PlayerContract.inbox(bobId)),
          "another player's inbox is refused on this transport too");
      assertEquals("access_denied", s.errors().get(0).getString("body"));

      // Nothing goes onto the bus from a browser, on any transport.
      JsonObject seen = new JsonObject();
      server
          .vertx()
          .eventBus()
          .consumer(ClockContract.ADMIN_ADVANCE, m -> seen.put("advanced", true))
          .completion()
          .await();
      s.send(
          new JsonObject()
              .put("type", "send")
              .put("address", ClockContract.ADMIN_ADVANCE)
              .put("body", new JsonObject().put("minutes", 60)));
      until(
          () -> s.errors().size() >= 2,
          streaming ? () -> SockJsXhr.sleep(50) : s::poll,
          "the refusal");
      assertTrue(seen.isEmpty(), "the bus never saw it");
    } finally {
      s.close();
    }
  }

  @Test
  void xhrPollingCarriesTheWorldAndOnlyYourInbox(Vertx vertx) {
    carriesTheWorldAndOnlyYourInbox(vertx, false);
  }

  @Test
  void xhrStreamingCarriesTheWorldAndOnlyYourInbox(Vertx vertx) {
    carriesTheWorldAndOnlyYourInbox(vertx, true);
  }

  /**
   * SockJS's WebSocket transport, which the bridge frames itself: opened with {@code o}, messages
   * sent batched in one frame, the world and only this player's inbox received as {@code a[...]}
   * frames escaped as SockJS escapes them (text outside ASCII arrives intact), a frame that is not
   * a SockJS array refused with an err frame, and a logout closing the socket with {@code
   * c[4001,...]}.
   */
  @Test
  void sockJsWebSocketCarriesTheWorldAndOnlyYourInbox(Vertx vertx) {
    Browser dora = new Browser(vertx, port);
    dora.newCharacter("dora" + System.nanoTime() % 100000, "Dora the Walker", "rogue");
    Browser eli = new Browser(vertx, port);
    eli.newCharacter("eli" + System.nanoTime() % 100000, "Eli the Walker", "bard");
    long doraId = id(dora);
    long eliId = id(eli);
    List<String> frames = new CopyOnWriteArrayList<>();
    WebSocketClient client = vertx.createWebSocketClient();
    // Handlers before connecting: the open frame comes at once.
    ClientWebSocket ws = client.webSocket();
    ws.textMessageHandler(frames::add);
    ws.closeHandler(v -> frames.add("closed"));
    ws.connect(
            new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI("/eventbus/123/" + System.nanoTime() + "/websocket")
                .addHeader("Origin", "http://127.0.0.1:" + port)
                .addHeader("Cookie", "wf_session=" + dora.token()))
        .await();
    until(() -> !frames.isEmpty(), () -> SockJsXhr.sleep(20), "the open frame");
    assertEquals("o", frames.get(0));
    ws.writeTextMessage(
            new JsonArray()
                .add(register(ClockContract.TICKS).encode())
                .add(register(EventsContract.EVENTS).encode())
                .add(register(PlayerContract.inbox(doraId)).encode())
                .add(register(PlayerContract.inbox(eliId)).encode())
                .encode())
        .await();
    String words = "Grüße from the ferry \u2028 \u2603 \"quoted\" \\ done";
    until(
        () ->
            !received(frames, ClockContract.TICKS).isEmpty()
                && !received(frames, EventsContract.EVENTS).isEmpty()
                && !received(frames, PlayerContract.inbox(doraId)).isEmpty()
                && received(frames, null).stream()
                    .anyMatch(f -> "access_denied".equals(f.getString("body"))),
        () -> {
          announce(doraId, eliId);
          server
              .vertx()
              .eventBus()
              .publish(PlayerContract.inbox(doraId), new JsonObject().put("text", words));
          SockJsXhr.sleep(100);
        },
        "ticks, events, the inbox and a refusal");
    assertEquals(
        List.of(),
        received(frames, PlayerContract.inbox(eliId)),
        "another player's inbox is refused on this transport too");
    assertTrue(
        received(frames, PlayerContract.inbox(doraId)).stream()
            .anyMatch(f -> words.equals(f.getJsonObject("body").getString("text"))),
        "text outside ASCII arrives as it was sent");
    assertTrue(
        frames.stream()
            .filter(f -> f.startsWith("a"))
            .allMatch(f -> f.chars().allMatch(c -> c < 0x80)),
        "frames are escaped to ASCII, as SockJS escapes them");

    int errors = received(frames, null).size();
    ws.writeTextMessage("[\"unclosed").await();
    until(
        () -> received(frames, null).size() > errors,
        () -> SockJsXhr.sleep(20),
        "the refusal of a broken frame");
    assertEquals(
        "invalid_json", received(frames, null).get(errors).getString("body"), frames.toString());

    dora.post("/api/auth/logout", new JsonObject());
    until(() -> frames.contains("closed"), () -> SockJsXhr.sleep(20), "the socket to close");
    assertTrue(frames.contains("c[4001,\"session ended\"]"), frames.toString());
    client.close().await();
  }

  /**
   * The bridge frames among SockJS frames: those from {@code address}, or with none the {@code err}
   * frames.
   */
  static List<JsonObject> received(List<String> sockJsFrames, String address) {
    return sockJsFrames.stream()
        .filter(f -> f.startsWith("a["))
        .flatMap(f -> new JsonArray(f.substring(1)).stream())
        .map(m -> new JsonObject((String) m))
        .filter(
            f ->
                address == null
                    ? "err".equals(f.getString("type"))
                    : address.equals(f.getString("address")))
        .toList();
  }

  /**
   * SockJS ends the connection after each long poll; the response says so ({@code Connection:
   * close}), so a client does not send its next request down a connection that is closing (which
   * fails with no answer at all).
   */
  @Test
  void aPollSaysItEndsItsConnection(Vertx vertx) {
    Browser carol = new Browser(vertx, port);
    carol.newCharacter("carol" + System.nanoTime() % 100000, "Cara the Quick", "rogue");
    long other = id(carol) + 1;
    SockJsXhr s = SockJsXhr.polling(port, "wf_session=" + carol.token());
    for (int i = 0; i < 100; i++) {
      // A refused register answers at once, so each poll returns without waiting for a tick.
      s.send(register(PlayerContract.inbox(other)));
      s.poll();
      assertEquals("close", s.lastConnectionHeader, "poll " + i);
    }
    assertTrue(s.errors().size() >= 100, "every refusal arrived: " + s.errors().size());
  }

  @Test
  void transportsTheClientDoesNotUseAreShut(Vertx vertx) {
    WebClient web = WebClient.create(vertx);
    try {
      for (String transport : List.of("jsonp_send", "jsonp", "eventsource", "htmlfile")) {
        int status =
            web.post(port, "127.0.0.1", "/eventbus/000/abcdef/" + transport)
                .putHeader("Origin", "http://127.0.0.1:" + port)
                .sendBuffer(Buffer.buffer("d=[]"))
                .await()
                .statusCode();
        assertEquals(404, status, transport);
      }
    } finally {
      web.close();
    }
  }

  @Test
  void badFramesAreRefusedWithoutFloodingTheLog(Vertx vertx) {
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    root.addAppender(log);
    try {
      BridgeClient ws = BridgeClient.fromPage(vertx, port, null).await();
      List<String> garbage =
          List.of(
              "not json at all",
              "[1,2,3]",
              "{\"type\":5}",
              "{\"address\":\"world.clock\"}",
              "{\"type\":\"register\"}",
              "{\"type\":\"register\",\"address\":7}",
              "{\"type\":\"register\",\"address\":\"" + "x".repeat(300) + "\"}",
              "{\"type\":\"fly\",\"address\":\"world.clock\"}",
              "{\"type\":\"send\",\"address\":\"clock.now\",\"body\":{}}",
              "{\"type\":\"publish\",\"address\":\"world.clock\",\"body\":{}}",
              "{\"type\":\"register\",\"address\":\"clock.now\"}",
              "{\"type\":\"register\",\"address\":\"player.1.inbox\"}",
              "{\"type\":\"ping\",\"address\":" + "[".repeat(2000) + "}",
              "\"" + "y".repeat(5000) + "\"");
      int sent = 0;
      for (int round = 0; round < 150; round++) {
        for (String frame : garbage) {
          ws.writeRaw(frame);
          sent++;
        }
      }
      int expected = sent;
      until(
          () ->
              ws.frames().stream().filter(f -> "err".equals(f.getString("type"))).count()
                  >= expected,
          () -> SockJsXhr.sleep(50),
          "an err frame for each of " + expected + " bad frames");
      // The socket still works for what it may do.
      ws.register(ClockContract.TICKS).await();
      until(
          () -> ws.frames().stream().anyMatch(f -> "rec".equals(f.getString("type"))),
          () -> SockJsXhr.sleep(50),
          "a tick");
      ws.close().await();

      // A frame over the WebSocket limit closes that socket; twenty ordinary opens and closes are
      // nobody's fault.
      BridgeClient big = BridgeClient.fromPage(vertx, port, null).await();
      big.writeRaw("{\"type\":\"ping\",\"pad\":\"" + "z".repeat(70_000) + "\"}");
      big.closed().await();
      for (int i = 0; i < 20; i++) {
        BridgeClient.fromPage(vertx, port, null).await().close().await();
      }
      SockJsXhr.sleep(
          500); // for any log line still on its way: the assertion below is that there are few
    } finally {
      root.detachAppender(log);
    }
    List<ILoggingEvent> events = List.copyOf(log.list);
    String text =
        events.stream()
            .map(
                e ->
                    e.getLevel()
                        + " "
                        + e.getLoggerName()
                        + ": "
                        + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null
                            ? ""
                            : " [" + e.getThrowableProxy().getClassName() + "]"))
            .reduce("", (a, b) -> a + "\n" + b);
    assertTrue(
        events.stream().noneMatch(e -> e.getThrowableProxy() != null),
        "no stack traces for client faults:" + text);
    assertTrue(
        events.stream().noneMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR),
        "no errors for client faults:" + text);
    assertTrue(events.size() <= 4, "a few lines for two faulty sockets, not one per frame:" + text);
  }
}
