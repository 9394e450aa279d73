package io.wayfarer.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.wayfarer.clock.ClockVerticle;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.player.PlayerContract.Login;
import io.wayfarer.shared.player.PlayerContract.Me;
import io.wayfarer.shared.player.PlayerContract.Register;
import io.wayfarer.shared.player.PlayerContract.Session;
import io.wayfarer.shared.player.PlayerContract.Token;
import io.wayfarer.shared.test.TestInfra;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real PlayerVerticle alone on a real bus, against a database of its own: an account's life
 * through the commands' declarations (register, log in, resolve, create a character, read the
 * sheet, log out), and what it refuses.
 */
@ExtendWith(VertxExtension.class)
class PlayerVerticleTest {
  static final long TIMEOUT = 30_000;

  @Test
  void anAccountsLifeThroughItsCommands(Vertx vertx) {
    vertx
        .deployVerticle(new PlayerVerticle(), new DeploymentOptions().setConfig(TestInfra.config()))
        .await();
    String name = "ivo" + System.nanoTime() % 100000;
    Document registered =
        PlayerContract.REGISTER
            .request(vertx, new Register(name, "a walk along the old quay", "127.0.0.1"), TIMEOUT)
            .await();
    long id = registered.json().getLong("playerId");
    Document login =
        PlayerContract.LOGIN
            .request(
                vertx, new Login(name, "a walk along the old quay", "127.0.0.1", null), TIMEOUT)
            .await();
    String token = login.json().getString("token");
    Session session =
        PlayerContract.RESOLVE_SESSION.request(vertx, new Token(token), TIMEOUT).await();
    assertEquals(new Session(id, name, "player", session.expiresAt()), session);

    // A character needs the world clock (another verticle): the end-to-end tests in server/ create
    // one.
    Document me = PlayerContract.ME.request(vertx, new Me(id), TIMEOUT).await();
    assertEquals(
        name, me.json().getJsonObject("account").getString("username"), me.json().encode());
    assertTrue(me.json().getValue("character") == null, "no character yet: " + me.json().encode());

    PlayerContract.LOGOUT.request(vertx, new Token(token), TIMEOUT).await();
    ReplyException ended =
        failure(vertx, PlayerContract.RESOLVE_SESSION.address(), new Token(token).toJson());
    assertEquals(401, ended.failureCode(), "a session logged out is over");
    assertTrue(
        PlayerContract.WORLD_MAP
                .request(vertx, Empty.INSTANCE, TIMEOUT)
                .await()
                .json()
                .getJsonArray("towns")
                .size()
            > 0);
  }

  /**
   * An award (a quest's notice with experience) is applied once however often it is sent; enough
   * experience raises the level and the most hit points, with a notice of its own.
   */
  @Test
  void anAwardIsAppliedOnceAndALevelRaisesTheHitPoints(Vertx vertx) {
    JsonObject config = TestInfra.config();
    vertx.deployVerticle(new ClockVerticle(), new DeploymentOptions().setConfig(config)).await();
    vertx.deployVerticle(new PlayerVerticle(), new DeploymentOptions().setConfig(config)).await();
    long id = TestInfra.newPlayer(vertx, "Ada", "fighter");
    JsonObject before =
        PlayerContract.ME
            .request(vertx, new Me(id), TIMEOUT)
            .await()
            .json()
            .getJsonObject("character");
    assertEquals(1, before.getInteger("level"));
    assertEquals(0L, before.getLong("xp"));
    PlayerContract.Award award =
        new PlayerContract.Award(
            "test:ada-1",
            320,
            new PlayerContract.Notice(id, 10, "reward", "A purse for you.", new JsonObject()));
    JsonObject first = PlayerContract.AWARD.request(vertx, award, TIMEOUT).await().json();
    assertEquals(true, first.getBoolean("applied"));
    assertEquals(2, first.getInteger("level"));
    JsonObject again = PlayerContract.AWARD.request(vertx, award, TIMEOUT).await().json();
    assertEquals(false, again.getBoolean("applied"), "the same id again changes nothing");
    assertEquals(320L, again.getLong("xp"));

    JsonObject sheet = PlayerContract.ME.request(vertx, new Me(id), TIMEOUT).await().json();
    JsonObject c = sheet.getJsonObject("character");
    assertEquals(320L, c.getLong("xp"));
    assertEquals(2, c.getInteger("level"));
    int con = c.getJsonObject("abilities").getJsonObject("con").getInteger("score");
    int gain = Levels.hitPointsPerLevel(10, con);
    assertEquals(before.getInteger("maxHp") + gain, c.getInteger("maxHp"));
    assertEquals(before.getInteger("hp") + gain, c.getInteger("hp"));
    long rewards =
        sheet.getJsonArray("notices").stream()
            .map(JsonObject.class::cast)
            .filter(n -> n.getString("kind").equals("reward"))
            .count();
    assertEquals(1, rewards, "one notice for one award");
    assertTrue(
        sheet.getJsonArray("notices").stream()
            .map(JsonObject.class::cast)
            .anyMatch(n -> n.getString("text").startsWith("You reach level 2")));
    ReplyException bad =
        failure(
            vertx,
            PlayerContract.AWARD.address(),
            award.toJson().put("id", "Not An Id!").put("xp", -1));
    assertEquals(400, bad.failureCode());
  }

