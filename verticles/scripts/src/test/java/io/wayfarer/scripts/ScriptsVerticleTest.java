package io.wayfarer.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wayfarer.clock.ClockVerticle;
import io.wayfarer.events.EventsVerticle;
import io.wayfarer.player.PlayerVerticle;
import io.wayfarer.shared.bus.SessionOnly;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.events.EventsContract;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.scripts.ScriptsContract;
import io.wayfarer.shared.test.TestInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripts verticle over the real bus with the real clock, player and events verticles: the
 * shipped festival script tells everyone in the town, a looping script is stopped and then disabled
 * while the clock ticks on and the other scripts keep working, and an admin's reload replaces a
 * script, or refuses a broken file and keeps the old one running.
 */
@ExtendWith(VertxExtension.class)
class ScriptsVerticleTest {
  @TempDir Path scripts;
  JsonObject config;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    Files.copy(
        TestInfra.root().resolve("conf/world/scripts/festival.js"), scripts.resolve("festival.js"));
    Files.writeString(
        scripts.resolve("loop.js"),
        "world.on('event', (e) => { if (e.type === 'storm') { while (true) {} } });\n");
    Files.writeString(
        scripts.resolve("greeter.js"),
        "world.on('arrival', (d) => world.noticeTown(d.town,"
            + " `${d.details.character.name} rides in from ${d.details.from}.`));\n");
    config =
        TestInfra.config(
            new JsonObject()
                .put(
                    "scripts",
                    new JsonObject()
                        .put("dir", scripts.toString())
                        // These scripts alone: the shipped quests name scripts not copied here.
                        .put("quests", "")
                        .put("statementsPerCall", 100_000)
                        .put("maxFaults", 2)));
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    vertx.deployVerticle(new ClockVerticle(), options).await();
    vertx.deployVerticle(new PlayerVerticle(), options).await();
    vertx.deployVerticle(new EventsVerticle(), options).await();
    vertx.deployVerticle(new ScriptsVerticle(), options).await();
  }

  private static JsonObject raise(Vertx vertx, String type) {
    return EventsContract.RAISE
        .request(vertx, new EventsContract.Raise(type, "redhaven", null, 6, null, "warden"), 30_000)
        .await()
        .toJson();
  }

  private static JsonObject script(Vertx vertx, String name) {
    JsonArray all =
        ScriptsContract.LIST
            .request(vertx, SessionOnly.INSTANCE, 30_000)
            .await()
            .json()
            .getJsonArray("scripts");
    for (Object o : all) {
      if (((JsonObject) o).getString("name").equals(name)) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError("no script " + name + " in " + all);
  }

  /** Waits (up to a minute: a busy machine is slow, not wrong) until the script says so. */
  private static JsonObject until(Vertx vertx, String name, Predicate<JsonObject> done)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    JsonObject s = script(vertx, name);
    while (!done.test(s) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      s = script(vertx, name);
    }
    assertTrue(done.test(s), s.encode());
    return s;
  }

  @Test
  void aFestivalIsNewsToEveryoneInItsTown(Vertx vertx) {
    long player = TestInfra.newPlayer(vertx, "Mara", "fighter");
    Promise<JsonObject> heard = Promise.promise();
    MessageConsumer<JsonObject> inbox =
        PlayerContract.INBOX.consumer(
            vertx.eventBus(),
            player,
            n -> {
              if ("news".equals(n.json().getString("kind"))) {
                heard.tryComplete(n.json());
              }
            });
    inbox.completion().await();
    raise(vertx, "festival");
    JsonObject notice = heard.future().timeout(2, TimeUnit.MINUTES).await();
    assertTrue(
        notice.getString("text").contains("the festival has begun and lasts 6 hours"),
        notice.encode());
    JsonObject me =
        PlayerContract.ME.request(vertx, new PlayerContract.Me(player), 30_000).await().json();
    assertTrue(
        me.encode().contains("the festival has begun"), "the notice is kept: " + me.encode());
  }

  /** A player's arrival is a deed scripts hear, with the public part of the sheet. */
  @Test
  void aScriptHearsAPlayersArrival(Vertx vertx) {
    long player = TestInfra.newPlayer(vertx, "Tove", "ranger");
    Promise<JsonObject> heard = Promise.promise();
    MessageConsumer<JsonObject> inbox =
        PlayerContract.INBOX.consumer(
            vertx.eventBus(),
            player,
            n -> {
              if (n.json().getString("text").contains("rides in")) {
                heard.tryComplete(n.json());
              }
            });
    inbox.completion().await();
    PlayerContract.TRAVEL
        .request(vertx, new PlayerContract.Travel(player, "millbrook", null), 30_000)
        .await();
    ClockContract.ADVANCE.request(vertx, new ClockContract.Advance(7 * 60), 30_000).await();
    JsonObject notice = heard.future().timeout(2, TimeUnit.MINUTES).await();
    assertEquals("Tove rides in from redhaven.", notice.getString("text"));
  }

  @Test
  void aLoopingScriptIsStoppedThenDisabledWhileTheWorldCarriesOn(Vertx vertx) throws Exception {
    AtomicLong lastMinute = new AtomicLong(-1);
    MessageConsumer<JsonObject> ticks =
        ClockContract.CLOCK.consumer(vertx.eventBus(), t -> lastMinute.set(t.gameMinutes()));
    ticks.completion().await();
    raise(vertx, "storm");
    JsonObject once = until(vertx, "loop", s -> s.getInteger("faults") >= 1);
    assertEquals("statements", once.getJsonObject("lastFault").getString("kind"));
    assertEquals("loop.js:1", once.getJsonObject("lastFault").getString("where"));
    long minuteAfterFirstFault = lastMinute.get();
    raise(vertx, "storm");
    JsonObject disabled = until(vertx, "loop", s -> "disabled".equals(s.getString("state")));
    assertEquals(2, disabled.getInteger("faults"));
    // The clock went on meanwhile, and the other script still works.
    long deadline = System.currentTimeMillis() + 60_000;
    while (lastMinute.get() <= minuteAfterFirstFault && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(lastMinute.get() > minuteAfterFirstFault, "the clock ticked on");
    assertEquals("running", script(vertx, "festival").getString("state"));
  }

  @Test
  void reloadingAllKeepsWhatDoesNotLoadAndStopsWhatIsGone(Vertx vertx) throws Exception {
    Files.writeString(scripts.resolve("festival.js"), "world.on('event', (\n");
    Files.delete(scripts.resolve("loop.js"));
    Files.writeString(scripts.resolve("dusk.js"), "world.on('phase', () => world.log('dusk'));\n");
    JsonObject all =
        ScriptsContract.RELOAD
            .request(vertx, new ScriptsContract.Reload(null, "warden"), 30_000)
            .await()
            .json();
    String listed = all.encode();
    assertTrue(!listed.contains("\"loop\""), "its file is gone: " + listed);
    assertEquals(new JsonArray().add("phase"), script(vertx, "dusk").getJsonArray("listensTo"));
    JsonObject festival = script(vertx, "festival");
    assertEquals("running", festival.getString("state"), "the old festival runs on: " + festival);
    assertEquals(new JsonArray().add("event"), festival.getJsonArray("listensTo"));
    assertEquals("syntax", festival.getJsonObject("lastFault").getString("kind"));
  }

  @Test
  void anAdminReloadsAScriptAndABrokenFileChangesNothing(Vertx vertx) throws Exception {
    Files.writeString(
        scripts.resolve("loop.js"), "world.on('season', () => world.log('spring'));\n");
    JsonObject reloaded =
        ScriptsContract.RELOAD
            .request(vertx, new ScriptsContract.Reload("loop", "warden"), 30_000)
            .await()
            .json();
    assertTrue(reloaded.encode().contains("\"listensTo\":[\"season\"]"), reloaded.encode());

    Files.writeString(scripts.resolve("loop.js"), "world.on('season', (\n");
    ReplyException refused =
        TestInfra.refused(
            () ->
                ScriptsContract.RELOAD
                    .request(vertx, new ScriptsContract.Reload("loop", "warden"), 30_000)
                    .await());
    assertEquals(400, refused.failureCode());
    assertTrue(refused.getMessage().startsWith("loop.js:"), refused.getMessage());
    assertEquals(
        new JsonArray().add("season"),
        script(vertx, "loop").getJsonArray("listensTo"),
        "the running script stays");

    ReplyException unknown =
        TestInfra.refused(
            () ->
                ScriptsContract.RELOAD
                    .request(vertx, new ScriptsContract.Reload("nosuch", "warden"), 30_000)
                    .await());
    assertEquals(404, unknown.failureCode());
  }
}
