package io.wayfarer.server.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.wayfarer.server.LaunchOptions;
import io.wayfarer.server.Verticles;
import io.wayfarer.server.Wayfarer;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.estate.EstateContract;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.quests.QuestsContract;
import io.wayfarer.shared.social.SocialContract;
import io.wayfarer.shared.test.TestInfra;
import io.wayfarer.shared.town.TownContract;
import io.wayfarer.shared.world.Estates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay rebuilds more than the ledger: a player's house with what its shelf asked, the keys
 * others held to it, its open offers to other players, its house offered for sale and its buy
 * orders and the step of its quest, each as they stood at the minute asked, from the game minutes
 * their commands kept. The world runs every verticle but the gateway on its own embedded servers,
 * its clock paused and moved on by an hour between two rounds of dealings; it stops, and replays to
 * the minute of the first round, the minute before the second and the minute of the second tell
 * each state apart.
 */
class ReplayTest {
  static final long TIMEOUT = 30_000;
  static final String TOWN = "redhaven";

  @TempDir Path dir;

  @Test
  void aReplayTellsAPlayersHouseKeysOffersSalesOrdersAndQuestAsTheyStoodAtTheMinute()
      throws Exception {
    // A quest of two deliveries, so that the step it is at changes between the rounds; no scripts.
    Path quests = Files.createDirectories(dir.resolve("quests"));
    Path scripts = Files.createDirectories(dir.resolve("scripts"));
    JsonObject loaf =
        new JsonObject()
            .put("text", "Bring a loaf to Old Tam")
            .put(
                "deliver",
                new JsonObject().put("town", TOWN).put("good", "bread").put("quantity", 1));
    Files.writeString(
        quests.resolve("two_loaves.json"),
        new JsonObject()
            .put("id", "two_loaves")
            .put("name", "Two loaves")
            .put("giver", new JsonObject().put("town", TOWN).put("name", "Old Tam"))
            .put("text", "Old Tam wants a loaf today and another tomorrow.")
            .put("steps", new JsonArray().add(loaf).add(loaf.copy()))
            .put("reward", new JsonObject().put("coin", "1 gp"))
            .put("pot", new JsonObject().put("coin", "10 gp"))
            .encodePrettily());
    JsonObject base =
        TestInfra.config(
            new JsonObject()
                .put("data", new JsonObject().put("dir", dir.toString()))
                .put(
                    "scripts",
                    new JsonObject()
                        .put("dir", scripts.toString())
                        .put("quests", quests.toString())));
    Path source = dir.resolve("world");
    Estates.Plot plot = SMALL;

    long first;
    long second;
    long owner;
    long friend;
    long order;
    Wayfarer world = start(base, source);
    try {
      Vertx vertx = world.vertx();
      first = ClockContract.PAUSE.request(vertx, Empty.INSTANCE, TIMEOUT).await().gameMinutes();
      owner = TestInfra.newPlayer(vertx, "Odo", "fighter");
      friend = TestInfra.newPlayer(vertx, "Fen", "fighter");
      Pool pool = Clients.pgPool(vertx, world.config());
      try {
        grant(pool, owner, Ledger.COIN, plot.price() + 10_000);
        grant(pool, owner, "bread", 4);
        grant(pool, friend, "grain", 2);
      } finally {
        pool.close().await();
      }
      // The first round, at the paused minute: a house with two loaves on its shelf at 30 cp, a key
      // for Fen, an offer to Fen, the house offered to Fen, and a buy order for grain.
      EstateContract.BUY
          .request(vertx, new EstateContract.BuyPlot(owner, plot.id(), null), TIMEOUT)
          .await();
      EstateContract.STORE
          .request(vertx, new EstateContract.Move(owner, plot.id(), "bread", 3, null), TIMEOUT)
          .await();
      EstateContract.LIST
          .request(vertx, new EstateContract.Listing(owner, plot.id(), "bread", 2, 30), TIMEOUT)
          .await();
      EstateContract.GIVE_KEY
          .request(vertx, new EstateContract.KeyStep(owner, plot.id(), "Fen"), TIMEOUT)
          .await();
      long offer =
          SocialContract.OFFER
              .request(
                  vertx,
                  new SocialContract.Offer(
                      owner, "Fen", Map.of(Ledger.COIN, 100L), Map.of("grain", 1L), null),
                  TIMEOUT)
              .await()
              .json()
              .getLong("id");
      long sale =
          EstateContract.SELL
              .request(
                  vertx,
                  new EstateContract.Sell(owner, plot.id(), "Fen", 90_000, true, null),
                  TIMEOUT)
              .await()
              .json()
              .getJsonArray("sales")
              .getJsonObject(0)
              .getLong("id");
      order =
          EstateContract.POST_ORDER
              .request(vertx, new EstateContract.Wanted(owner, "grain", 5, 20, null), TIMEOUT)
              .await()
              .json()
              .getLong("id");
      QuestsContract.ACCEPT
          .request(vertx, new QuestsContract.Take(owner, "two_loaves", null), TIMEOUT)
          .await();
      // The second round, an hour on: the shelf asks 40 cp, the key is taken back, Fen accepts the
      // offer and fills the order partly, the sale is withdrawn, and the first loaf is handed in.
      second =
          ClockContract.ADVANCE
              .request(vertx, new ClockContract.Advance(60), TIMEOUT)
              .await()
              .gameMinutes();
      EstateContract.LIST
          .request(vertx, new EstateContract.Listing(owner, plot.id(), "bread", 0, 40), TIMEOUT)
          .await();
      EstateContract.TAKE_KEY
          .request(vertx, new EstateContract.KeyStep(owner, plot.id(), "Fen"), TIMEOUT)
          .await();
      SocialContract.ACCEPT
          .request(vertx, new SocialContract.OfferStep(friend, offer), TIMEOUT)
          .await();
      EstateContract.FILL_ORDER
          .request(vertx, new EstateContract.Fill(friend, order, 1, null), TIMEOUT)
          .await();
      EstateContract.END_SALE
          .request(vertx, new EstateContract.SaleStep(owner, sale), TIMEOUT)
          .await();
      QuestsContract.HAND_IN
          .request(vertx, new QuestsContract.Take(owner, "two_loaves", null), TIMEOUT)
          .await();
    } finally {
      world.close();
    }

    // At the first round's minute: all of it open, the shelf at 30 and Fen holding a key.
    for (long minute : List.of(first, second - 1)) {
      Replay.Result then = replay(base, source, minute, owner);
      Replay.House house = then.houses().get(0);
      assertEquals(plot.id(), house.plot());
      assertEquals(Map.of("bread", 2L), house.shelf(), "at " + minute);
      assertEquals(Map.of("bread", 30L), house.prices(), "what the shelf asked at " + minute);
      assertEquals(1, then.open().offers().size(), "the offer open at " + minute);
      assertEquals(
          new JsonObject().put(Ledger.COIN, 100),
          then.open().offers().get(0).getJsonObject("gives"));
      assertEquals(1, then.open().sales().size(), "the house offered at " + minute);
      assertEquals(1, then.open().orders().size());
      assertEquals(0L, then.open().orders().get(0).getLong("filled"), "unfilled at " + minute);
      assertEquals(first, then.open().orders().get(0).getLong("since"));
      assertEquals(
          List.of(new Replay.Quest("two_loaves", 0)), then.questsUnderWay(), "the first loaf due");
      Replay.Result fens = replay(base, source, minute, friend);
      assertEquals(List.of(new Replay.Key(plot.id(), first)), fens.keys(), "Fen's key then");
      assertEquals(1, fens.open().offers().size(), "the offer made to Fen, open then");
    }

    // At the second round's minute: the shelf asks 40, the offer and the sale ended, the order
    // partly filled, and Fen holds no key.
    Replay.Result after = replay(base, source, second, owner);
    assertEquals(Map.of("bread", 40L), after.houses().get(0).prices());
    assertTrue(after.open().offers().isEmpty(), "accepted: " + after.open());
    assertTrue(after.open().sales().isEmpty(), "withdrawn: " + after.open());
    assertEquals(1L, after.open().orders().get(0).getLong("filled"), "" + after.open());
    assertEquals(order, after.open().orders().get(0).getLong("id"));
    assertEquals(
        List.of(new Replay.Quest("two_loaves", 1)), after.questsUnderWay(), "the second loaf due");
    assertTrue(replay(base, source, second, friend).keys().isEmpty(), "the key taken back");
  }

