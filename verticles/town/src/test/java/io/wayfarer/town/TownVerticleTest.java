package io.wayfarer.town;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wayfarer.clock.ClockVerticle;
import io.wayfarer.events.EventsVerticle;
import io.wayfarer.player.PlayerVerticle;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.events.EventsContract;
import io.wayfarer.shared.events.WorldEvent;
import io.wayfarer.shared.test.TestInfra;
import io.wayfarer.shared.town.TownContract;
import io.wayfarer.shared.town.TownContract.HallChanged;
import io.wayfarer.shared.town.TownContract.Laws;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real TownVerticle on a real bus with the real clock (paused: each game day comes when the
 * test says), player and events verticles, against a database of its own: an election from
 * candidacy to count through the contract's commands, a restart mid-vote losing no ballot, the
 * result told to the realm as a world event, the mayor's rate announced on {@code town.laws}, and
 * bad bodies refused in the declarations' own words before the handler.
 */
@ExtendWith(VertxExtension.class)
class TownVerticleTest {
  static final long TIMEOUT = 30_000;
  static final long DAY = 24 * 60;

  final List<HallChanged> halls = new CopyOnWriteArrayList<>();
  final List<WorldEvent> events = new CopyOnWriteArrayList<>();
  final List<Laws> laws = new CopyOnWriteArrayList<>();
  JsonObject config;
  String townDeployment;

  void deploy(Vertx vertx) {
    config = TestInfra.config();
    TownContract.HALL_CHANGED
        .consumer(vertx.eventBus(), "redhaven", halls::add)
        .completion()
        .await();
    EventsContract.EVENT.consumer(vertx.eventBus(), events::add).completion().await();
    TownContract.LAWS.consumer(vertx.eventBus(), laws::add).completion().await();
    vertx.deployVerticle(new ClockVerticle(), options()).await();
    ClockContract.PAUSE.request(vertx, Empty.INSTANCE, TIMEOUT).await();
    vertx.deployVerticle(new PlayerVerticle(), options()).await();
    vertx.deployVerticle(new EventsVerticle(), options()).await();
    deployTown(vertx);
  }

  DeploymentOptions options() {
    return new DeploymentOptions().setConfig(config);
  }

  void deployTown(Vertx vertx) {
    townDeployment = vertx.deployVerticle(new TownVerticle(), options()).await();
  }

  static void advance(Vertx vertx, long minutes) {
    ClockContract.ADVANCE.request(vertx, new ClockContract.Advance(minutes), TIMEOUT).await();
  }

  static JsonObject hall(Vertx vertx, long player) {
    return TownContract.HALL
        .request(vertx, new TownContract.Hall("redhaven", player), TIMEOUT)
        .await()
        .json();
  }

  /** Asks again (generously) until {@code until} holds; fails with the last answer otherwise. */
  static <T> T until(Vertx vertx, Supplier<T> what, Predicate<T> until) {
    long deadline = System.currentTimeMillis() + TIMEOUT;
    T value = what.get();
    while (!until.test(value)) {
      assertTrue(System.currentTimeMillis() < deadline, "never came: " + value);
      vertx.timer(50).await();
      value = what.get();
    }
    return value;
  }

  static Document declare(Vertx vertx, long player, String statement) {
    return TownContract.DECLARE
        .request(vertx, new TownContract.Declare(player, "redhaven", statement), TIMEOUT)
        .await();
  }

  static Document ballot(Vertx vertx, long player, Long... ranking) {
    return TownContract.BALLOT
        .request(vertx, new TownContract.Ballot(player, "redhaven", List.of(ranking)), TIMEOUT)
        .await();
  }

