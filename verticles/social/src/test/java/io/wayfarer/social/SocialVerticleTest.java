package io.wayfarer.social;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.wayfarer.clock.ClockVerticle;
import io.wayfarer.player.PlayerVerticle;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.bus.SessionOnly;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.social.SocialContract;
import io.wayfarer.shared.social.SocialContract.Line;
import io.wayfarer.shared.test.TestInfra;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real SocialVerticle with the real clock (paused) and player verticle on a real bus, against a
 * database of its own: town chat, history, whispers, ignores, limits, mutes and reports.
 */
@ExtendWith(VertxExtension.class)
class SocialVerticleTest {
  static final long TIMEOUT = 30_000;

  /**
   * A slow sustained rate, so a burst is refused however slowly this machine sends it, and a masked
   * word.
   */
  static JsonObject config() {
    return config(5);
  }

  static JsonObject config(int burst) {
    return TestInfra.config(
        new JsonObject()
            .put(
                "social",
                new JsonObject()
                    .put("chatBurst", burst)
                    .put("chatPerSecond", 0.01)
                    .put("whisperPerSecond", 0.01)
                    .put("maskedWords", new JsonArray().add("darn"))));
  }

  static String deploy(Vertx vertx, JsonObject config) {
    vertx.deployVerticle(new ClockVerticle(), new DeploymentOptions().setConfig(config)).await();
    ClockContract.PAUSE.request(vertx, Empty.INSTANCE, TIMEOUT).await();
    vertx.deployVerticle(new PlayerVerticle(), new DeploymentOptions().setConfig(config)).await();
    return deploySocial(vertx, config);
  }

  static String deploySocial(Vertx vertx, JsonObject config) {
    return vertx
        .deployVerticle(new SocialVerticle(), new DeploymentOptions().setConfig(config))
        .await();
  }

  /** A new account with a character in the start town: its player id. */
  static long player(Vertx vertx, String name) {
    return TestInfra.newPlayer(vertx, name, "bard");
  }

  static Line say(Vertx vertx, long player, String text) {
    return SocialContract.SAY
        .request(vertx, new SocialContract.Say(player, text, null), TIMEOUT)
        .await();
  }

  static <T> void waitFor(Vertx vertx, List<T> list, Predicate<T> what) {
    long deadline = System.currentTimeMillis() + TIMEOUT;
    while (list.stream().noneMatch(what)) {
      assertTrue(System.currentTimeMillis() < deadline, "not heard: " + list);
      vertx.timer(20).await();
    }
  }

  static JsonArray notices(Vertx vertx, long player) {
    return PlayerContract.ME
        .request(vertx, new PlayerContract.Me(player), TIMEOUT)
        .await()
        .json()
        .getJsonArray("notices");
  }

  @Test
  void aLineIsHeardInItsTownAndKeptAsText(Vertx vertx) {
    deploy(vertx, config());
    long ada = player(vertx, "Ada");
    long bo = player(vertx, "Bo");
    List<Line> heard = new CopyOnWriteArrayList<>();
    SocialContract.CHAT.consumer(vertx.eventBus(), "redhaven", heard::add).completion().await();

    Line hello = say(vertx, ada, "  Hello <b>Redhaven</b>\u0007\u202e!  ");
    assertEquals("Hello <b>Redhaven</b>!", hello.text(), "trimmed, controls gone, HTML as text");
    assertEquals("Ada", hello.name());
    assertEquals("redhaven", hello.town());
    waitFor(vertx, heard, l -> l.id() == hello.id());

    Line wave = say(vertx, bo, "/me waves back");
    assertTrue(wave.emote());
    assertEquals("waves back", wave.text());
    assertEquals("**** it, the tide", say(vertx, bo, "Darn it, the tide").text(), "masked");

    JsonObject history =
        SocialContract.HISTORY
            .request(vertx, new SocialContract.History(bo, null), TIMEOUT)
            .await()
            .json();
    assertEquals("redhaven", history.getString("town"));
    JsonArray lines = history.getJsonArray("lines");
    assertEquals(3, lines.size(), lines.encode());
    assertEquals(hello.id(), lines.getJsonObject(0).getLong("id"), "oldest first");
    JsonArray before =
        SocialContract.HISTORY
            .request(vertx, new SocialContract.History(bo, wave.id()), TIMEOUT)
            .await()
            .json()
            .getJsonArray("lines");
    assertEquals(1, before.size(), "the page before a line");

    // On the road there is no town to speak in.
    PlayerContract.TRAVEL
        .request(vertx, new PlayerContract.Travel(ada, "millbrook", null), TIMEOUT)
        .await();
    ReplyException road = TestInfra.refused(() -> say(vertx, ada, "anyone?"));
    assertEquals(409, road.failureCode());
    assertTrue(road.getMessage().contains("on the road"), road.getMessage());
  }