  @Test
  void aReplayTellsWhoGovernedEachTownAndTheElectionUnderWay() throws Exception {
    JsonObject base =
        TestInfra.config(new JsonObject().put("data", new JsonObject().put("dir", dir.toString())));
    Path source = dir.resolve("world");
    long ann;
    long ben;
    long voting;
    long counted;
    long firstElection;
    Wayfarer world = start(base, source);
    try {
      Vertx vertx = world.vertx();
      ClockContract.PAUSE.request(vertx, Empty.INSTANCE, TIMEOUT).await();
      ann = TestInfra.newPlayer(vertx, "Ann", "fighter");
      ben = TestInfra.newPlayer(vertx, "Ben", "fighter");
      long cat = TestInfra.newPlayer(vertx, "Cat", "fighter");
      // The world's first election opened at once with nobody able to stand; five days on it
      // closed without a mayor and the next one is open, and the three are citizens.
      firstElection =
          until(vertx, ann, h -> h.containsKey("election")).getJsonObject("election").getLong("id");
      advance(vertx, 5 * DAY);
      until(
          vertx,
          ann,
          h ->
              h.containsKey("election")
                  && h.getJsonObject("election").getLong("id") != firstElection);
      for (long p : List.of(ann, ben)) {
        TownContract.DECLARE
            .request(vertx, new TownContract.Declare(p, TOWN, "Safer roads."), TIMEOUT)
            .await();
      }
      JsonObject hall = hall(vertx, cat);
      long a = TestInfra.candidate(hall, "Ann");
      long b = TestInfra.candidate(hall, "Ben");
      advance(vertx, 2 * DAY);
      until(vertx, cat, h -> "voting".equals(h.getJsonObject("election").getString("phase")));
      TownContract.BALLOT
          .request(vertx, new TownContract.Ballot(ann, TOWN, List.of(a)), TIMEOUT)
          .await();
      TownContract.BALLOT
          .request(vertx, new TownContract.Ballot(ben, TOWN, List.of(b)), TIMEOUT)
          .await();
      TownContract.BALLOT
          .request(vertx, new TownContract.Ballot(cat, TOWN, List.of(b, a)), TIMEOUT)
          .await();
      voting = ClockContract.TIME.request(vertx, Empty.INSTANCE, TIMEOUT).await().gameMinutes();
      counted = advance(vertx, 2 * DAY);
      until(vertx, ann, h -> h.getValue("mayor") != null);
    } finally {
      world.close();
    }

    // Mid-vote: the steward still keeps the laws; the election is in its voting phase with its
    // two candidates and three ballots, and Ben holds no office but stands.
    Replay.Result midVote = replay(base, source, voting, ben);
    Replay.Town then = midVote.towns().get(TOWN);
    assertEquals(null, then.mayor(), "" + then);
    assertEquals("voting", then.election().getString("phase"), "" + then);
    assertEquals(2, then.election().getJsonArray("candidates").size(), "" + then);
    assertEquals(3L, then.election().getLong("ballots"), "" + then);
    assertEquals(null, then.officeOf(ben));
    // Once counted: Ben is mayor (two first choices to Ann's one), Ann sits on the council, and no
    // election is open.
    Replay.Result after = replay(base, source, counted, ben);
    Replay.Town now = after.towns().get(TOWN);
    assertEquals("Ben", now.mayor(), "" + now);
    assertEquals("mayor", now.officeOf(ben));
    assertEquals("council", now.officeOf(ann), "" + now);
    assertEquals(null, now.election(), "the next opens toward the end of Ben's term: " + now);
    // Before the first election was counted, no town had a mayor, and the first was open.
    Replay.Result atStart = replay(base, source, voting - 7 * DAY + 60, ann);
    assertEquals(firstElection, atStart.towns().get(TOWN).election().getLong("id"));
    assertEquals(null, atStart.towns().get(TOWN).electedIn());
  }