  @Test
  void citizensElectAMayorWhoAnnouncesARate(Vertx vertx) {
    deploy(vertx);
    long ann = TestInfra.newPlayer(vertx, "Ann", "fighter");
    long ben = TestInfra.newPlayer(vertx, "Ben", "bard");
    long cat = TestInfra.newPlayer(vertx, "Cat", "cleric");

    // A new world's first election is open at once; nobody has lived here long enough to stand.
    JsonObject first = hall(vertx, ann);
    assertEquals("candidacy", first.getJsonObject("election").getString("phase"), first.encode());
    assertNull(first.getValue("mayor"));
    assertTrue(!first.getJsonObject("me").getBoolean("citizen"), first.encode());
    ReplyException stranger = TestInfra.refused(() -> declare(vertx, ann, "Lower tolls."));
    assertEquals(403, stranger.failureCode());
    assertTrue(stranger.getMessage().contains("not a citizen"), stranger.getMessage());

    // Bodies the declarations refuse never reach the handler, in their own words.
    ReplyException empty =
        TestInfra.refused(
            () ->
                vertx
                    .eventBus()
                    .request(
                        TownContract.DECLARE.address(),
                        new JsonObject()
                            .put("playerId", ann)
                            .put("town", "redhaven")
                            .put("statement", ""))
                    .await());
    assertEquals(400, empty.failureCode());
    assertEquals(TownContract.Inputs.STATEMENT.rule(), empty.getMessage());
    ReplyException twice =
        TestInfra.refused(
            () ->
                vertx
                    .eventBus()
                    .request(
                        TownContract.BALLOT.address(),
                        new JsonObject()
                            .put("playerId", ann)
                            .put("town", "redhaven")
                            .put("ranking", "3,3"))
                    .await());
    assertEquals(400, twice.failureCode());
    assertEquals("ranking names candidate 3 twice", twice.getMessage());
    ReplyException nowhere =
        TestInfra.refused(
            () ->
                TownContract.HALL
                    .request(vertx, new TownContract.Hall("atlantis", ann), TIMEOUT)
                    .await());
    assertEquals(404, nowhere.failureCode());

    // Five game days on the first election closed with nobody standing, the next is open, and the
    // three are citizens.
    long opened = first.getJsonObject("election").getLong("id");
    advance(vertx, 5 * DAY);
    JsonObject second =
        until(
            vertx,
            () -> hall(vertx, ann),
            h -> h.containsKey("election") && h.getJsonObject("election").getLong("id") != opened);
    assertTrue(second.getJsonObject("me").getBoolean("citizen"), second.encode());
    declare(vertx, ann, "Lower tolls, safer roads.");
    declare(vertx, ben, "Guards!");
    until(vertx, () -> halls, h -> h.stream().anyMatch(c -> "candidate".equals(c.what())));
    JsonObject standing = hall(vertx, cat);
    long a = TestInfra.candidate(standing, "Ann");
    long b = TestInfra.candidate(standing, "Ben");
    ReplyException early = TestInfra.refused(() -> ballot(vertx, cat, b));
    assertEquals(409, early.failureCode(), "no ballots before the voting window");

    advance(vertx, 2 * DAY);
    until(
        vertx,
        () -> hall(vertx, cat),
        h -> "voting".equals(h.getJsonObject("election").getString("phase")));
    ballot(vertx, ann, b); // changed below: one account, one ballot
    ballot(vertx, ann, a);
    ballot(vertx, ben, b);
    // A restart of the town verticle mid-vote loses no ballot.
    vertx.undeploy(townDeployment).await();
    deployTown(vertx);
    ballot(vertx, cat, b, a);
    JsonObject voting = hall(vertx, cat);
    assertEquals(3L, voting.getJsonObject("election").getLong("ballots"), voting.encode());
    assertEquals(
        new JsonArray().add(b).add(a), voting.getJsonObject("election").getJsonArray("myBallot"));

    advance(vertx, 2 * DAY);
    JsonObject elected = until(vertx, () -> hall(vertx, ann), h -> h.getValue("mayor") != null);
    assertEquals("Ben", elected.getJsonObject("mayor").getString("name"), elected.encode());
    assertEquals(b, elected.getJsonObject("lastResult").getLong("winner"));
    assertEquals(3, elected.getJsonObject("lastResult").getInteger("ballots"));
    // The realm hears it from the events verticle.
    until(
        vertx,
        () -> events,
        e -> e.stream().anyMatch(w -> w.text().contains("Ben is elected mayor of Redhaven")));

    // Only the mayor sets rates, within the charter; the schedule goes out on town.laws.
    ReplyException notMayor =
        TestInfra.refused(
            () ->
                TownContract.SET_RATE
                    .request(
                        vertx,
                        new TownContract.SetRate(ann, "redhaven", "toll", 20, null, null),
                        TIMEOUT)
                    .await());
    assertEquals(403, notMayor.failureCode());
    TownContract.SET_RATE
        .request(vertx, new TownContract.SetRate(ben, "redhaven", "toll", 20, null, null), TIMEOUT)
        .await();
    until(
        vertx,
        () -> laws,
        l ->
            l.stream()
                .anyMatch(
                    s ->
                        s.town().equals("redhaven")
                            && s.changes().stream()
                                .anyMatch(c -> c.kind().equals("toll") && c.rate() == 20)));
    // The hall shows it announced, not yet in force (a day's notice).
    JsonObject announced = hall(vertx, cat);
    assertTrue(
        announced.getJsonArray("rates").stream()
            .map(JsonObject.class::cast)
            .flatMap(r -> r.getJsonArray("announced").stream().map(JsonObject.class::cast))
            .anyMatch(c -> c.getString("kind").equals("toll") && c.getLong("rate") == 20),
        announced.encode());
  }
}
