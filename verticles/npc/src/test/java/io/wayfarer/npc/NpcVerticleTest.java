package io.wayfarer.npc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wayfarer.clock.ClockVerticle;
import io.wayfarer.events.EventsVerticle;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.bus.TownRef;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.events.EventsContract;
import io.wayfarer.shared.market.MarketContract;
import io.wayfarer.shared.market.MarketContract.Supply;
import io.wayfarer.shared.npc.NpcContract;
import io.wayfarer.shared.test.TestInfra;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real NpcVerticle on a real bus with the real clock (paused, so each game hour comes when the
 * test says) and the real events verticle, against a database of its own. This test stands where
 * the market stands: it takes the townsfolk's supply batches and keeps them.
 */
@ExtendWith(VertxExtension.class)
class NpcVerticleTest {
  static final long TIMEOUT = 30_000;

  /** What the townsfolk sent to the market, batch by batch. */
  final List<Supply> supplied = new CopyOnWriteArrayList<>();

  void deploy(Vertx vertx) {
    JsonObject config = TestInfra.config();
    vertx
        .eventBus()
        .<JsonObject>consumer(
            MarketContract.SUPPLY.address(),
            m -> {
              supplied.add(Supply.fromJson(m.body()));
              m.reply(m.body());
            })
        .completion()
        .await();
    vertx.deployVerticle(new ClockVerticle(), new DeploymentOptions().setConfig(config)).await();
    ClockContract.PAUSE.request(vertx, Empty.INSTANCE, TIMEOUT).await();
    vertx.deployVerticle(new EventsVerticle(), new DeploymentOptions().setConfig(config)).await();
    vertx.deployVerticle(new NpcVerticle(), new DeploymentOptions().setConfig(config)).await();
  }

  static JsonObject whereabouts(Vertx vertx, String town, Predicate<JsonObject> until) {
    long deadline = System.currentTimeMillis() + TIMEOUT;
    while (true) {
      JsonObject w =
          NpcContract.WHEREABOUTS.request(vertx, new TownRef(town), TIMEOUT).await().json();
      if (until.test(w)) {
        return w;
      }
      assertTrue(System.currentTimeMillis() < deadline, town + "'s townsfolk: " + w.encode());
      vertx.timer(20).await();
    }
  }

  static int count(JsonObject whereabouts, String place) {
    return whereabouts.getJsonArray("places").stream()
        .map(JsonObject.class::cast)
        .filter(p -> place.equals(p.getString("place")))
        .mapToInt(p -> p.getInteger("count"))
        .sum();
  }

  /** Moves the paused clock on by {@code minutes} and waits until the townsfolk have lived it. */
  static long advance(Vertx vertx, long minutes) {
    WorldTime t =
        ClockContract.ADVANCE.request(vertx, new ClockContract.Advance(minutes), TIMEOUT).await();
    long hour = t.gameMinutes() / 60;
    whereabouts(vertx, "redhaven", w -> w.getLong("gameHour", -1L) >= hour);
    return hour;
  }

  @Test
  void eachHourTheTownsfolkMoveAndSupplyTheMarkets(Vertx vertx) {
    deploy(vertx);
    JsonObject now = whereabouts(vertx, "redhaven", w -> w.getInteger("population", 0) > 0);
    assertTrue(count(now, "home") + count(now, "gate") > 0, now.encode());
    ReplyException unknown =
        assertThrowsReply(
            () -> NpcContract.WHEREABOUTS.request(vertx, new TownRef("atlantis"), TIMEOUT).await());
    assertEquals(404, unknown.failureCode());

    List<JsonObject> published = new CopyOnWriteArrayList<>();
    NpcContract.TOWNSFOLK
        .consumer(vertx.eventBus(), "millbrook", w -> published.add(w.json()))
        .completion()
        .await();
    long hour = advance(vertx, 3 * 60);
    long deadline = System.currentTimeMillis() + TIMEOUT;
    while (published.stream().noneMatch(w -> w.getLong("gameHour") == hour)) {
      assertTrue(System.currentTimeMillis() < deadline, "millbrook's hour is published");
      vertx.timer(20).await();
    }
    // Three hours of work reached the market: every batch is one town's, in goods the world has.
    List<String> goods = List.copyOf(TestInfra.world().goods().keySet());
    assertTrue(!supplied.isEmpty(), "the townsfolk supplied the markets");
    for (Supply batch : supplied) {
      String town = batch.batch().get(0).town();
      assertTrue(batch.batch().stream().allMatch(c -> c.town().equals(town)), batch.toString());
      assertTrue(batch.batch().stream().allMatch(c -> goods.contains(c.good())), batch.toString());
      assertTrue(batch.batch().stream().allMatch(c -> c.delta() != 0), batch.toString());
    }
    assertTrue(
        supplied.stream()
            .flatMap(b -> b.batch().stream())
            .anyMatch(c -> c.delta() < 0 && c.reason().startsWith("used by the townsfolk")),
        "townsfolk eat and drink what the market has");
  }

  @Test
  void banditsSendOnlyThatTownsGuardsOnPatrol(Vertx vertx) {
    deploy(vertx);
    WorldTime t = ClockContract.TIME.request(vertx, Empty.INSTANCE, TIMEOUT).await();
    // To ten o'clock, when the guards stand at the gate.
    long hour = advance(vertx, Math.floorMod(10 - t.hour(), 24) * 60L + 60 - t.minute());
    JsonObject calm = whereabouts(vertx, "redhaven", w -> w.getLong("gameHour") == hour);
    assertTrue(count(calm, "gate") > 0 && count(calm, "patrol") == 0, calm.encode());

    EventsContract.RAISE
        .request(
            vertx, new EventsContract.Raise("bandits", "redhaven", 3, 12, null, "warden"), TIMEOUT)
        .await();
    // The townsfolk hear of it as every verticle does; the next hour or the one after it shows.
    JsonObject alarmed = null;
    for (int i = 0; i < 3 && alarmed == null; i++) {
      long next = advance(vertx, 60);
      JsonObject w = whereabouts(vertx, "redhaven", x -> x.getLong("gameHour") >= next);
      alarmed = count(w, "patrol") > 0 ? w : null;
    }
    assertTrue(alarmed != null, "Redhaven's guards went on patrol");
    assertEquals(0, count(alarmed, "gate"), alarmed.encode());
    long at = alarmed.getLong("gameHour");
    JsonObject elsewhere = whereabouts(vertx, "millbrook", w -> w.getLong("gameHour") >= at);
    assertEquals(0, count(elsewhere, "patrol"), "Millbrook's guards stay: " + elsewhere.encode());
  }

  static ReplyException assertThrowsReply(Runnable request) {
    try {
      request.run();
    } catch (ReplyException e) {
      return e;
    }
    throw new AssertionError("the request was not refused");
  }
}
