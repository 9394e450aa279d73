package io.wayfarer.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.Empty;
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
