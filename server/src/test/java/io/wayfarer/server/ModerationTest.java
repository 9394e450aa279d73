package io.wayfarer.server;

import static io.wayfarer.server.Browser.expect;
import static io.wayfarer.server.InProcess.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.test.BridgeClient;
import io.wayfarer.shared.test.TestInfra;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's players section and its data view over HTTP (issue 14): an admin finds a player,
 * sees the sheet, holdings, trades and lines, kicks (the player's sockets close), bans (the login
 * is refused with the end and the reason) and unbans, gives and takes through the ledger once per
 * request id; every change is audited with its reason. The data view is read-only and hides
 * secrets.
 */
class ModerationTest {
  static Wayfarer server;
  static int port;
  static Browser admin;

  @BeforeAll
  static void start() {
    server = InProcess.start(TestInfra.config(InProcess.withAdmin(new JsonObject())));
    port = InProcess.httpPort(server);
    admin = new Browser(server.vertx(), port);
    expect(200, admin.login(InProcess.ADMIN, InProcess.ADMIN_PASSWORD));
  }

  @AfterAll
  static void stop() {
    InProcess.assertConserved(server);
    server.close();
  }

  static final String PASSWORD = "a perfectly fine passphrase";

  /** A new player with a character; returns {username, account}. */
  static String[] newPlayer(Browser b, String name) {
    String username = "mod" + System.nanoTime() % 1_000_000;
    JsonObject sheet = b.newCharacter(username, name, "fighter");
    return new String[] {username, String.valueOf(sheet.getJsonObject("account").getLong("id"))};
  }

  static BridgeClient socket(Browser as) {
    return BridgeClient.fromPage(server.vertx(), port, as.token()).await();
  }

  @Test
  void anAdminFindsAPlayerSeesThemWholeAndKicksBansAndUnbans() throws Exception {
    Browser player = new Browser(server.vertx(), port);
    String[] who = newPlayer(player, "Quill Marsh");
    long account = Long.parseLong(who[1]);
    expect(200, player.post("/api/chat", new JsonObject().put("text", "hello from Quill")));

    JsonArray found =
        expect(200, admin.get("/api/admin/players?q=quill"))
            .bodyAsJsonObject()
            .getJsonArray("players");
    JsonObject row = found.getJsonObject(0);
    assertEquals(account, row.getLong("account"));
    assertEquals("Quill Marsh", row.getString("character"));
    assertTrue(row.getBoolean("online"), row.encode());
    assertNull(row.getString("bannedUntil"));

    JsonObject whole =
        expect(200, admin.get("/api/admin/players/show?account=" + account)).bodyAsJsonObject();
    assertEquals("Quill Marsh", whole.getJsonObject("character").getString("name"));
    assertTrue(whole.getJsonObject("holdings").getLong("coin") > 0, whole.encode());
    assertEquals(1, whole.getJsonObject("standing").getLong("sessions"));
    String lines =
        expect(200, admin.get("/api/admin/players/chat?account=" + account)).bodyAsString();
    assertTrue(lines.contains("hello from Quill"), lines);
    expect(200, admin.get("/api/admin/players/trades?account=" + account));
    assertEquals(400, admin.get("/api/admin/players/show?account=x").statusCode());
    assertEquals(404, admin.get("/api/admin/players/show?account=999999999").statusCode());

    // A kick ends the session: the socket closes and the page must sign in again.
    BridgeClient ws = socket(player);
    assertEquals(
        400,
        admin
            .post("/api/admin/players/kick", new JsonObject().put("account", account))
            .statusCode(),
        "a kick needs a reason");
    JsonObject kicked =
        expect(
                200,
                admin.post(
                    "/api/admin/players/kick",
                    new JsonObject().put("account", account).put("reason", "test: cool off")))
            .bodyAsJsonObject();
    assertEquals(1, kicked.getInteger("sessionsEnded"));
    ws.closed().await();
    // Every gateway instance forgets the session when it hears the revocation; the one that closed
    // the socket heard it, another may hear it a moment later.
    TestInfra.eventually(
        () -> player.get("/api/me").statusCode(),
        status -> status == 401,
        "every gateway instance to refuse the kicked session");

    // A ban: the login is refused with its end and reason; an unban lets them back.
    expect(200, player.login(who[0], PASSWORD));
    BridgeClient again = socket(player);
    JsonObject banned =
        expect(
                200,
                admin.post(
                    "/api/admin/players/ban",
                    new JsonObject()
                        .put("account", account)
                        .put("hours", 24)
                        .put("reason", "test: spamming the square")))
            .bodyAsJsonObject();
    assertEquals(1, banned.getInteger("sessionsEnded"));
    again.closed().await();
    var refused = player.login(who[0], PASSWORD);
    assertEquals(403, refused.statusCode());
    assertTrue(refused.bodyAsString().contains("spamming the square"), refused.bodyAsString());
    assertTrue(
        expect(200, admin.get("/api/admin/players?q=" + who[0]))
                .bodyAsJsonObject()
                .getJsonArray("players")
                .getJsonObject(0)
                .getString("bannedUntil")
            != null);
    assertEquals(
        409,
        admin
            .post(
                "/api/admin/players/ban",
                new JsonObject()
                    .put("account", adminAccount())
                    .put("hours", 1)
                    .put("reason", "test: admins are not banned"))
            .statusCode());
    expect(
        200,
        admin.post(
            "/api/admin/players/unban",
            new JsonObject().put("account", account).put("reason", "test: served")));
    expect(200, player.login(who[0], PASSWORD));

    // Each change is in the audit with its reason.
    String audit = expect(200, admin.get("/api/admin/audit")).bodyAsString();
    for (String reason :
        new String[] {"test: cool off", "test: spamming the square", "test: served"}) {
      assertTrue(audit.contains(reason), reason + " in " + audit);
    }
  }

