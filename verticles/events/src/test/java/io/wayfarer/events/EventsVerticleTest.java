package io.wayfarer.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wayfarer.clock.ClockVerticle;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.events.EventsContract;
import io.wayfarer.shared.events.EventsContract.End;
import io.wayfarer.shared.events.EventsContract.Raise;
import io.wayfarer.shared.events.WorldEvent;
import io.wayfarer.shared.test.TestInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real EventsVerticle with the real clock on a real bus, against a database of its own:
 * raising, listing, ending (by time and by an admin), republishing at start, refusals, and the
 * odds.
 */
@ExtendWith(VertxExtension.class)
class EventsVerticleTest {
  static final long TIMEOUT = 30_000;

  /** The clock, paused so that each game hour comes when the test says, and the events verticle. */
  static String deploy(Vertx vertx, JsonObject config) {
    vertx.deployVerticle(new ClockVerticle(), new DeploymentOptions().setConfig(config)).await();
    ClockContract.PAUSE.request(vertx, Empty.INSTANCE, TIMEOUT).await();
    return deployEvents(vertx, config);
  }

  static String deployEvents(Vertx vertx, JsonObject config) {
    return vertx
        .deployVerticle(new EventsVerticle(), new DeploymentOptions().setConfig(config))
        .await();
  }

  static List<WorldEvent> heard(Vertx vertx) {
    List<WorldEvent> heard = new CopyOnWriteArrayList<>();
    EventsContract.EVENT.consumer(vertx.eventBus(), heard::add).completion().await();
    return heard;
  }

  static <T> void waitFor(Vertx vertx, List<T> list, Predicate<T> what, String description) {
    long deadline = System.currentTimeMillis() + TIMEOUT;
    while (list.stream().noneMatch(what)) {
      assertTrue(System.currentTimeMillis() < deadline, description + ": " + list);
      vertx.timer(20).await();
    }
  }

  static JsonArray active(Vertx vertx) {
    return EventsContract.LIST
        .request(vertx, Empty.INSTANCE, TIMEOUT)
        .await()
        .json()
        .getJsonArray("active");
  }

  static boolean listed(JsonArray active, long id) {
    return active.stream().anyMatch(e -> ((JsonObject) e).getLong("id") == id);
  }

  static WorldTime advance(Vertx vertx, long minutes) {
    return ClockContract.ADVANCE
        .request(vertx, new ClockContract.Advance(minutes), TIMEOUT)
        .await();
  }

  static ReplyException refusal(Runnable request) {
    try {
      request.run();
    } catch (ReplyException e) {
      return e;
    }
    throw new AssertionError("the request was not refused");
  }

  @Test
  void anAdminRaisesAnEventAndEndsItEarly(Vertx vertx) {
    deploy(vertx, TestInfra.config());
    List<WorldEvent> heard = heard(vertx);
    WorldTime now = ClockContract.TIME.request(vertx, Empty.INSTANCE, TIMEOUT).await();

    WorldEvent festival =
        EventsContract.RAISE
            .request(vertx, new Raise("festival", "millbrook", 2, 12, null, "warden"), TIMEOUT)
            .await();
    assertEquals("millbrook", festival.town());
    assertEquals(now.gameMinutes(), festival.startsAt());
    assertEquals(now.gameMinutes() + 12 * 60, festival.endsAt());
    assertTrue(festival.text().contains("Millbrook"), "the type's words, with the town's name");
    waitFor(vertx, heard, e -> e.id() == festival.id() && !e.ended(), "its start is published");
    assertTrue(listed(active(vertx), festival.id()), "it is in force");

    advance(vertx, 30);
    WorldEvent over =
        EventsContract.END.request(vertx, new End(festival.id(), "warden"), TIMEOUT).await();
    assertTrue(over.ended());
    assertEquals(now.gameMinutes() + 30, over.endsAt(), "it ends now, not at its planned end");
    waitFor(vertx, heard, e -> e.id() == festival.id() && e.ended(), "its end is published");
    assertFalse(listed(active(vertx), festival.id()), "it is no longer in force");

    ReplyException again =
        refusal(
            () ->
                EventsContract.END
                    .request(vertx, new End(festival.id(), "warden"), TIMEOUT)
                    .await());
    assertEquals(404, again.failureCode());
    assertTrue(again.getMessage().contains("in force"), again.getMessage());
  }

