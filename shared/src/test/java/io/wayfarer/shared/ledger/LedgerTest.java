package io.wayfarer.shared.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.test.TestInfra;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ledger on a real PostgreSQL: what it refuses, and that the books balance whatever happens.
 */
@ExtendWith(VertxExtension.class)
class LedgerTest {
  Pool pool;

  @BeforeEach
  void setUp(Vertx vertx) {
    pool = Clients.pgPool(vertx, TestInfra.patientConfig(new JsonObject()));
  }

  @AfterEach
  void conservationHolds() {
    assertEquals(Map.of(), Ledger.imbalances(pool).await(), "every asset sums to zero");
    pool.close().await();
  }

  Future<Void> transfer(String from, String to, String asset, long qty) {
    return pool.withTransaction(tx -> Ledger.transfer(tx, from, to, asset, qty, "test"));
  }

  Throwable refused(String from, String to, String asset, long qty) {
    try {
      transfer(from, to, asset, qty).await();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError(
        "the ledger accepted " + qty + " " + asset + " from " + from + " to " + to);
  }

  /** A transfer stamped with a game minute (where no clock's trigger stamps it). */
  void transferAt(long minute, String from, String to, long qty) {
    transfer(from, to, "coin", qty).await();
    pool.preparedQuery(
            "UPDATE ledger_entries SET game_minute = $1"
                + " WHERE id = (SELECT max(id) FROM ledger_entries)")
        .execute(Tuple.of(minute))
        .await();
  }

  Map<String, Long> checkpointed(long minute) {
    Map<String, Long> out = new TreeMap<>();
    pool.preparedQuery(
            "SELECT holder, qty FROM ledger_checkpoint_holdings WHERE game_minute = $1 AND asset = 'coin'")
        .execute(Tuple.of(minute))
        .await()
        .forEach(r -> out.put(r.getString("holder"), r.getLong("qty")));
    return out;
  }

  @Test
  void aCheckpointIsWhatTheEntriesUpToItsMinuteAddUpTo() {
    transferAt(10, Ledger.WORLD, "player:1", 100);
    transferAt(20, "player:1", "player:2", 30);
    transferAt(30, "player:2", "player:3", 5);
    assertTrue(Ledger.checkpoint(pool, 15).await());
    assertEquals(Map.of("player:1", 100L, "world", -100L), checkpointed(15));
    assertFalse(Ledger.checkpoint(pool, 15).await(), "made once");
    // The next one starts from the one before and adds the entries after it, up to its minute.
    assertTrue(Ledger.checkpoint(pool, 25).await());
    assertEquals(Map.of("player:1", 70L, "player:2", 30L, "world", -100L), checkpointed(25));
    assertTrue(Ledger.checkpoint(pool, 40).await());
    assertEquals(
        Map.of("player:1", 70L, "player:2", 25L, "player:3", 5L, "world", -100L), checkpointed(40));

    // A month on, the daily ones before it are thinned to one a week (day 0 is a week's first);
    // each is whole, so the latest still adds up.
    long dayOne = 1440;
    long dayFortyOne = 41 * 1440;
    assertTrue(Ledger.checkpoint(pool, dayOne).await());
    assertTrue(Ledger.checkpoint(pool, dayFortyOne).await());
    assertEquals(Map.of(), checkpointed(dayOne), "day one's is gone");
    assertEquals(
        Map.of("player:1", 70L, "player:2", 25L, "player:3", 5L, "world", -100L),
        checkpointed(40),
        "day zero's is kept");
    assertEquals(checkpointed(40), checkpointed(dayFortyOne));
  }

  @Test
  void mintingFromTheWorldAndPayingBack() {
    transfer(Ledger.WORLD, "player:1", "coin", 100).await();
    transfer("player:1", "town:redhaven", "coin", 30).await();
    assertEquals(70, Ledger.balance(pool, "player:1", "coin").await());
    assertEquals(30, Ledger.balance(pool, "town:redhaven", "coin").await());
    assertEquals(-100, Ledger.balance(pool, Ledger.WORLD, "coin").await());
    assertEquals(Map.of("coin", 70L), Ledger.holdings(pool, "player:1").await());
    long entries =
        pool.query("SELECT count(*) FROM ledger_entries")
            .execute()
            .await()
            .iterator()
            .next()
            .getLong(0);
    assertEquals(2, entries, "every transfer is recorded");
  }

  @Test
  void refusesEveryIllegalTransfer() {
    transfer(Ledger.WORLD, "player:2", "coin", 10).await();
    for (long bad : new long[] {0, -5, Ledger.MAX_QTY + 1, Long.MIN_VALUE}) {
      LedgerException e =
          assertInstanceOf(LedgerException.class, refused(Ledger.WORLD, "player:2", "coin", bad));
      assertEquals(400, e.code(), e.getMessage());
    }
    assertEquals(
        400,
        ((LedgerException) refused("player:2", "player:2", "coin", 1)).code(),
        "no transfer to oneself");
    assertEquals(400, ((LedgerException) refused(Ledger.WORLD, Ledger.WORLD, "coin", 1)).code());
    assertEquals(
        400,
        ((LedgerException) refused("nobody", "player:2", "coin", 1)).code(),
        "unknown kinds of holder");
    assertEquals(
        400,
        ((LedgerException) refused(Ledger.WORLD, "player:2", "Gold; DROP TABLE holdings", 1))
            .code());
    LedgerException notEnough = (LedgerException) refused("player:2", "player:3", "coin", 11);
    assertEquals(409, notEnough.code(), notEnough.getMessage());
    assertEquals(
        409,
        ((LedgerException) refused("player:3", "player:2", "coin", 1)).code(),
        "nothing held, nothing to give");
    assertEquals(10, Ledger.balance(pool, "player:2", "coin").await(), "refusals change nothing");
  }

  @Test
  void overflowIsRefused() {
    for (int i = 0; i < 10; i++) {
      transfer(Ledger.WORLD, "player:4", "grain", Ledger.MAX_QTY).await();
    }
    // The world is 10^13 in debt; a holder can't be pushed past bigint either.
    pool.query(
            "UPDATE holdings SET qty = 9223372036854775000 WHERE holder = 'player:4' AND asset = 'grain'")
        .execute()
        .await();
    pool.query(
            "UPDATE holdings SET qty = -9223372036854775000 WHERE holder = 'world' AND asset = 'grain'")
        .execute()
        .await();
    assertEquals(
        400, ((LedgerException) refused(Ledger.WORLD, "player:4", "grain", 10_000)).code());
    pool.query("DELETE FROM holdings WHERE asset = 'grain'").execute().await();
  }

  @Test
  void aFailedTransactionMovesNothing() {
    transfer(Ledger.WORLD, "player:5", "coin", 50).await();
    try {
      pool.withTransaction(
              tx ->
                  Ledger.transfer(tx, "player:5", "player:6", "coin", 20, "first")
                      .compose(
                          v ->
                              Ledger.transfer(
                                  tx,
                                  "player:5",
                                  "player:6",
                                  "coin",
                                  40,
                                  "second: not enough left")))
          .await();
      throw new AssertionError("the second transfer should fail");
    } catch (LedgerException expected) {
      assertEquals(409, expected.code());
    }
    assertEquals(
        50, Ledger.balance(pool, "player:5", "coin").await(), "the whole transaction rolled back");
    assertEquals(0, Ledger.balance(pool, "player:6", "coin").await());
  }

  @Test
  void concurrentTransfersInBothDirectionsNeitherDeadlockNorGoNegative() {
    transfer(Ledger.WORLD, "player:7", "coin", 100).await();
    transfer(Ledger.WORLD, "player:8", "coin", 100).await();
    List<Future<Boolean>> all = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      boolean forth = i % 2 == 0;
      // A transfer either moves the coin or is refused for want of it; nothing else may happen (no
      // deadlock, no error).
      all.add(
          transfer(forth ? "player:7" : "player:8", forth ? "player:8" : "player:7", "coin", 7)
              .map(true)
              .recover(
                  err ->
                      err instanceof LedgerException
                          ? Future.succeededFuture(false)
                          : Future.failedFuture(err)));
    }
    Future.all(all).await();
    long forthDone = 0;
    long backDone = 0;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).result()) {
        if (i % 2 == 0) {
          forthDone++;
        } else {
          backDone++;
        }
      }
    }
    long entries =
        pool.query(
                "SELECT count(*) FROM ledger_entries WHERE from_holder IN ('player:7', 'player:8')")
            .execute()
            .await()
            .iterator()
            .next()
            .getLong(0);
    assertEquals(
        forthDone + backDone,
        entries,
        "one entry for each transfer that went through, none for a refused one");
    assertTrue(
        forthDone > 0 && backDone > 0,
        "transfers went through both ways: " + forthDone + " and " + backDone);
    long a = Ledger.balance(pool, "player:7", "coin").await();
    long b = Ledger.balance(pool, "player:8", "coin").await();
    assertEquals(
        100 - 7 * forthDone + 7 * backDone,
        a,
        "player:7 holds what the transfers that went through left it");
    assertEquals(200, a + b);
    assertTrue(a >= 0 && b >= 0);
  }

  long entries(String holder) {
    return pool.preparedQuery(
            "SELECT count(*) FROM ledger_entries WHERE from_holder = $1 OR to_holder = $1")
        .execute(io.vertx.sqlclient.Tuple.of(holder))
        .await()
        .iterator()
        .next()
        .getLong(0);
  }

  @Test
  void manyMovesAgainstLockedRowsAreWrittenWithOneStatement() {
    transfer(Ledger.WORLD, "player:20", "coin", 100).await();
    transfer(Ledger.WORLD, "market:testtown", "bread", 50).await();
    List<Ledger.Key> rows =
        List.of(
            new Ledger.Key("player:20", "coin"),
            new Ledger.Key("player:20", "bread"),
            new Ledger.Key("market:testtown", "coin"),
            new Ledger.Key("market:testtown", "bread"),
            new Ledger.Key("town:testtown", "coin"));
    pool.withTransaction(
            tx ->
                Ledger.lock(tx, rows)
                    .compose(
                        locked -> {
                          // A buy: coin to the market and the town (rows that do not exist yet),
                          // bread to the player.
                          locked
                              .move("player:20", "market:testtown", "coin", 38, "bought 2 bread")
                              .move("player:20", "town:testtown", "coin", 2, "sales tax")
                              .move("market:testtown", "player:20", "bread", 2, "sold 2 bread");
                          assertEquals(
                              60,
                              locked.balance("player:20", "coin"),
                              "balances follow the moves before anything is written");
                          assertTrue(locked.hasPending());
                          return Ledger.write(tx, locked)
                              .compose(
                                  v -> {
                                    assertTrue(!locked.hasPending());
                                    // A second write in the same transaction: rows created by the
                                    // first are now updated, not created again.
                                    locked
                                        .move("market:testtown", "player:20", "coin", 5, "change")
                                        .move("town:testtown", "player:20", "coin", 1, "refund");
                                    return Ledger.write(tx, locked);
                                  });
                        }))
        .await();
    assertEquals(66, Ledger.balance(pool, "player:20", "coin").await());
    assertEquals(2, Ledger.balance(pool, "player:20", "bread").await());
    assertEquals(33, Ledger.balance(pool, "market:testtown", "coin").await());
    assertEquals(48, Ledger.balance(pool, "market:testtown", "bread").await());
    assertEquals(1, Ledger.balance(pool, "town:testtown", "coin").await());
    assertEquals(1 + 5, entries("player:20"), "one entry per move, the minting included");
  }

  @Test
  void aRefusedMoveRecordsNothingAndRowsMustBeLocked() {
    transfer(Ledger.WORLD, "player:21", "coin", 10).await();
    pool.withTransaction(
            tx ->
                Ledger.lock(
                        tx,
                        List.of(
                            new Ledger.Key("player:21", "coin"),
                            new Ledger.Key("player:22", "coin")))
                    .compose(
                        locked -> {
                          locked.move("player:21", "player:22", "coin", 4, "fine");
                          LedgerException e =
                              org.junit.jupiter.api.Assertions.assertThrows(
                                  LedgerException.class,
                                  () ->
                                      locked.move(
                                          "player:21", "player:22", "coin", 7, "only 6 left"));
                          assertEquals(409, e.code());
                          assertEquals(
                              6,
                              locked.balance("player:21", "coin"),
                              "the refused move changed no balance");
                          org.junit.jupiter.api.Assertions.assertThrows(
                              IllegalStateException.class,
                              () ->
                                  locked.move(
                                      "player:21", "player:23", "coin", 1, "a row nobody locked"));
                          org.junit.jupiter.api.Assertions.assertThrows(
                              LedgerException.class,
                              () -> locked.move("player:21", "player:22", "coin", 0, "nothing"));
                          return Ledger.write(tx, locked);
                        }))
        .await();
    assertEquals(6, Ledger.balance(pool, "player:21", "coin").await());
    assertEquals(4, Ledger.balance(pool, "player:22", "coin").await());
    assertEquals(0, Ledger.balance(pool, "player:23", "coin").await());
    assertEquals(2, entries("player:21"), "the minting and the one accepted move");
  }

  @Test
  void movesThatCancelOutStillLeaveTheirEntries() {
    transfer(Ledger.WORLD, "player:24", "salt", 3).await();
    pool.withTransaction(
            tx ->
                Ledger.lock(
                        tx,
                        List.of(
                            new Ledger.Key("player:24", "salt"),
                            new Ledger.Key("player:25", "salt")))
                    .compose(
                        locked -> {
                          locked
                              .move("player:24", "player:25", "salt", 3, "lent")
                              .move("player:25", "player:24", "salt", 3, "given back");
                          return Ledger.write(tx, locked);
                        }))
        .await();
    assertEquals(3, Ledger.balance(pool, "player:24", "salt").await());
    assertEquals(
        Map.of(), Ledger.holdings(pool, "player:25").await(), "no row for a net change of nothing");
    assertEquals(2, entries("player:25"));
    pool.query("DELETE FROM holdings WHERE asset = 'salt'").execute().await();
  }

  @Test
  void firstCreditsToOneNewRowAtOnceAllLand() {
    for (int i = 30; i < 50; i++) {
      transfer(Ledger.WORLD, "player:" + i, "coin", 10).await();
    }
    List<Future<Void>> all = new ArrayList<>();
    for (int i = 30; i < 50; i++) {
      // Twenty payers, none waiting on another's row: several find the new row missing and create
      // it at once.
      String payer = "player:" + i;
      all.add(
          pool.withTransaction(
              tx -> Ledger.transfer(tx, payer, "town:newtown", "coin", 3, "toll")));
    }
    Future.all(all).await();
    assertEquals(60, Ledger.balance(pool, "town:newtown", "coin").await());
  }

  @Test
  void theCheckFindsAnImbalance() {
    pool.query("INSERT INTO holdings (holder, asset, qty) VALUES ('player:9', 'salt', 5)")
        .execute()
        .await();
    assertEquals(Map.of("salt", 5L), Ledger.imbalances(pool).await());
    pool.query("DELETE FROM holdings WHERE asset = 'salt'").execute().await();
  }
}