  static long adminAccount() {
    return expect(200, admin.get("/api/me"))
        .bodyAsJsonObject()
        .getJsonObject("account")
        .getLong("id");
  }

  @Test
  void anAdminGivesAndTakesThroughTheLedgerOncePerRequest() {
    Browser player = new Browser(server.vertx(), port);
    long account = Long.parseLong(newPlayer(player, "Wren Tally")[1]);
    long coin =
        expect(200, player.get("/api/me"))
            .bodyAsJsonObject()
            .getJsonObject("holdings")
            .getLong("coin");
    String id = UUID.randomUUID().toString();
    JsonObject grant =
        new JsonObject()
            .put("account", account)
            .put("asset", "coin")
            .put("amount", 500)
            .put("reason", "test: lost in a bug")
            .put("requestId", id);
    expect(200, admin.post("/api/admin/players/grant", grant));
    JsonObject again =
        expect(200, admin.post("/api/admin/players/grant", grant)).bodyAsJsonObject();
    assertEquals(coin + 500, again.getLong("balance"), "the same request id gives once");
    assertEquals(
        409,
        admin.post("/api/admin/players/grant", grant.copy().put("amount", 600)).statusCode(),
        "a request id is not reused for another grant");

    JsonObject bread =
        new JsonObject()
            .put("account", account)
            .put("asset", "bread")
            .put("amount", 3)
            .put("reason", "test: a gift")
            .put("requestId", UUID.randomUUID().toString());
    expect(200, admin.post("/api/admin/players/grant", bread));
    assertEquals(
        409,
        admin
            .post(
                "/api/admin/players/grant",
                bread.copy().put("amount", -4).put("requestId", UUID.randomUUID().toString()))
            .statusCode(),
        "no more is taken than held");
    JsonObject taken =
        expect(
                200,
                admin.post(
                    "/api/admin/players/grant",
                    bread.copy().put("amount", -3).put("requestId", UUID.randomUUID().toString())))
            .bodyAsJsonObject();
    assertEquals(0, taken.getLong("balance"));
    assertEquals(
        400,
        admin
            .post(
                "/api/admin/players/grant",
                bread.copy().put("asset", "dragons").put("requestId", UUID.randomUUID().toString()))
            .statusCode());
    assertEquals(
        400, admin.post("/api/admin/players/grant", bread.copy().put("amount", 0)).statusCode());
    JsonObject holdings =
        expect(200, player.get("/api/me")).bodyAsJsonObject().getJsonObject("holdings");
    assertEquals(coin + 500, holdings.getLong("coin"));
    assertFalse(holdings.getLong("bread", 0L) > 0, holdings.encode());
  }

  static long gameMinute() {
    return ClockContract.TIME.request(server.vertx(), Empty.INSTANCE, 10_000).await().gameMinutes();
  }

