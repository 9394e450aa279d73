package io.wayfarer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.social.SocialContract;
import io.wayfarer.shared.test.BridgeClient;
import io.wayfarer.shared.test.TestInfra;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The bridge knows who is on the other end: inboxes reach only their owner's sockets. */
@ExtendWith(VertxExtension.class)
class BridgeSessionTest {
  static Wayfarer server;
  static int port;

  @BeforeAll
  static void start() {
    server =
        InProcess.start(
            TestInfra.config(
                new JsonObject().put("clock", new JsonObject().put("secondsPerGameHour", 0.6))));
    port = InProcess.httpPort(server);
  }

  @AfterAll
  static void stop() {
    InProcess.assertConserved(server);
    server.close();
  }

  static long id(Browser b) {
    return b.get("/api/me").bodyAsJsonObject().getJsonObject("account").getLong("id");
  }

  BridgeClient socket(Vertx vertx, Browser as) {
    return BridgeClient.fromPage(vertx, port, as == null ? null : as.token()).await();
  }

  static List<JsonObject> errors(BridgeClient ws) {
    return ws.frames().stream()
        .filter(f -> "err".equals(f.getString("type")))
        .collect(Collectors.toList());
  }

  static List<JsonObject> received(BridgeClient ws, String address) {
    return ws.frames().stream()
        .filter(f -> "rec".equals(f.getString("type")) && address.equals(f.getString("address")))
        .collect(Collectors.toList());
  }

  /** Waits for {@code done}, generously: a loaded machine is slow, not wrong. */
  static void until(java.util.function.BooleanSupplier done, String what)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (!done.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("gave up waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  /**
   * Publishes a probe on {@code address} until {@code ws} hears it: from then on its registration
   * is in place.
   */
  static void awaitRegistered(Wayfarer server, BridgeClient ws, String address)
      throws InterruptedException {
    long timer =
        server
            .vertx()
            .setPeriodic(
                100,
                id ->
                    server
                        .vertx()
                        .eventBus()
                        .publish(address, new JsonObject().put("probe", true)));
    try {
      until(() -> !received(ws, address).isEmpty(), "the registration of " + address);
    } finally {
      server.vertx().cancelTimer(timer);
    }
  }

  static List<String> texts(BridgeClient ws, String address) {
    return received(ws, address).stream()
        .map(f -> f.getJsonObject("body").getString("text"))
        .filter(java.util.Objects::nonNull)
        .toList();
  }

  @Test
  void inboxesReachOnlyTheirOwner(Vertx vertx) throws Exception {
    Browser alice = new Browser(vertx, port);
    alice.newCharacter("alice" + System.nanoTime() % 100000, "Alice", "rogue");
    Browser bob = new Browser(vertx, port);
    bob.newCharacter("bob" + System.nanoTime() % 100000, "Bob", "bard");
    String aliceInbox = PlayerContract.inbox(id(alice));
    String bobInbox = PlayerContract.inbox(id(bob));

    BridgeClient a = socket(vertx, alice);
    BridgeClient b = socket(vertx, bob);
    BridgeClient anonymous = socket(vertx, null);
    a.register(bobInbox).await();
    anonymous.register(aliceInbox).await();
    until(() -> errors(a).size() == 1 && errors(anonymous).size() == 1, "the refusals");
    a.register(aliceInbox).await();
    b.register(bobInbox).await();
    awaitRegistered(server, a, aliceInbox);
    awaitRegistered(server, b, bobInbox);
    assertEquals(0, errors(b).size(), b.frames().toString());

    server.vertx().eventBus().publish(bobInbox, new JsonObject().put("text", "for bob"));
    server.vertx().eventBus().publish(aliceInbox, new JsonObject().put("text", "for alice"));
    until(
        () -> texts(a, aliceInbox).contains("for alice") && texts(b, bobInbox).contains("for bob"),
        "each inbox's letter");
    assertEquals(0, received(a, bobInbox).size(), "alice may not hear bob's inbox");
    assertEquals(0, received(anonymous, aliceInbox).size() + received(anonymous, bobInbox).size());

    // A real notice: alice's arrival comes to alice's socket.
    alice.post("/api/travel", new JsonObject().put("to", "saltmere"));
    until(
        () ->
            received(a, aliceInbox).stream()
                .anyMatch(f -> "arrival".equals(f.getJsonObject("body").getString("kind"))),
        "the arrival");
    assertTrue(
        received(b, bobInbox).stream()
            .noneMatch(f -> "arrival".equals(f.getJsonObject("body").getString("kind"))));
    a.close().await();
    b.close().await();
    anonymous.close().await();
  }

  @Test
  void forgedHeadersAndSendsNeverReachAVerticle(Vertx vertx) throws Exception {
    Browser mallory = new Browser(vertx, port);
    mallory.newCharacter("mallory" + System.nanoTime() % 100000, "Mallory", "rogue");
    BridgeClient m = socket(vertx, mallory);
    // Every message delivered on the server's bus to these addresses passes here, whichever
    // consumer gets it.
    java.util.Set<String> targets =
        java.util.Set.of(
            PlayerContract.TRAVEL.address(), PlayerContract.ME.address(), PlayerContract.inbox(1));
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.vertx.core.Handler<io.vertx.core.eventbus.DeliveryContext<Object>> spy =
        dc -> {
          if (targets.contains(dc.message().address())) {
            seen.add(dc.message().address());
          }
          dc.next();
        };
    server.vertx().eventBus().addInboundInterceptor(spy);
    try {
      m.send(
              PlayerContract.TRAVEL.address(),
              new JsonObject().put("playerId", 1).put("to", "millbrook"),
              new JsonObject().put("playerId", "1"))
          .await();
      m.send(PlayerContract.ME.address(), new JsonObject().put("playerId", 1), new JsonObject())
          .await();
      m.publish(PlayerContract.inbox(1), new JsonObject().put("text", "forged")).await();
      until(() -> errors(m).size() == 3, "three refusals");
      assertEquals(List.of(), seen, "no verticle saw any of it");
    } finally {
      server.vertx().eventBus().removeInboundInterceptor(spy);
    }
    m.close().await();
  }

  @Test
  void logoutClosesTheSessionsSockets(Vertx vertx) throws Exception {
    Browser carol = new Browser(vertx, port);
    carol.newCharacter("carol" + System.nanoTime() % 100000, "Carol", "cleric");
    BridgeClient c = socket(vertx, carol);
    c.register(PlayerContract.inbox(id(carol))).await();
    awaitRegistered(server, c, PlayerContract.inbox(id(carol)));
    carol.post("/api/auth/logout", new JsonObject());
    c.closed().await(30, TimeUnit.SECONDS);
  }

  @Test
  void townPresenceIsPublic(Vertx vertx) throws Exception {
    BridgeClient anyone = socket(vertx, null);
    String address = SocialContract.townPresence("redhaven");
    anyone.register(address).await();
    awaitRegistered(server, anyone, address);
    Browser dave = new Browser(vertx, port);
    dave.newCharacter("dave" + System.nanoTime() % 100000, "Dave", "fighter");
    until(
        () ->
            received(anyone, address).stream()
                .map(f -> f.getJsonObject("body").getJsonArray("present"))
                .anyMatch(p -> p != null && p.contains("Dave")),
        "Dave's arrival in the town's presence");
    JsonObject who = dave.get("/api/presence").bodyAsJsonObject();
    assertTrue(
        who.getJsonObject("present").getJsonArray("redhaven").contains("Dave"), who.encode());
    anyone.close().await();
  }
}