  @Test
  void badRaisesAreRefusedInWordsAndChangeNothing(Vertx vertx) {
    deploy(vertx, TestInfra.config());
    ReplyException type =
        refusal(
            () ->
                EventsContract.RAISE
                    .request(vertx, new Raise("dragons", "redhaven", 3, 6, null, "w"), TIMEOUT)
                    .await());
    assertEquals(400, type.failureCode());
    assertTrue(type.getMessage().startsWith("type must be one of"), type.getMessage());
    ReplyException town =
        refusal(
            () ->
                EventsContract.RAISE
                    .request(vertx, new Raise("storm", "atlantis", 3, 6, null, "w"), TIMEOUT)
                    .await());
    assertEquals(400, town.failureCode());
    assertTrue(town.getMessage().startsWith("town must be one of"), town.getMessage());
    // Out of range, sent as raw JSON past the sender's own check: refused by the declaration on
    // the owner's side, before the handler.
    ReplyException severity =
        refusal(
            () ->
                vertx
                    .eventBus()
                    .request(
                        EventsContract.RAISE.address(),
                        new JsonObject()
                            .put("type", "storm")
                            .put("town", "redhaven")
                            .put("severity", 9))
                    .await());
    assertEquals(400, severity.failureCode());
    assertTrue(severity.getMessage().contains("severity"), severity.getMessage());
    assertEquals(0, active(vertx).size(), "nothing was raised");
  }

  @Test
  void anEventEndsWhenItsTimeIsOver(Vertx vertx) {
    deploy(vertx, TestInfra.config());
    List<WorldEvent> heard = heard(vertx);
    WorldEvent storm =
        EventsContract.RAISE
            .request(vertx, new Raise("storm", "saltmere", 3, 3, null, "warden"), TIMEOUT)
            .await();
    advance(vertx, 2 * 60);
    assertTrue(listed(active(vertx), storm.id()), "two hours into three, it goes on");
    advance(vertx, 2 * 60);
    waitFor(vertx, heard, e -> e.id() == storm.id() && e.ended(), "its end is published");
    assertFalse(listed(active(vertx), storm.id()));
  }

  @Test
  void aRestartedOwnerPublishesEveryEventInForce(Vertx vertx) {
    JsonObject config = TestInfra.config();
    String events = deploy(vertx, config);
    WorldEvent bandits =
        EventsContract.RAISE
            .request(vertx, new Raise("bandits", "redhaven", 4, 24, null, "warden"), TIMEOUT)
            .await();
    vertx.undeploy(events).await();

    List<EventsContract.Active> lists = new CopyOnWriteArrayList<>();
    EventsContract.ACTIVE.consumer(vertx.eventBus(), lists::add).completion().await();
    deployEvents(vertx, config);
    waitFor(
        vertx,
        lists,
        l -> l.active().stream().anyMatch(e -> e.id() == bandits.id() && e.severity() == 4),
        "the list published at start has the bandits");
    assertTrue(listed(active(vertx), bandits.id()), "and it answers with them");
  }

  @Test
  void aSecondOwnerIsRefused(Vertx vertx) {
    JsonObject config = TestInfra.config();
    deploy(vertx, config);
    Throwable refused =
        vertx
            .deployVerticle(new EventsVerticle(), new DeploymentOptions().setConfig(config))
            .transform(ar -> Future.succeededFuture(ar.cause()))
            .await();
    assertTrue(refused instanceof Refusal r && r.code() == 409, String.valueOf(refused));
  }

  /**
   * The odds of events.json, drawn each game hour: a kind certain in every season comes at once.
   */
  @Test
  void theOddsRaiseEventsByChance(Vertx vertx, @TempDir Path dir) throws Exception {
    JsonObject eventsFile =
        new JsonObject(Files.readString(TestInfra.root().resolve("conf/world/events.json")));
    for (Object o : eventsFile.getJsonArray("events")) {
      JsonObject kind = (JsonObject) o;
      kind.put(
          "chancePerHour",
          "market_day".equals(kind.getString("id"))
              ? new JsonObject().put("spring", 1).put("summer", 1).put("autumn", 1).put("winter", 1)
              : new JsonObject());
    }
    Path file = dir.resolve("events.json");
    Files.writeString(file, eventsFile.encodePrettily());
    JsonObject config =
        TestInfra.config(
            new JsonObject()
                .put("world", new JsonObject().put("events", file.toString()))
                .put("events", new JsonObject().put("randomEvents", true)));
    deploy(vertx, config);
    List<WorldEvent> heard = heard(vertx);
    advance(vertx, 60);
    for (String town : List.of("redhaven", "millbrook", "stonebridge", "saltmere", "oakhollow")) {
      waitFor(
          vertx,
          heard,
          e -> e.town().equals(town) && e.type().equals("market_day") && !e.ended(),
          "a market day in " + town);
    }
    assertTrue(
        heard.stream().allMatch(e -> e.type().equals("market_day")), "only the certain kind");
  }
}