  @Test
  void aReplayTellsWhatWasSeizedAndHeldUntilItWasReclaimed() throws Exception {
    JsonObject base =
        TestInfra.config(new JsonObject().put("data", new JsonObject().put("dir", dir.toString())));
    Path source = dir.resolve("world");
    Estates.Plot plot = SMALL;
    long owner;
    long friend;
    long seized;
    long reclaimed;
    Wayfarer world = start(base, source);
    try {
      Vertx vertx = world.vertx();
      long bought =
          ClockContract.PAUSE.request(vertx, Empty.INSTANCE, TIMEOUT).await().gameMinutes();
      owner = TestInfra.newPlayer(vertx, "Ula", "fighter");
      friend = TestInfra.newPlayer(vertx, "Vik", "fighter");
      Pool pool = Clients.pgPool(vertx, world.config());
      try {
        grant(pool, owner, Ledger.COIN, plot.price());
        grant(pool, owner, "bread", 2);
        EstateContract.BUY
            .request(vertx, new EstateContract.BuyPlot(owner, plot.id(), null), TIMEOUT)
            .await();
        EstateContract.STORE
            .request(vertx, new EstateContract.Move(owner, plot.id(), "bread", 2, null), TIMEOUT)
            .await();
        EstateContract.GIVE_KEY
            .request(vertx, new EstateContract.KeyStep(owner, plot.id(), "Vik"), TIMEOUT)
            .await();
        // Nothing left to pay the upkeep with: six weeks on, the house is seized.
        long purse = Ledger.balance(pool, Ledger.player(owner), Ledger.COIN).await();
        pool.withTransaction(
                tx ->
                    Ledger.transfer(
                        tx, Ledger.player(owner), Ledger.WORLD, Ledger.COIN, purse, "spent"))
            .await();
        seized = advance(vertx, 6 * 7 * DAY);
        JsonObject impound = null;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (impound == null && System.nanoTime() < deadline) {
          JsonObject mine =
              EstateContract.HOUSES
                  .request(vertx, new EstateContract.Mine(owner), TIMEOUT)
                  .await()
                  .json();
          impound =
              mine.getJsonArray("impounds").isEmpty()
                  ? null
                  : mine.getJsonArray("impounds").getJsonObject(0);
          if (impound == null) {
            Thread.sleep(100);
          }
        }
        assertTrue(impound != null, "seized in six weeks");
        reclaimed = advance(vertx, 60);
        grant(pool, owner, Ledger.COIN, impound.getLong("fee"));
        EstateContract.RECLAIM
            .request(vertx, new EstateContract.Reclaim(owner, impound.getLong("id")), TIMEOUT)
            .await();
        assertTrue(seized > bought);
      } finally {
        pool.close().await();
      }
    } finally {
      world.close();
    }

    // An hour after the seizure, before the reclaim: the bread is held for Ula, no house is hers,
    // and Vik's key ended with the house.
    Replay.Result held = replay(base, source, reclaimed - 1, owner);
    assertTrue(held.houses().isEmpty(), "" + held.houses());
    assertEquals(1, held.open().impounds().size(), "" + held.open());
    assertEquals(plot.id(), held.open().impounds().get(0).getString("plot"));
    assertEquals(null, held.holder().get("bread"), "the bread is in the impound: " + held.holder());
    assertTrue(replay(base, source, reclaimed - 1, friend).keys().isEmpty(), "the key ended");
    long bought = seized - 6 * 7 * DAY;
    assertEquals(
        List.of(new Replay.Key(plot.id(), bought)),
        replay(base, source, bought, friend).keys(),
        "Vik's key before");
    // At the reclaim: nothing held any more, the bread back in Ula's pack.
    Replay.Result back = replay(base, source, reclaimed, owner);
    assertTrue(back.open().impounds().isEmpty(), "" + back.open());
    assertEquals(2L, back.holder().get("bread"), "" + back.holder());
  }

