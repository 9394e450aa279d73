package io.wayfarer.scripts;

import static io.wayfarer.shared.test.TestInfra.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.wayfarer.clock.ClockVerticle;
import io.wayfarer.events.EventsVerticle;
import io.wayfarer.player.PlayerVerticle;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.quests.QuestsContract;
import io.wayfarer.shared.test.TestInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quest finished by its script, with a pot of one reward a game day: the first player is paid at
 * once, the second is owed until the next day's pot pays; the script's own gift beyond the pot, and
 * its reach into a quest that is not its own, move nothing. Every coin comes from {@code world}
 * through the ledger, and the books balance.
 */
@ExtendWith(VertxExtension.class)
class QuestPotsTest {
  static final long TIMEOUT = 30_000;
  @TempDir Path scripts;
  @TempDir Path quests;
  JsonObject config;
  Pool pool;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    Files.writeString(
        quests.resolve("errand.json"),
        new JsonObject()
            .put("id", "errand")
            .put("name", "An errand")
            .put("giver", new JsonObject().put("town", "redhaven").put("name", "Old Tam"))
            .put("text", "Old Tam needs a letter taken round the corner.")
            .put(
                "steps",
                new JsonArray()
                    .add(new JsonObject().put("text", "Take the letter").put("script", true)))
            .put("reward", new JsonObject().put("coin", "1 gp").put("xp", 10))
            .put("pot", new JsonObject().put("coin", "1 gp 5 sp").put("xp", 15))
            .put("script", "errand")
            .encodePrettily());
    Files.writeString(
        quests.resolve("other.json"),
        new JsonObject()
            .put("id", "other")
            .put("name", "Another's errand")
            .put("giver", new JsonObject().put("town", "redhaven").put("name", "Someone"))
            .put("text", "Not the errand script's to pay from.")
            .put(
                "steps",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("text", "Go")
                            .put(
                                "travel",
                                new JsonObject().put("from", "redhaven").put("to", "millbrook"))))
            .put("reward", new JsonObject().put("coin", "1 gp"))
            .put("pot", new JsonObject().put("coin", "500 gp"))
            .encodePrettily());
    // On taking the errand the script finishes it, then tries to give more than the pot holds, to
    // pay from another quest's pot, and to fail the errand for a player id that is none (which
    // must not mean everyone): all refused by the verticle.
    Files.writeString(
        scripts.resolve("errand.js"),
        """
        world.on('quest', (q) => {
          if (q.event !== 'accepted') return;
          world.advanceQuest('errand', q.playerId);
          world.reward('errand', q.playerId, { coin: '5 gp' }, 'too much');
          world.reward('other', q.playerId, { coin: '100 gp' }, 'not mine to give');
          world.failQuest('errand', 0, 'a slip of the pen');
          world.failQuest('errand', 'nobody', 'another slip');
        });
        """);
    config =
        TestInfra.config(
            new JsonObject()
                .put(
                    "scripts",
                    new JsonObject()
                        .put("dir", scripts.toString())
                        .put("quests", quests.toString())));
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    vertx.deployVerticle(new ClockVerticle(), options).await();
    ClockContract.PAUSE.request(vertx, Empty.INSTANCE, TIMEOUT).await();
    vertx.deployVerticle(new PlayerVerticle(), options).await();
    vertx.deployVerticle(new EventsVerticle(), options).await();
    vertx.deployVerticle(new ScriptsVerticle(), options).await();
    pool = Clients.pgPool(vertx, config);
  }

  @AfterEach
  void close() {
    pool.close().await();
  }

  long coin(long playerId) {
    return Ledger.balance(pool, Ledger.player(playerId), Ledger.COIN).await();
  }

  JsonObject quests(Vertx vertx, long playerId) {
    return QuestsContract.MINE
        .request(vertx, new QuestsContract.Mine(playerId), TIMEOUT)
        .await()
        .json();
  }

  JsonObject sheet(Vertx vertx, long playerId) {
    return PlayerContract.ME
        .request(vertx, new PlayerContract.Me(playerId), TIMEOUT)
        .await()
        .json();
  }

  static JsonObject finished(JsonObject mine, String quest) {
    for (Object o : mine.getJsonArray("finished")) {
      if (quest.equals(((JsonObject) o).getString("quest"))) {
        return (JsonObject) o;
      }
    }
    return null;
  }

  @Test
  void aPotPaysOneRewardADayAndTheNextDayPaysWhatIsOwed(Vertx vertx) throws Exception {
    long first = TestInfra.newPlayer(vertx, "Ama", "fighter");
    long second = TestInfra.newPlayer(vertx, "Bex", "rogue");
    long firstCoin = coin(first);
    long secondCoin = coin(second);
    long world = Ledger.balance(pool, Ledger.WORLD, Ledger.COIN).await();

    QuestsContract.ACCEPT
        .request(vertx, new QuestsContract.Take(first, "errand", null), TIMEOUT)
        .await();
    JsonObject done =
        eventually(
            () -> finished(quests(vertx, first), "errand"),
            f -> f != null && f.getBoolean("rewarded"),
            "the script finishing the first errand");
    assertEquals("completed", done.getString("state"));
    eventually(
        () -> sheet(vertx, first).getJsonObject("character").getLong("xp"),
        xp -> xp == 10,
        "the first reward's experience");
    assertEquals(firstCoin + 100, coin(first), "1 gp; the 5 gp gift was more than the pot held");

    QuestsContract.ACCEPT
        .request(vertx, new QuestsContract.Take(second, "errand", null), TIMEOUT)
        .await();
    JsonObject owed =
        eventually(
            () -> finished(quests(vertx, second), "errand"),
            f -> f != null,
            "the script finishing the second errand");
    assertEquals("completed", owed.getString("state"));
    assertEquals(false, owed.getBoolean("rewarded"), "today's pot is spent: the reward is owed");
    assertEquals(secondCoin, coin(second));
    eventually(
        () -> sheet(vertx, second).getJsonArray("notices"),
        notices ->
            notices.stream()
                .map(JsonObject.class::cast)
                .anyMatch(n -> n.getString("text").contains("your reward follows")),
        "the player told the reward is owed");

    // The next game day's pot pays it.
    ClockContract.ADVANCE.request(vertx, new ClockContract.Advance(24 * 60), TIMEOUT).await();
    eventually(
        () -> finished(quests(vertx, second), "errand").getBoolean("rewarded"),
        paid -> paid,
        "the owed reward paid the next day");
    assertEquals(secondCoin + 100, coin(second));
    assertEquals(
        world - 200,
        Ledger.balance(pool, Ledger.WORLD, Ledger.COIN).await(),
        "two rewards from world, no more: the gift beyond the pot and the other quest's coin never"
            + " moved");
    assertTrue(Ledger.imbalances(pool).await().isEmpty(), "the books balance");

    ReplyException twice =
        assertThrowsReply(
            () ->
                QuestsContract.ACCEPT
                    .request(vertx, new QuestsContract.Take(first, "errand", null), TIMEOUT)
                    .await());
    assertEquals(409, twice.failureCode(), "a quest done is done");
  }

  static ReplyException assertThrowsReply(Supplier<Document> call) {
    try {
      call.get();
    } catch (ReplyException e) {
      return e;
    }
    throw new AssertionError("no refusal");
  }
}
