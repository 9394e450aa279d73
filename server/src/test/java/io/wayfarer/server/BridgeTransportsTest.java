package io.wayfarer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
      MultiMap origin =
          MultiMap.caseInsensitiveMultiMap().add("Origin", "http://127.0.0.1:" + port);
      BridgeClient ws = BridgeClient.connect(vertx, port, origin).await();
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
      BridgeClient big = BridgeClient.connect(vertx, port, origin).await();
      big.writeRaw("{\"type\":\"ping\",\"pad\":\"" + "z".repeat(70_000) + "\"}");
      big.closed().await();
      for (int i = 0; i < 20; i++) {
        BridgeClient.connect(vertx, port, origin).await().close().await();
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