  /**
   * "What did this player hold at noon yesterday": the holdings at a past minute come from the
   * ledger's log (and its checkpoints), not from today's balance; where the character was, from its
   * activities.
   */
  @Test
  void anAdminSeesWhatAPlayerHeldAtAPastMinute() throws Exception {
    Browser player = new Browser(server.vertx(), port);
    // A minute surely before the character is made.
    long beforeCharacter = gameMinute();
    until(() -> gameMinute() > beforeCharacter, "the clock to move on");
    long account = Long.parseLong(newPlayer(player, "Ansel Brook")[1]);
    JsonObject me = expect(200, player.get("/api/me")).bodyAsJsonObject();
    long coin = me.getJsonObject("holdings").getLong("coin");
    String town = me.getJsonObject("character").getString("town");
    // The minute asked about is one after the character's starting coin was stamped, and the grant
    // is stamped later than it.
    long created = gameMinute();
    until(() -> gameMinute() > created, "the clock to move on");
    long before = gameMinute();
    until(() -> gameMinute() > before, "the clock to move on");
    expect(
        200,
        admin.post(
            "/api/admin/players/grant",
            new JsonObject()
                .put("account", account)
                .put("asset", "coin")
                .put("amount", 700)
                .put("reason", "test: a reward")
                .put("requestId", UUID.randomUUID().toString())));
    // And experience, as a quest's reward gives it, at the minute it was given.
    PlayerContract.AWARD
        .request(
            server.vertx(),
            new PlayerContract.Award(
                "test:look-back-" + account,
                320,
                new PlayerContract.Notice(
                    account, gameMinute(), "reward", "Well done.", new JsonObject())),
            10_000)
        .await();

    JsonObject then =
        expect(200, admin.get("/api/admin/players/held?account=" + account + "&minute=" + before))
            .bodyAsJsonObject();
    assertEquals(coin, then.getJsonObject("holdings").getLong("coin"), then.encode());
    assertEquals(town, then.getJsonObject("whereabouts").getString("town"), then.encode());
    assertNull(then.getJsonObject("whereabouts").getString("doing"), "idle: " + then.encode());
    assertEquals(new JsonObject().put("xp", 0L).put("level", 1), then.getJsonObject("experience"));
    JsonObject hitPointsThen = then.getJsonObject("hitPoints");
    assertEquals(hitPointsThen.getInteger("maxHp"), hitPointsThen.getInteger("hp"), "hale then");
    assertEquals(new JsonArray(), then.getJsonArray("houses"), "the estate verticle says: none");
    JsonObject unborn =
        expect(
                200,
                admin.get(
                    "/api/admin/players/held?account=" + account + "&minute=" + beforeCharacter))
            .bodyAsJsonObject();
    assertNull(unborn.getValue("whereabouts"), "no character yet: " + unborn.encode());
    assertNull(unborn.getValue("hitPoints"), "no hit points yet: " + unborn.encode());
    long later = gameMinute();
    JsonObject now =
        expect(200, admin.get("/api/admin/players/held?account=" + account + "&minute=" + later))
            .bodyAsJsonObject();
    assertEquals(coin + 700, now.getJsonObject("holdings").getLong("coin"), now.encode());
    assertEquals(new JsonObject().put("xp", 320L).put("level", 2), now.getJsonObject("experience"));
    // The second level's hit points came with the award, at its minute.
    int gained =
        now.getJsonObject("hitPoints").getInteger("maxHp") - hitPointsThen.getInteger("maxHp");
    assertTrue(gained > 0, "a level's hit points: " + now.encode());
    assertEquals(
        hitPointsThen.getInteger("hp") + gained,
        now.getJsonObject("hitPoints").getInteger("hp"),
        now.encode());

    assertEquals(404, admin.get("/api/admin/players/held?account=999999&minute=1").statusCode());
    assertEquals(
        400, admin.get("/api/admin/players/held?account=" + account + "&minute=-1").statusCode());
    assertEquals(
        403,
        player.get("/api/admin/players/held?account=" + account + "&minute=1").statusCode(),
        "admins only");
  }

  @Test
  void theDataViewReadsAndHidesSecrets() throws Exception {
    JsonObject data = expect(200, admin.get("/api/admin/data")).bodyAsJsonObject();
    assertTrue(data.getString("postgres").startsWith("postgresql://"), data.encode());
    assertFalse(
        data.getString("postgres").contains(":postgres@"),
        "no password: " + data.getString("postgres"));
    assertTrue(data.getJsonArray("tables").encode().contains("\"accounts\""));
    JsonObject accounts =
        expect(200, admin.get("/api/admin/data/rows?table=accounts&limit=5")).bodyAsJsonObject();
    int hash = accounts.getJsonArray("columns").getList().indexOf("password_hash");
    assertTrue(hash >= 0);
    for (Object r : accounts.getJsonArray("rows")) {
      assertEquals("(hidden)", ((JsonArray) r).getString(hash));
    }
    assertEquals(400, admin.get("/api/admin/data/rows?table=accounts;drop").statusCode());
    assertEquals(404, admin.get("/api/admin/data/rows?table=no_such_table").statusCode());
    until(
        () ->
            expect(200, admin.get("/api/admin/data/keys?pattern=session:*"))
                    .bodyAsJsonObject()
                    .getJsonArray("keys")
                    .size()
                > 0,
        "a cached session");
    // A page of many keys (a busy world's sessions): each is described, none is lost to a full
    // Redis client queue (the view once asked for them all at once, and answered 500).
    RedisAPI redis = Clients.redis(server.vertx(), server.config());
    try {
      for (int i = 0; i < 90; i++) {
        redis.set(List.of("dataview-test:" + i, "v" + i)).await();
      }
      JsonObject many =
          expect(200, admin.get("/api/admin/data/keys?pattern=dataview-test:*")).bodyAsJsonObject();
      assertEquals(90, many.getJsonArray("keys").size(), many.encode());
    } finally {
      redis.close();
    }
    JsonArray keys =
        expect(200, admin.get("/api/admin/data/keys?pattern=session:*"))
            .bodyAsJsonObject()
            .getJsonArray("keys");
    for (Object k : keys) {
      assertEquals("(hidden)", ((JsonObject) k).getString("preview"), k.toString());
    }
  }
}