  static final long DAY = 24 * 60;

  /** A small house in the town where characters begin. */
  static final Estates.Plot SMALL =
      TestInfra.world().estates().in(TOWN).stream()
          .filter(p -> p.size().id().equals("small"))
          .findFirst()
          .orElseThrow();

  static long advance(Vertx vertx, long minutes) {
    return ClockContract.ADVANCE
        .request(vertx, new ClockContract.Advance(minutes), TIMEOUT)
        .await()
        .gameMinutes();
  }

  static JsonObject hall(Vertx vertx, long player) {
    return TownContract.HALL
        .request(vertx, new TownContract.Hall(TOWN, player), TIMEOUT)
        .await()
        .json();
  }

  /** Asks the town hall (generously) until it answers as {@code done} wants. */
  static JsonObject until(Vertx vertx, long player, Predicate<JsonObject> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    JsonObject hall = hall(vertx, player);
    while (!done.test(hall) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      hall = hall(vertx, player);
    }
    assertTrue(done.test(hall), "the town hall: " + hall.encode());
    return hall;
  }

  /** The world on its own embedded servers in {@code source}: every verticle but the gateway. */
  static Wayfarer start(JsonObject base, Path source) {
    JsonObject config = base.copy();
    config.getJsonObject("data").put("dir", source.toString()).put("pgPort", 0).put("redisPort", 0);
    config.getJsonObject("pg").put("uri", "");
    config.getJsonObject("redis").put("uri", "");
    config.getJsonObject("metrics").put("enabled", false);
    config.getJsonObject("toolBridge").put("enabled", false);
    List<String> verticles =
        Verticles.names().stream().filter(n -> !n.equals(Verticles.GATEWAY)).toList();
    return Wayfarer.start(new LaunchOptions(verticles, false, null), config);
  }

  private Replay.Result replay(JsonObject base, Path source, long minute, long player) {
    return Replay.run(base, source, minute, dir.resolve("replay-" + minute), Ledger.player(player));
  }

  /** Gives a player coin or goods from the world, as wages would. */
  private static void grant(Pool pool, long player, String asset, long qty) {
    pool.withTransaction(
            tx -> Ledger.transfer(tx, Ledger.WORLD, Ledger.player(player), asset, qty, "test"))
        .await();
  }
}
