package io.wayfarer.server;

import static io.wayfarer.server.Browser.expect;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.social.SocialContract;
import io.wayfarer.shared.test.BridgeClient;
import io.wayfarer.shared.test.TestInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "Here now" is who is online: a character whose player logged out, or went quiet for longer than
 * the online window, is resting there instead; an open page keeps its player online (and a page
 * whose session ended is closed); the world counts every player online, on the road too. The social
 * verticle owns presence; the gateway touches open pages' sessions and presence is recounted every
 * second here (a minute and half a minute by default).
 */
@ExtendWith(VertxExtension.class)
class PresenceTest {
  static Wayfarer server;
  static int port;
  static Pool pool;

  @BeforeAll
  static void start() {
    server =
        InProcess.start(
            TestInfra.config(
                new JsonObject()
                    .put(
                        "social",
                        new JsonObject().put("onlineMinutes", 2).put("presenceRefreshSeconds", 1))
                    .put("bridge", new JsonObject().put("touchSeconds", 1))),
            "clock",
            "player",
            "social",
            "gateway");
    port = InProcess.httpPort(server);
    pool = Clients.pgPool(server.vertx(), server.config());
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    server.close();
  }

  static JsonObject towns(Browser b) {
    return expect(200, b.get("/api/presence")).bodyAsJsonObject();
  }

  static void until(Vertx vertx, Predicate<JsonObject> done, String what)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    JsonObject last = null;
    while (System.currentTimeMillis() < deadline) {
      last = towns(new Browser(vertx, port));
      if (done.test(last)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("gave up waiting for " + what + ": " + last);
  }

  static boolean present(JsonObject towns, String name) {
    return towns.getJsonObject("present").getJsonArray("redhaven").contains(name);
  }

  static boolean resting(JsonObject towns, String name) {
    return towns.getJsonObject("resting").getJsonArray("redhaven").contains(name);
  }

  /** Ages every session of a player as if it had not been used for ten minutes. */
  static void goQuiet(Browser b) {
    long id =
        expect(200, b.get("/api/me")).bodyAsJsonObject().getJsonObject("account").getLong("id");
    pool.query(
            "UPDATE sessions SET last_seen_at = now() - interval '10 minutes' WHERE account_id = "
                + id)
        .execute()
        .await();
  }

  @Test
  void whoLogsOutRestsAndWhoComesBackIsHereAgain(Vertx vertx) throws Exception {
    Browser ana = new Browser(vertx, port);
    ana.newCharacter("ana" + System.nanoTime() % 100000, "Anwen", "bard");
    until(vertx, t -> present(t, "Anwen") && !resting(t, "Anwen"), "Anwen here now");
    String name =
        expect(200, ana.get("/api/me"))
            .bodyAsJsonObject()
            .getJsonObject("account")
            .getString("username");
    expect(200, ana.post("/api/auth/logout", new JsonObject()));
    until(vertx, t -> !present(t, "Anwen") && resting(t, "Anwen"), "Anwen resting, not here now");
    expect(200, ana.login(name, "a perfectly fine passphrase"));
    until(vertx, t -> present(t, "Anwen"), "Anwen back");
  }

  @Test
  void aQuietPlayerRestsButAnOpenPageKeepsItsPlayerHere(Vertx vertx) throws Exception {
    Browser quiet = new Browser(vertx, port);
    quiet.newCharacter("quiet" + System.nanoTime() % 100000, "Quillon", "rogue");
    Browser reader = new Browser(vertx, port);
    reader.newCharacter("reader" + System.nanoTime() % 100000, "Rhosyn", "wizard");
    BridgeClient page = BridgeClient.fromPage(vertx, port, reader.token()).await();
    until(vertx, t -> present(t, "Quillon") && present(t, "Rhosyn"), "both here");
    // Neither has sent a request for ten minutes; only one has a page open.
    goQuiet(quiet);
    goQuiet(reader);
    until(
        vertx,
        t -> resting(t, "Quillon") && present(t, "Rhosyn"),
        "the quiet one resting, the reader here");
    // Others see when the resting one was last about: ten minutes ago, to the minute.
    JsonObject towns = towns(reader);
    String seen = towns.getJsonObject("lastSeen").getJsonObject("redhaven").getString("Quillon");
    Instant when = Instant.parse(seen.replace("Z", ":00Z"));
    long ago = Duration.between(when, Instant.now()).toMinutes();
    assertTrue(ago >= 9 && ago <= 30, "last seen " + seen + ", " + ago + " minutes ago");
    assertTrue(
        !towns.getJsonObject("lastSeen").getJsonObject("redhaven").containsKey("Rhosyn"),
        "the present have no last seen: they are here");
    page.close().await();
  }

  @Test
  void theWorldCountsPlayersOnTheRoadAndPagesHearTheCount(Vertx vertx) throws Exception {
    BridgeClient anyone = BridgeClient.connect(vertx, port).await();
    String address = SocialContract.ONLINE.address();
    anyone.register(address).await();
    Browser walker = new Browser(vertx, port);
    walker.newCharacter("walker" + System.nanoTime() % 100000, "Wendell", "fighter");
    until(vertx, t -> present(t, "Wendell"), "Wendell here now");
    expect(202, walker.post("/api/travel", new JsonObject().put("to", "millbrook")));
    // On the road: in no town's list, still one of the world's players online.
    until(vertx, t -> !present(t, "Wendell"), "Wendell gone from Redhaven");
    JsonObject who = towns(walker);
    assertTrue(
        who.getJsonObject("present").stream()
            .noneMatch(e -> ((JsonArray) e.getValue()).contains("Wendell")),
        who.encode());
    assertTrue(who.getLong("online") >= 1, who.encode());
    // A player who signs up is one more online; every page hears the world's new count.
    Browser newcomer = new Browser(vertx, port);
    newcomer.newCharacter("newcomer" + System.nanoTime() % 100000, "Nesta", "bard");
    until(vertx, t -> present(t, "Nesta"), "Nesta here now");
    assertTrue(towns(newcomer).getLong("online") >= 2, towns(newcomer).encode());
    // The page hears the count the server now answers (polled: a player of an earlier test may go
    // quiet meanwhile and change it again).
    BridgeSessionTest.until(
        () -> {
          long now = towns(newcomer).getLong("online");
          return anyone.frames().stream()
              .filter(f -> "rec".equals(f.getString("type")))
              .filter(f -> address.equals(f.getString("address")))
              .map(f -> f.getJsonObject("body").getLong("players"))
              .anyMatch(players -> players != null && players == now);
        },
        "the world's count on " + address);
    anyone.close().await();
  }

  @Test
  void aPageWhoseSessionEndedIsClosed(Vertx vertx) throws Exception {
    Browser b = new Browser(vertx, port);
    b.newCharacter("lapsed" + System.nanoTime() % 100000, "Lapsed", "cleric");
    BridgeClient page = BridgeClient.fromPage(vertx, port, b.token()).await();
    String hash = PlayerContract.tokenHash(b.token());
    pool.query(
            "UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = '\\x"
                + hash
                + "'")
        .execute()
        .await();
    // The gateway finds the session over when it next touches it, and closes the page (a timeout
    // fails the test).
    page.closed().await(30, TimeUnit.SECONDS);
  }
}