  @Test
  void speakingHasLimitsThatSayWhenToTryAgain(Vertx vertx) {
    deploy(vertx, config());
    long cid = player(vertx, "Cid");
    for (int i = 0; i < 5; i++) {
      say(vertx, cid, "line " + i);
    }
    ReplyException fast = TestInfra.refused(() -> say(vertx, cid, "one more"));
    assertEquals(429, fast.failureCode());
    assertTrue(
        fast.getMessage().matches("you are speaking too fast; try again in \\d+ s"),
        fast.getMessage());

    long dee = player(vertx, "Dee");
    say(vertx, dee, "Buy my fish");
    say(vertx, dee, "buy my  FISH");
    ReplyException again = TestInfra.refused(() -> say(vertx, dee, "Buy my fish"));
    assertEquals(429, again.failureCode());
    assertTrue(again.getMessage().startsWith("you said that twice already"), again.getMessage());
    say(vertx, dee, "Fresh fish!");

    ReplyException empty = TestInfra.refused(() -> say(vertx, dee, "\u0001\u0002"));
    assertEquals(400, empty.failureCode(), "nothing left once cleaned");
    ReplyException tooLong =
        TestInfra.refused(
            () ->
                vertx
                    .eventBus()
                    .request(
                        SocialContract.SAY.address(),
                        new JsonObject().put("playerId", dee).put("text", "x".repeat(501)))
                    .await());
    assertEquals(400, tooLong.failureCode());
    assertEquals(SocialContract.Inputs.TEXT.rule(), tooLong.getMessage());
  }

  @Test
  void whispersArriveUnlessIgnoredAndNeverTellWhich(Vertx vertx) {
    deploy(vertx, config());
    long eve = player(vertx, "Eve");
    long fox = player(vertx, "Fox");
    JsonObject delivered =
        SocialContract.WHISPER
            .request(vertx, new SocialContract.Whisper(eve, "fox", "meet me at the docks"), TIMEOUT)
            .await()
            .json();
    assertTrue(
        notices(vertx, fox).stream()
            .map(JsonObject.class::cast)
            .anyMatch(
                n ->
                    "whisper".equals(n.getString("kind"))
                        && n.getString("text").equals("Eve whispers: meet me at the docks")),
        "kept for Fox: " + notices(vertx, fox).encode());

    JsonObject nobody =
        SocialContract.WHISPER
            .request(vertx, new SocialContract.Whisper(eve, "Nobody", "hello?"), TIMEOUT)
            .await()
            .json();
    assertEquals(delivered.put("to", "Nobody"), nobody, "the same answer for nobody");

    JsonObject ignored =
        SocialContract.IGNORE
            .request(vertx, new SocialContract.Ignore(fox, "Eve"), TIMEOUT)
            .await()
            .json();
    assertEquals("Eve", ignored.getJsonArray("ignored").getJsonObject(0).getString("name"));
    JsonObject answer =
        SocialContract.WHISPER
            .request(vertx, new SocialContract.Whisper(eve, "Fox", "are you there?"), TIMEOUT)
            .await()
            .json();
    assertEquals(new JsonObject().put("to", "Fox").put("sent", true), answer);
    // The answer comes after any delivery, so what Fox has now is all Fox will get.
    assertFalse(
        notices(vertx, fox).encode().contains("are you there?"),
        "an ignored whisper never arrives");
    assertEquals(
        "Eve",
        SocialContract.HISTORY
            .request(vertx, new SocialContract.History(fox, null), TIMEOUT)
            .await()
            .json()
            .getJsonArray("ignored")
            .getJsonObject(0)
            .getString("name"),
        "the page is given the list, to hide their lines");

    SocialContract.UNIGNORE.request(vertx, new SocialContract.Ignore(fox, "eve"), TIMEOUT).await();
    // A whisper of the longest kind still arrives: its notice cut to a notice's length, whole in
    // its data.
    String longest = "y".repeat(500);
    SocialContract.WHISPER
        .request(vertx, new SocialContract.Whisper(eve, "Fox", longest), TIMEOUT)
        .await();
    JsonObject cut =
        notices(vertx, fox).stream()
            .map(JsonObject.class::cast)
            .filter(n -> longest.equals(n.getJsonObject("data").getString("text")))
            .findFirst()
            .orElseThrow();
    assertEquals(PlayerContract.Notice.MAX_TEXT, cut.getString("text").length());
    assertTrue(
        cut.getString("text").startsWith("Eve whispers: yyy")
            && cut.getString("text").endsWith("…"));
    SocialContract.WHISPER
        .request(vertx, new SocialContract.Whisper(eve, "Fox", "now?"), TIMEOUT)
        .await();
    assertTrue(notices(vertx, fox).encode().contains("Eve whispers: now?"));
    ReplyException self =
        TestInfra.refused(
            () ->
                SocialContract.IGNORE
                    .request(vertx, new SocialContract.Ignore(fox, "Fox"), TIMEOUT)
                    .await());
    assertEquals(400, self.failureCode());
  }