  /**
   * The sheet is one moment of the world: read while a rest ends, it never shows the rest over
   * without the hit points it restored (it was read statement by statement, and a loaded run once
   * saw exactly that).
   */
  @Test
  void aSheetNeverShowsARestOverWithoutItsHitPoints(Vertx vertx) {
    JsonObject config = TestInfra.config();
    vertx.deployVerticle(new ClockVerticle(), new DeploymentOptions().setConfig(config)).await();
    ClockContract.PAUSE.request(vertx, Empty.INSTANCE, TIMEOUT).await();
    vertx.deployVerticle(new PlayerVerticle(), new DeploymentOptions().setConfig(config)).await();
    long id = TestInfra.newPlayer(vertx, "Ren", "fighter");
    Pool pool = Clients.pgPool(vertx, config);
    try {
      int seen = 0;
      for (int round = 0; round < 10; round++) {
        pool.query("UPDATE characters SET hp = 1 WHERE account_id = " + id).execute().await();
        PlayerContract.REST.request(vertx, new PlayerContract.Rest(id, 1, null), TIMEOUT).await();
        Future<?> hour =
            ClockContract.ADVANCE.request(vertx, new ClockContract.Advance(2 * 60), TIMEOUT);
        JsonObject sheet;
        do {
          sheet = PlayerContract.ME.request(vertx, new Me(id), TIMEOUT).await().json();
          JsonObject c = sheet.getJsonObject("character");
          if (sheet.getValue("activity") == null) {
            assertEquals(
                Journeys.restedHitPoints(1, c.getInteger("maxHp"), 1),
                c.getInteger("hp"),
                sheet.encode());
            seen++;
          } else {
            assertEquals("rest", sheet.getJsonObject("activity").getString("kind"));
          }
        } while (sheet.getValue("activity") != null);
        hour.await();
      }
      assertEquals(10, seen, "every rest ended");
    } finally {
      pool.close().await();
    }
  }

  @Test
  void badBodiesAreRefusedInWordsBeforeTheHandler(Vertx vertx) {
    vertx
        .deployVerticle(new PlayerVerticle(), new DeploymentOptions().setConfig(TestInfra.config()))
        .await();
    ReplyException noPlayer =
        failure(vertx, PlayerContract.TRAVEL.address(), new JsonObject().put("to", "millbrook"));
    assertEquals(401, noPlayer.failureCode(), "no player id, no command");
    ReplyException hours =
        failure(
            vertx,
            PlayerContract.WORK.address(),
            new JsonObject().put("playerId", 1).put("job", "dockhand").put("hours", 40));
    assertEquals(400, hours.failureCode());
    assertEquals(
        PlayerContract.Inputs.HOURS.rule(),
        hours.getMessage(),
        "the rule in the declaration's own words");
    ReplyException shortName =
        failure(
            vertx,
            PlayerContract.REGISTER.address(),
            new JsonObject().put("username", "x").put("password", "long enough pass"));
    assertEquals(400, shortName.failureCode());
  }

  static ReplyException failure(Vertx vertx, String address, JsonObject body) {
    try {
      vertx.eventBus().request(address, body).await();
    } catch (ReplyException e) {
      return e;
    }
    throw new AssertionError(address + " accepted " + body.encode());
  }
}
