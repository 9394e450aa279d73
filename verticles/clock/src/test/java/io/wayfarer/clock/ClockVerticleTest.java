package io.wayfarer.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.test.TestInfra;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real ClockVerticle on a real bus and a real PostgreSQL (a database of this class's own). */
@ExtendWith(VertxExtension.class)
class ClockVerticleTest {

  /** A fast clock: one game minute every 10 ms. */
  static JsonObject fastClock(JsonObject base) {
    return base.copy()
        .put("clock", base.getJsonObject("clock").copy().put("secondsPerGameHour", 0.6));
  }

  static String deploy(Vertx vertx, JsonObject config) {
    return vertx
        .deployVerticle(new ClockVerticle(), new DeploymentOptions().setConfig(config))
        .await();
  }

  static WorldTime request(Vertx vertx, String address, JsonObject body) {
    return WorldTime.fromJson(vertx.eventBus().<JsonObject>request(address, body).await().body());
  }

  @Test
  void publishesATickEveryGameMinute(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, fastClock(TestInfra.config()));
    List<Long> minutes = new ArrayList<>();
    Checkpoint ticks = ctx.laxCheckpoint(10);
    vertx
        .eventBus()
        .<JsonObject>consumer(
            ClockContract.TICKS,
            msg ->
                ctx.verify(
                    () -> {
                      WorldTime t = WorldTime.fromJson(msg.body());
                      if (!minutes.isEmpty()) {
                        // A minute a tick, or several as one when the clock was held up: time
                        // only moves forward, and never repeats.
                        assertTrue(
                            t.gameMinutes() > minutes.get(minutes.size() - 1),
                            "each tick later than the last: "
                                + minutes
                                + " then "
                                + t.gameMinutes());
                      }
                      minutes.add(t.gameMinutes());
                      assertTrue(
                          t.hour() >= 0 && t.hour() < 24 && t.minute() >= 0 && t.minute() < 60);
                      ticks.flag();
                    }));
  }

  @Test
  void everyMinuteIsSavedBeforeItIsAnnounced(Vertx vertx, VertxTestContext ctx) {
    // So a kill -9 never makes a restart announce a minute twice: whatever was heard, the database
    // had first.
    JsonObject config = fastClock(TestInfra.config());
    deploy(vertx, config);
    Pool pool = Clients.pgPool(vertx, config);
    Checkpoint checked = ctx.laxCheckpoint(30);
    vertx
        .eventBus()
        .<JsonObject>consumer(
            ClockContract.TICKS,
            msg -> {
              long announced = WorldTime.fromJson(msg.body()).gameMinutes();
              pool.query("SELECT game_minutes FROM clock_state")
                  .execute()
                  .onComplete(
                      ctx.succeeding(
                          rows ->
                              ctx.verify(
                                  () -> {
                                    long saved = rows.iterator().next().getLong(0);
                                    assertTrue(
                                        saved >= announced,
                                        "minute "
                                            + announced
                                            + " was announced while the database had "
                                            + saved);
                                    checked.flag();
                                  })));
            });
  }

  @Test
  void aNewWorldStartsAtTheEpochAndAnswersNow(Vertx vertx) {
    deploy(vertx, TestInfra.config());
    WorldTime t = request(vertx, ClockContract.NOW, new JsonObject());
    assertEquals(1247, t.year());
    assertEquals(3, t.month());
    assertEquals("Seedtime", t.monthName());
    assertEquals(1, t.day());
    assertEquals(5, t.hour());
    assertEquals("spring", t.season());
    assertEquals("dawn", t.phase().key());
    assertEquals(60.0, t.secondsPerGameHour());
  }

  @Test
  void pauseStopsTimeAndResumeRestartsIt(Vertx vertx) throws Exception {
    deploy(vertx, fastClock(TestInfra.config()));
    WorldTime paused = request(vertx, ClockContract.ADMIN_PAUSE, new JsonObject());
    assertTrue(paused.paused());
    List<JsonObject> ticksWhilePaused = new ArrayList<>();
    var consumer =
        vertx
            .eventBus()
            .<JsonObject>consumer(ClockContract.TICKS, m -> ticksWhilePaused.add(m.body()));
    consumer.completion().await();
    Thread.sleep(300);
    assertEquals(0, ticksWhilePaused.size(), "no ticks while paused");
    assertEquals(
        paused.gameMinutes(), request(vertx, ClockContract.NOW, new JsonObject()).gameMinutes());
    consumer.unregister().await();

    WorldTime resumed = request(vertx, ClockContract.ADMIN_RESUME, new JsonObject());
    assertTrue(minutesPass(vertx, resumed.gameMinutes(), 5), "time runs again");
  }

  @Test
  void timeScaleChangesTheTickRate(Vertx vertx) throws Exception {
    deploy(vertx, TestInfra.config());
    WorldTime before = request(vertx, ClockContract.NOW, new JsonObject());
    Thread.sleep(400);
    // At the default scale (a minute a second) well under two minutes pass in 400 ms.
    assertTrue(
        request(vertx, ClockContract.NOW, new JsonObject()).gameMinutes() - before.gameMinutes()
            <= 1);
    WorldTime scaled =
        request(vertx, ClockContract.ADMIN_SCALE, new JsonObject().put("secondsPerGameHour", 0.6));
    assertEquals(0.6, scaled.secondsPerGameHour());
    // Ten minutes at this pace take 100 ms; a loaded machine may take longer, never forever.
    assertTrue(minutesPass(vertx, scaled.gameMinutes(), 10), "a fast clock moves on");
  }

  @Test
  void advanceMovesTimeForwardAndAnnouncesThePhase(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, TestInfra.config());
    WorldTime before = request(vertx, ClockContract.NOW, new JsonObject());
    Checkpoint announced = ctx.laxCheckpoint();
    vertx
        .eventBus()
        .<JsonObject>consumer(
            ClockContract.PHASE_CHANGED,
            msg ->
                ctx.verify(
                    () -> {
                      ClockContract.Change change = ClockContract.Change.fromJson(msg.body());
                      assertEquals("dawn", change.from());
                      assertEquals("day", change.to());
                      announced.flag();
                    }))
        .completion()
        .onComplete(
            ctx.succeeding(
                v ->
                    vertx
                        .eventBus()
                        .<JsonObject>request(
                            ClockContract.ADMIN_ADVANCE, new JsonObject().put("minutes", 120))
                        .onComplete(
                            ctx.succeeding(
                                reply ->
                                    ctx.verify(
                                        () -> {
                                          WorldTime after = WorldTime.fromJson(reply.body());
                                          assertTrue(
                                              after.gameMinutes() >= before.gameMinutes() + 120);
                                          assertEquals("day", after.phase().key());
                                        })))));
  }

  @Test
  void badAdminCommandsAreRefusedAndChangeNothing(Vertx vertx) {
    deploy(vertx, TestInfra.config());
    request(vertx, ClockContract.ADMIN_PAUSE, new JsonObject());
    WorldTime before = request(vertx, ClockContract.NOW, new JsonObject());
    List<JsonObject> advances =
        List.of(
            new JsonObject(),
            new JsonObject().put("minutes", 0),
            new JsonObject().put("minutes", -5),
            new JsonObject().put("minutes", 1.5),
            new JsonObject().put("minutes", "ten"),
            new JsonObject().put("minutes", ClockContract.MAX_ADVANCE_MINUTES + 1));
    for (JsonObject body : advances) {
      assertBadRequest(vertx, ClockContract.ADMIN_ADVANCE, body);
    }
    for (Object scale : new Object[] {0, -1, 0.01, 1e9, "fast"}) {
      assertBadRequest(
          vertx, ClockContract.ADMIN_SCALE, new JsonObject().put("secondsPerGameHour", scale));
    }
    WorldTime after = request(vertx, ClockContract.NOW, new JsonObject());
    assertEquals(before.gameMinutes(), after.gameMinutes());
    assertEquals(before.secondsPerGameHour(), after.secondsPerGameHour());
  }

  @Test
  void worldTimeSurvivesUndeployAndRedeploy(Vertx vertx) {
    JsonObject config = fastClock(TestInfra.config());
    String id = deploy(vertx, config);
    WorldTime advanced =
        request(vertx, ClockContract.ADMIN_ADVANCE, new JsonObject().put("minutes", 5000));
    WorldTime last = request(vertx, ClockContract.NOW, new JsonObject());
    vertx.undeploy(id).await();
    deploy(vertx, config);
    WorldTime resumed = request(vertx, ClockContract.NOW, new JsonObject());
    assertTrue(
        resumed.gameMinutes() >= last.gameMinutes(),
        "no going back in time: " + resumed.gameMinutes() + " < " + last.gameMinutes());
    assertTrue(resumed.gameMinutes() < last.gameMinutes() + 100, "downtime ignored by default");
    assertTrue(advanced.gameMinutes() >= 5000);
  }

  @Test
  void aSecondClockOnTheSameWorldRefusesToStart(Vertx vertx) {
    JsonObject config = TestInfra.config();
    String first = deploy(vertx, config);
    try {
      deploy(vertx, config);
      throw new AssertionError("a second clock started");
    } catch (io.wayfarer.shared.Refusal e) {
      assertTrue(e.getMessage().contains("another clock"), e.getMessage());
    }
    // The first keeps ticking, and once it is gone another may take its place.
    request(vertx, ClockContract.NOW, new JsonObject());
    vertx.undeploy(first).await();
    deploy(vertx, config);
    request(vertx, ClockContract.NOW, new JsonObject());
  }

  @Test
  void pausedStaysPausedAcrossARedeploy(Vertx vertx) {
    JsonObject config = TestInfra.config();
    String id = deploy(vertx, config);
    WorldTime paused = request(vertx, ClockContract.ADMIN_PAUSE, new JsonObject());
    vertx.undeploy(id).await();
    deploy(vertx, config);
    WorldTime after = request(vertx, ClockContract.NOW, new JsonObject());
    assertTrue(after.paused());
    assertEquals(paused.gameMinutes(), after.gameMinutes());
  }

  @Test
  void withIgnoreDowntimeOffTheClockCatchesUp(Vertx vertx) throws Exception {
    JsonObject config = fastClock(TestInfra.config());
    config.getJsonObject("clock").put("ignoreDowntime", false);
    String id = deploy(vertx, config);
    vertx.undeploy(id).await();
    long stopped = savedMinutes(vertx, config);
    Thread.sleep(1000);
    deploy(vertx, config);
    WorldTime resumed = request(vertx, ClockContract.NOW, new JsonObject());
    // A second of downtime at 10 ms a game minute is worth about 100 minutes.
    assertTrue(
        resumed.gameMinutes() >= stopped + 80,
        "caught up from " + stopped + " to " + resumed.gameMinutes());
  }

  /** Whether more than {@code minutes} pass after {@code from}, waiting generously for it. */
  static boolean minutesPass(Vertx vertx, long from, long minutes) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      if (request(vertx, ClockContract.NOW, new JsonObject()).gameMinutes() > from + minutes) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  /** The world time as saved in PostgreSQL, read directly while no clock is deployed. */
  static long savedMinutes(Vertx vertx, JsonObject config) {
    Pool pool = Clients.pgPool(vertx, config);
    try {
      return pool.query("SELECT game_minutes FROM clock_state")
          .execute()
          .await()
          .iterator()
          .next()
          .getLong(0);
    } finally {
      pool.close().await();
    }
  }

  static void assertBadRequest(Vertx vertx, String address, JsonObject body) {
    try {
      vertx.eventBus().request(address, body).await(5, TimeUnit.SECONDS);
      throw new AssertionError(address + " accepted " + body);
    } catch (ReplyException e) {
      assertEquals(400, e.failureCode(), address + " " + body + ": " + e.getMessage());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(address + " did not answer", e);
    }
  }
}