  @Test
  void aMuteHoldsAcrossARestartIsAuditedAndLifts(Vertx vertx) {
    JsonObject config = config();
    String social = deploy(vertx, config);
    long gus = player(vertx, "Gus");
    SocialContract.MUTE
        .request(
            vertx, new SocialContract.Mute("Gus", 30, "shouting at the market", "warden"), TIMEOUT)
        .await();
    ReplyException muted = TestInfra.refused(() -> say(vertx, gus, "let me speak"));
    assertEquals(403, muted.failureCode());
    assertTrue(
        muted.getMessage().startsWith("you are muted until ")
            && muted.getMessage().endsWith("(shouting at the market)"),
        muted.getMessage());

    vertx.undeploy(social).await();
    deploySocial(vertx, config);
    // The limits live in one verticle's memory: a second against the same database (another
    // process of a cluster) refuses to start.
    Exception second = assertThrows(Exception.class, () -> deploySocial(vertx, config));
    assertTrue(second.getMessage().contains("already running"), second.getMessage());
    assertEquals(403, TestInfra.refused(() -> say(vertx, gus, "and now?")).failureCode(), "kept");
    ReplyException whisper =
        TestInfra.refused(
            () ->
                SocialContract.WHISPER
                    .request(vertx, new SocialContract.Whisper(gus, "Ada", "psst"), TIMEOUT)
                    .await());
    assertEquals(403, whisper.failureCode(), "a mute silences whispers too");

    SocialContract.MUTE
        .request(vertx, new SocialContract.Mute("gus", 0, "served his time", "warden"), TIMEOUT)
        .await();
    assertEquals("let me speak", say(vertx, gus, "let me speak").text());

    Pool pool = Clients.pgPool(vertx, config);
    try {
      List<String> log = new CopyOnWriteArrayList<>();
      pool.query("SELECT action, target, reason, actor FROM moderation_log ORDER BY id")
          .execute()
          .await()
          .forEach(
              r ->
                  log.add(
                      String.join(
                          " ",
                          r.getString("actor"),
                          r.getString("action"),
                          r.getString("target"),
                          r.getString("reason"))));
      assertEquals(
          List.of("warden mute Gus shouting at the market", "warden unmute Gus served his time"),
          log);
      Throwable rewrite =
          pool.query("DELETE FROM moderation_log")
              .execute()
              .transform(ar -> Future.succeededFuture(ar.cause()))
              .await();
      assertTrue(
          rewrite != null && rewrite.getMessage().contains("append-only"),
          "the log cannot be rewritten: " + rewrite);
    } finally {
      pool.close().await();
    }
  }

  @Test
  void aReportKeepsTheLinesAroundIt(Vertx vertx) {
    deploy(vertx, config(20));
    long hal = player(vertx, "Hal");
    long ivy = player(vertx, "Ivy");
    Line bad = null;
    for (int i = 0; i < 14; i++) {
      Line l = say(vertx, i % 2 == 0 ? hal : ivy, "line number " + i);
      if (i == 12) {
        bad = l;
      }
    }
    long reported = bad.id();
    JsonObject first =
        SocialContract.REPORT
            .request(vertx, new SocialContract.Report(ivy, reported, "rude"), TIMEOUT)
            .await()
            .json();
    assertFalse(first.getBoolean("again"));
    assertTrue(
        SocialContract.REPORT
            .request(vertx, new SocialContract.Report(ivy, reported, "rude"), TIMEOUT)
            .await()
            .json()
            .getBoolean("again"),
        "one report per reporter and line");
    JsonObject report =
        SocialContract.REPORTS
            .request(vertx, SessionOnly.INSTANCE, TIMEOUT)
            .await()
            .json()
            .getJsonArray("reports")
            .getJsonObject(0);
    assertEquals(reported, report.getLong("line"));
    assertEquals("Ivy", report.getString("reporter"));
    JsonArray around = report.getJsonObject("evidence").getJsonArray("around");
    assertEquals(12, around.size(), "ten before, the line and the one after: " + around.encode());
    assertEquals("line number 2", around.getJsonObject(0).getString("text"));
    assertEquals("line number 13", around.getJsonObject(11).getString("text"));
  }
}
