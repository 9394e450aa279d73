package io.wayfarer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wayfarer.shared.player.PlayerContract;
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
    server = InProcess.start(TestInfra.config(new JsonObject().put("clock", new JsonObject().put("secondsPerGameHour", 0.6))));
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
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Origin", "http://127.0.0.1:" + port);
    if (as != null) {
      headers.add("Cookie", "wf_session=" + as.token());
    }
    return BridgeClient.connect(vertx, port, headers).await();
  }

  static List<JsonObject> errors(BridgeClient ws) {
    return ws.frames().stream().filter(f -> "err".equals(f.getString("type"))).collect(Collectors.toList());
  }

  static List<JsonObject> received(BridgeClient ws, String address) {
    return ws.frames().stream().filter(f -> "rec".equals(f.getString("type")) && address.equals(f.getString("address")))
        .collect(Collectors.toList());
  }

  static void settle() throws InterruptedException {
    Thread.sleep(300);
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
    a.register(aliceInbox).await();
    a.register(bobInbox).await();
    b.register(bobInbox).await();
    anonymous.register(aliceInbox).await();
    settle();
    assertEquals(1, errors(a).size(), "alice may not register bob's inbox: " + a.frames());
    assertEquals(0, errors(b).size(), b.frames().toString());
    assertEquals(1, errors(anonymous).size(), "an anonymous socket registers no inbox");

    server.vertx().eventBus().publish(aliceInbox, new JsonObject().put("text", "for alice"));
    server.vertx().eventBus().publish(bobInbox, new JsonObject().put("text", "for bob"));
    settle();
    assertEquals(List.of("for alice"), received(a, aliceInbox).stream().map(f -> f.getJsonObject("body").getString("text")).toList());
    assertEquals(0, received(a, bobInbox).size());
    assertEquals(List.of("for bob"), received(b, bobInbox).stream().map(f -> f.getJsonObject("body").getString("text")).toList());
    assertEquals(0, received(anonymous, aliceInbox).size() + received(anonymous, bobInbox).size());

    // A real notice: alice's arrival comes to alice's socket.
    alice.post("/api/travel", new JsonObject().put("to", "saltmere"));
    long deadline = System.currentTimeMillis() + 20_000;
    while (received(a, aliceInbox).stream().noneMatch(f -> "arrival".equals(f.getJsonObject("body").getString("kind")))
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(received(a, aliceInbox).stream().anyMatch(f -> "arrival".equals(f.getJsonObject("body").getString("kind"))),
        a.frames().toString());
    assertTrue(received(b, bobInbox).stream().noneMatch(f -> "arrival".equals(f.getJsonObject("body").getString("kind"))));
    a.close().await();
    b.close().await();
    anonymous.close().await();
  }

  @Test
  void forgedHeadersAndSendsNeverReachAVerticle(Vertx vertx) throws Exception {
    Browser mallory = new Browser(vertx, port);
    mallory.newCharacter("mallory" + System.nanoTime() % 100000, "Mallory", "rogue");
    BridgeClient m = socket(vertx, mallory);
    JsonObject seen = new JsonObject();
    server.vertx().eventBus().consumer(PlayerContract.TRAVEL + ".spy", msg -> seen.put("spy", true)).completion().await();
    m.send(PlayerContract.TRAVEL, new JsonObject().put("playerId", 1).put("to", "millbrook"), new JsonObject().put("playerId", "1")).await();
    m.send(PlayerContract.ME, new JsonObject().put("playerId", 1), new JsonObject()).await();
    m.publish(PlayerContract.inbox(1), new JsonObject().put("text", "forged")).await();
    settle();
    assertEquals(3, errors(m).size(), m.frames().toString());
    m.close().await();
  }

  @Test
  void logoutClosesTheSessionsSockets(Vertx vertx) throws Exception {
    Browser carol = new Browser(vertx, port);
    carol.newCharacter("carol" + System.nanoTime() % 100000, "Carol", "cleric");
    BridgeClient c = socket(vertx, carol);
    c.register(PlayerContract.inbox(id(carol))).await();
    settle();
    carol.post("/api/auth/logout", new JsonObject());
    c.closed().await(5, TimeUnit.SECONDS);
  }

  @Test
  void townPresenceIsPublic(Vertx vertx) throws Exception {
    BridgeClient anyone = socket(vertx, null);
    String address = PlayerContract.townPresence("redhaven");
    anyone.register(address).await();
    settle();
    Browser dave = new Browser(vertx, port);
    dave.newCharacter("dave" + System.nanoTime() % 100000, "Dave", "fighter");
    settle();
    assertTrue(received(anyone, address).stream().anyMatch(f -> f.getJsonObject("body").getJsonArray("present").contains("Dave")),
        anyone.frames().toString());
    JsonObject towns = dave.get("/api/towns").bodyAsJsonObject();
    assertTrue(towns.getJsonObject("present").getJsonArray("redhaven").contains("Dave"), towns.encode());
    anyone.close().await();
  }
}
