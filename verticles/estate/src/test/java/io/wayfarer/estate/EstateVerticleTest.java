package io.wayfarer.estate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.clock.ClockVerticle;
import io.wayfarer.player.PlayerVerticle;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.bus.TownRef;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.estate.EstateContract;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.player.ModerationContract;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.test.TestInfra;
import io.wayfarer.shared.world.Estates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real EstateVerticle with the real clock (paused) and player verticle on a real bus, against a
 * database of its own: buying plots, storage, keys, and the ledger balanced after each test.
 */
@ExtendWith(VertxExtension.class)
class EstateVerticleTest {
  static final long TIMEOUT = 30_000;
  static final Estates ESTATES = TestInfra.world().estates();
  static final String TOWN = "redhaven";

  /** Deploys clock (paused), player and estate; returns a pool on the test's database. */
  static Pool deploy(Vertx vertx) {
    JsonObject config = TestInfra.config();
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    vertx.deployVerticle(new ClockVerticle(), options).await();
    ClockContract.PAUSE.request(vertx, Empty.INSTANCE, TIMEOUT).await();
    vertx.deployVerticle(new PlayerVerticle(), options).await();
    vertx.deployVerticle(new EstateVerticle(), options).await();
    return Clients.pgPool(vertx, config);
  }

  /** A new account with a character in the start town: its player id. */
  static long player(Vertx vertx, String name) {
    return TestInfra.newPlayer(vertx, name, "fighter");
  }

  /** Gives a player coin or goods from the world, as wages would. */
  static void grant(Pool pool, long player, String asset, long qty) {
    pool.withTransaction(
            tx -> Ledger.transfer(tx, Ledger.WORLD, Ledger.player(player), asset, qty, "test"))
        .await();
  }

  static long balance(Pool pool, String holder, String asset) {
    return Ledger.balance(pool, holder, asset).await();
  }

  static JsonObject buy(Vertx vertx, long player, String plot, String requestId) {
    return EstateContract.BUY
        .request(vertx, new EstateContract.BuyPlot(player, plot, requestId), TIMEOUT)
        .await()
        .json();
  }

  static JsonObject store(Vertx vertx, long player, String plot, String asset, long qty) {
    return EstateContract.STORE
        .request(vertx, new EstateContract.Move(player, plot, asset, qty, null), TIMEOUT)
        .await()
        .json();
  }

  static JsonObject take(Vertx vertx, long player, String plot, String asset, long qty) {
    return EstateContract.TAKE
        .request(vertx, new EstateContract.Move(player, plot, asset, qty, null), TIMEOUT)
        .await()
        .json();
  }

  static void conserved(Pool pool) {
    assertEquals(Map.of(), Ledger.imbalances(pool).await(), "the ledger balances");
    pool.close().await();
  }

  static Estates.Plot small() {
    return ESTATES.in(TOWN).stream()
        .filter(p -> p.size().id().equals("small"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aPlayerBuysAFreePlotOnceAndItsPriceGoesToTheTown(Vertx vertx) {
    Pool pool = deploy(vertx);
    Estates.Plot plot = small();
    long ada = player(vertx, "Ada");
    long bo = player(vertx, "Bo");

    ReplyException poor = TestInfra.refused(() -> buy(vertx, ada, plot.id(), null));
    assertEquals(409, poor.failureCode());
    assertTrue(poor.getMessage().contains("costs"), poor.getMessage());

    grant(pool, ada, Ledger.COIN, plot.price());
    grant(pool, bo, Ledger.COIN, plot.price());
    long treasury = balance(pool, Ledger.town(TOWN), Ledger.COIN);
    long purse = balance(pool, Ledger.player(ada), Ledger.COIN);
    String requestId = UUID.randomUUID().toString();
    JsonObject house = buy(vertx, ada, plot.id(), requestId);
    assertEquals(plot.id(), house.getString("id"));
    assertEquals(plot.size().storage(), house.getInteger("storage"));
    // The same request again is the same purchase: no second charge.
    assertEquals(plot.id(), buy(vertx, ada, plot.id(), requestId).getString("id"));
    assertEquals(purse - plot.price(), balance(pool, Ledger.player(ada), Ledger.COIN));
    assertEquals(treasury + plot.price(), balance(pool, Ledger.town(TOWN), Ledger.COIN));

    ReplyException taken = TestInfra.refused(() -> buy(vertx, bo, plot.id(), null));
    assertEquals(409, taken.failureCode());
    assertTrue(taken.getMessage().contains("already has an owner"), taken.getMessage());

    JsonObject board =
        EstateContract.PLOTS.request(vertx, new TownRef(TOWN), TIMEOUT).await().json();
    JsonObject listed =
        board.getJsonArray("plots").stream()
            .map(JsonObject.class::cast)
            .filter(p -> p.getString("id").equals(plot.id()))
            .findFirst()
            .orElseThrow();
    assertEquals("owned", listed.getString("status"));
    assertEquals("Ada", listed.getString("owner"));

    // A plot elsewhere is bought standing there, not from here.
    Estates.Plot away = ESTATES.in("saltmere").get(0);
    grant(pool, bo, Ledger.COIN, away.price());
    ReplyException elsewhere = TestInfra.refused(() -> buy(vertx, bo, away.id(), null));
    assertEquals(409, elsewhere.failureCode());
    assertTrue(elsewhere.getMessage().contains("only in saltmere"), elsewhere.getMessage());
    conserved(pool);
  }

  @Test
  void ofConcurrentBuyersOfOnePlotExactlyOneOwnsItAndPays(Vertx vertx) {
    Pool pool = deploy(vertx);
    Estates.Plot plot = small();
    List<Long> buyers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      long id = player(vertx, "Buyer" + (char) ('a' + i));
      grant(pool, id, Ledger.COIN, plot.price());
      buyers.add(id);
    }
    long treasury = balance(pool, Ledger.town(TOWN), Ledger.COIN);
    List<Future<?>> all = new ArrayList<>();
    for (long id : buyers) {
      all.add(
          EstateContract.BUY.request(
              vertx, new EstateContract.BuyPlot(id, plot.id(), null), TIMEOUT));
    }
    Future.join(all).otherwiseEmpty().await();
    long bought = all.stream().filter(Future::succeeded).count();
    assertEquals(1, bought, "exactly one buyer owns the plot");
    all.stream()
        .filter(Future::failed)
        .forEach(f -> assertEquals(409, ((ReplyException) f.cause()).failureCode()));
    assertEquals(treasury + plot.price(), balance(pool, Ledger.town(TOWN), Ledger.COIN));
    conserved(pool);
  }

  @Test
  void keysOpenAHouseUntilTheyAreTakenBackAndStorageHasItsLimit(Vertx vertx) {
    Pool pool = deploy(vertx);
    Estates.Plot plot = small();
    long owner = player(vertx, "Odo");
    long friend = player(vertx, "Fen");
    long stranger = player(vertx, "Sly");
    grant(pool, owner, Ledger.COIN, plot.price() + 5_000);
    buy(vertx, owner, plot.id(), null);

    JsonObject house = store(vertx, owner, plot.id(), Ledger.COIN, 5_000);
    assertEquals(5_000L, house.getJsonObject("stored").getLong(Ledger.COIN));
    store(vertx, owner, plot.id(), "rations", 2);
    assertEquals(2L, balance(pool, Ledger.house(plot.id()), "rations"));

    ReplyException locked =
        TestInfra.refused(() -> take(vertx, stranger, plot.id(), Ledger.COIN, 1));
    assertEquals(403, locked.failureCode());
    locked = TestInfra.refused(() -> take(vertx, friend, plot.id(), "rations", 1));
    assertEquals(403, locked.failureCode(), "no key yet");

    JsonObject keyed =
        EstateContract.GIVE_KEY
            .request(vertx, new EstateContract.KeyStep(owner, plot.id(), "Fen"), TIMEOUT)
            .await()
            .json();
    assertTrue(keyed.getJsonArray("keys").contains("Fen"), keyed.encode());
    take(vertx, friend, plot.id(), "rations", 1);
    assertEquals(1L, balance(pool, Ledger.house(plot.id()), "rations"));
    JsonObject friends =
        EstateContract.HOUSES
            .request(vertx, new EstateContract.Mine(friend), TIMEOUT)
            .await()
            .json();
    assertEquals(plot.id(), friends.getJsonArray("keyed").getJsonObject(0).getString("id"));
    assertEquals("Odo", friends.getJsonArray("keyed").getJsonObject(0).getString("owner"));

    ReplyException notOwner =
        TestInfra.refused(
            () ->
                EstateContract.GIVE_KEY
                    .request(vertx, new EstateContract.KeyStep(friend, plot.id(), "Sly"), TIMEOUT)
                    .await());
    assertEquals(403, notOwner.failureCode(), "a key holder gives no keys");

    EstateContract.TAKE_KEY
        .request(vertx, new EstateContract.KeyStep(owner, plot.id(), "Fen"), TIMEOUT)
        .await();
    assertEquals(
        403,
        TestInfra.refused(() -> take(vertx, friend, plot.id(), "rations", 1)).failureCode(),
        "a key taken back opens nothing");
    // Its history: given and taken back at this minute, so not held at it.
    long now = ClockContract.TIME.request(vertx, Empty.INSTANCE, TIMEOUT).await().gameMinutes();
    assertEquals(
        now,
        one(pool, "SELECT taken_minute FROM estate_key_log WHERE plot_id = $1", plot.id()),
        "taken back now");
    assertEquals(
        "taken_back",
        pool.preparedQuery("SELECT ended_by FROM estate_key_log WHERE plot_id = $1")
            .execute(Tuple.of(plot.id()))
            .await()
            .iterator()
            .next()
            .getString(0));
    assertTrue(keysAt(vertx, friend, now).isEmpty(), "no key held at the minute it was taken");

    // More than the house holds cannot come out; more goods than it stores cannot go in.
    assertEquals(
        409, TestInfra.refused(() -> take(vertx, owner, plot.id(), "rations", 5)).failureCode());
    grant(pool, owner, "bread", plot.size().storage());
    ReplyException full =
        TestInfra.refused(() -> store(vertx, owner, plot.id(), "bread", plot.size().storage()));
    assertEquals(409, full.failureCode());
    assertTrue(full.getMessage().contains("stores " + plot.size().storage()), full.getMessage());
    store(vertx, owner, plot.id(), "bread", plot.size().storage() - 1);
    assertEquals(
        400,
        TestInfra.refused(() -> store(vertx, owner, plot.id(), "mithril", 1)).failureCode(),
        "what the world does not have cannot be stored");
    conserved(pool);
  }

  static long upkeepRows(Pool pool, String plot) {
    return pool.preparedQuery("SELECT count(*) FROM estate_upkeep WHERE plot_id = $1")
        .execute(Tuple.of(plot))
        .await()
        .iterator()
        .next()
        .getLong(0);
  }

  /** Moves the world's clock on and waits until the house's weeks charged reach {@code rows}. */
  static void advanceUntil(Vertx vertx, Pool pool, String plot, long minutes, long rows) {
    ClockContract.ADVANCE.request(vertx, new ClockContract.Advance(minutes), TIMEOUT).await();
    long deadline = System.currentTimeMillis() + TIMEOUT;
    while (upkeepRows(pool, plot) < rows) {
      assertTrue(System.currentTimeMillis() < deadline, "weeks charged: " + upkeepRows(pool, plot));
      vertx.timer(50).await();
    }
  }

  static JsonObject week(Pool pool, String plot, int nth) {
    return pool.preparedQuery(
            "SELECT due, paid, owed_after, status_after FROM estate_upkeep WHERE plot_id = $1"
                + " ORDER BY week OFFSET $2 LIMIT 1")
        .execute(Tuple.of(plot, nth))
        .await()
        .iterator()
        .next()
        .toJson();
  }

  @Test
  void upkeepIsChargedOnceAWeekAndUnpaidClimbsTheLadderToSeizureAndReclaim(Vertx vertx) {
    JsonObject config = TestInfra.config();
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    vertx.deployVerticle(new ClockVerticle(), options).await();
    ClockContract.PAUSE.request(vertx, Empty.INSTANCE, TIMEOUT).await();
    vertx.deployVerticle(new PlayerVerticle(), options).await();
    String estate = vertx.deployVerticle(new EstateVerticle(), options).await();
    Pool pool = Clients.pgPool(vertx, config);
    Estates.Plot plot = small();
    long week = 7 * 24 * 60;
    long owner = player(vertx, "Ula");
    grant(pool, owner, Ledger.COIN, plot.price() + plot.upkeep());
    buy(vertx, owner, plot.id(), null);
    store(vertx, owner, plot.id(), "rations", 2);
    EstateContract.PREPAY
        .request(vertx, new EstateContract.Prepay(owner, plot.id(), plot.upkeep(), null), TIMEOUT)
        .await();
    // Nothing else to pay with: the rest of the purse is lost on the road.
    long purse = balance(pool, Ledger.player(owner), Ledger.COIN);
    pool.withTransaction(
            tx ->
                Ledger.transfer(
                    tx, Ledger.player(owner), Ledger.WORLD, Ledger.COIN, purse, "robbed"))
        .await();
    long treasury = balance(pool, Ledger.town(TOWN), Ledger.COIN);

    // The first week is paid from the credit, once; a restart and another hour charge nothing more.
    advanceUntil(vertx, pool, plot.id(), week, 1);
    assertEquals(plot.upkeep(), week(pool, plot.id(), 0).getLong("paid"));
    assertEquals("good", week(pool, plot.id(), 0).getString("status_after"));
    assertEquals(treasury + plot.upkeep(), balance(pool, Ledger.town(TOWN), Ledger.COIN));
    vertx.undeploy(estate).await();
    vertx.deployVerticle(new EstateVerticle(), options).await();
    // Three weeks at once (a clock catching up), after the restart: each week charged once (four
    // weeks, four charges), climbing the ladder.
    advanceUntil(vertx, pool, plot.id(), 3 * week, 4);
    assertEquals(4, upkeepRows(pool, plot.id()), "each week charged once, across a restart");
    assertEquals("notice", week(pool, plot.id(), 1).getString("status_after"));
    assertEquals(plot.upkeep(), week(pool, plot.id(), 1).getLong("owed_after"));
    assertEquals("grace", week(pool, plot.id(), 2).getString("status_after"));
    assertEquals("grace", week(pool, plot.id(), 3).getString("status_after"));
    long owedWithInterest = week(pool, plot.id(), 3).getLong("owed_after");
    assertTrue(
        owedWithInterest > 3 * plot.upkeep(), "interest while in grace: " + owedWithInterest);
    assertEquals(treasury + plot.upkeep(), balance(pool, Ledger.town(TOWN), Ledger.COIN));

    // A lien, then seizure: the plot is free again and what the house held is in the impound.
    advanceUntil(vertx, pool, plot.id(), 2 * week, 6);
    assertEquals("lien", week(pool, plot.id(), 4).getString("status_after"));
    assertEquals("seized", week(pool, plot.id(), 5).getString("status_after"));
    JsonObject board =
        EstateContract.PLOTS.request(vertx, new TownRef(TOWN), TIMEOUT).await().json();
    assertTrue(
        board.getJsonArray("plots").stream()
            .map(JsonObject.class::cast)
            .anyMatch(
                p -> p.getString("id").equals(plot.id()) && p.getString("status").equals("free")),
        board.encode());
    JsonObject mine =
        EstateContract.HOUSES
            .request(vertx, new EstateContract.Mine(owner), TIMEOUT)
            .await()
            .json();
    assertTrue(mine.getJsonArray("houses").isEmpty());
    JsonObject impound = mine.getJsonArray("impounds").getJsonObject(0);
    assertEquals(2L, impound.getJsonObject("held").getLong("rations"));
    assertEquals(0L, balance(pool, Ledger.house(plot.id()), "rations"));

    // Reclaiming costs the fee and brings the rations back.
    long rations = balance(pool, Ledger.player(owner), "rations");
    ReplyException cannotPay =
        TestInfra.refused(
            () ->
                EstateContract.RECLAIM
                    .request(
                        vertx, new EstateContract.Reclaim(owner, impound.getLong("id")), TIMEOUT)
                    .await());
    assertEquals(409, cannotPay.failureCode());
    grant(pool, owner, Ledger.COIN, impound.getLong("fee"));
    EstateContract.RECLAIM
        .request(vertx, new EstateContract.Reclaim(owner, impound.getLong("id")), TIMEOUT)
        .await();
    assertEquals(rations + 2, balance(pool, Ledger.player(owner), "rations"));
    assertEquals(
        ClockContract.TIME.request(vertx, Empty.INSTANCE, TIMEOUT).await().gameMinutes(),
        one(pool, "SELECT closed_minute FROM estate_impounds WHERE plot_id = $1", plot.id()),
        "reclaimed at this minute");
    // The owner was told at each rung.
    long deadline = System.currentTimeMillis() + TIMEOUT;
    while (!PlayerContract.ME
        .request(vertx, new PlayerContract.Me(owner), TIMEOUT)
        .await()
        .json()
        .getJsonArray("notices")
        .encode()
        .contains("was seized for unpaid upkeep")) {
      assertTrue(System.currentTimeMillis() < deadline, "no notice of the seizure");
      vertx.timer(50).await();
    }
    conserved(pool);
  }

  @Test
  void aSoldHouseChangesHandsOnceWithoutItsKeysAndKeepsOrHandsOverItsStorage(Vertx vertx) {
    Pool pool = deploy(vertx);
    Estates.Plot plot = small();
    long seller = player(vertx, "Sel");
    long buyer = player(vertx, "Bea");
    long friend = player(vertx, "Fitz");
    long price = 50_000;
    grant(pool, seller, Ledger.COIN, plot.price());
    long bought = ClockContract.TIME.request(vertx, Empty.INSTANCE, TIMEOUT).await().gameMinutes();
    buy(vertx, seller, plot.id(), null);
    store(vertx, seller, plot.id(), "rations", 2);
    EstateContract.GIVE_KEY
        .request(vertx, new EstateContract.KeyStep(seller, plot.id(), "Fitz"), TIMEOUT)
        .await();
    // A ration on the shop's shelf: the sale closes the shop.
    EstateContract.LIST
        .request(vertx, new EstateContract.Listing(seller, plot.id(), "rations", 1, 30), TIMEOUT)
        .await();

    // Each command carries its game minute.
    assertEquals(
        bought,
        one(pool, "SELECT game_minute FROM estate_moves WHERE plot_id = $1", plot.id()),
        "the store");
    assertEquals(
        bought,
        one(pool, "SELECT given_minute FROM estate_keys WHERE plot_id = $1", plot.id()),
        "the key");
    // The sale comes an hour later.
    long sold =
        ClockContract.ADVANCE
            .request(vertx, new ClockContract.Advance(61), TIMEOUT)
            .await()
            .gameMinutes();
    JsonObject offered =
        EstateContract.SELL
            .request(
                vertx,
                new EstateContract.Sell(seller, plot.id(), "Bea", price, false, "sale-0001"),
                TIMEOUT)
            .await()
            .json();
    long sale = offered.getJsonArray("sales").getJsonObject(0).getLong("id");
    assertEquals(
        409,
        TestInfra.refused(
                () ->
                    EstateContract.SELL
                        .request(
                            vertx,
                            new EstateContract.Sell(seller, plot.id(), "Fitz", 1, true, null),
                            TIMEOUT)
                        .await())
            .failureCode(),
        "one open sale per house");
    ReplyException poor =
        TestInfra.refused(
            () ->
                EstateContract.ACCEPT_SALE
                    .request(vertx, new EstateContract.SaleStep(buyer, sale), TIMEOUT)
                    .await());
    assertEquals(409, poor.failureCode());

    grant(pool, buyer, Ledger.COIN, price);
    long sellerCoin = balance(pool, Ledger.player(seller), Ledger.COIN);
    long sellerRations = balance(pool, Ledger.player(seller), "rations");
    List<Future<?>> twice = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      twice.add(
          EstateContract.ACCEPT_SALE.request(
              vertx, new EstateContract.SaleStep(buyer, sale), TIMEOUT));
    }
    Future.join(twice).await();
    assertEquals(
        sellerCoin + price, balance(pool, Ledger.player(seller), Ledger.COIN), "paid once");
    assertEquals(sellerRations + 2, balance(pool, Ledger.player(seller), "rations"), "kept");
    assertEquals(0L, balance(pool, Ledger.house(plot.id()), "rations"));
    assertEquals(0L, balance(pool, Ledger.shop(plot.id()), "rations"), "the shop closed");
    JsonObject bea =
        EstateContract.HOUSES
            .request(vertx, new EstateContract.Mine(buyer), TIMEOUT)
            .await()
            .json();
    assertEquals(plot.id(), bea.getJsonArray("houses").getJsonObject(0).getString("id"));
    assertTrue(bea.getJsonArray("houses").getJsonObject(0).getJsonArray("keys").isEmpty());
    assertTrue(bea.getJsonArray("houses").getJsonObject(0).getJsonArray("shop").isEmpty());
    assertEquals(
        403,
        TestInfra.refused(() -> take(vertx, friend, plot.id(), Ledger.COIN, 1)).failureCode(),
        "the old owner's keys open nothing");
    assertEquals(
        403,
        TestInfra.refused(() -> store(vertx, seller, plot.id(), "rations", 1)).failureCode(),
        "nor does the old owner");

    assertEquals(
        sold, one(pool, "SELECT offered_minute FROM estate_sales WHERE plot_id = $1", plot.id()));
    assertEquals(
        sold, one(pool, "SELECT closed_minute FROM estate_sales WHERE plot_id = $1", plot.id()));
    // Whose it was when: the seller's from the purchase, with a ration stored and one shelved
    // then; the buyer's from the sale, bare.
    JsonObject sellersThen = ownedAt(vertx, seller, bought).getJsonObject(0);
    assertEquals(plot.id(), sellersThen.getString("plot"));
    assertEquals("bought", sellersThen.getString("cameBy"));
    assertEquals(bought, sellersThen.getLong("since"));
    assertEquals(new JsonObject().put("rations", 1L), sellersThen.getJsonObject("stored"));
    assertEquals(new JsonObject().put("rations", 1L), sellersThen.getJsonObject("shelf"));
    assertEquals(
        new JsonObject().put("rations", 30L),
        sellersThen.getJsonObject("prices"),
        "what the shelf asked then");
    assertTrue(ownedAt(vertx, seller, sold).isEmpty(), "sold at that minute");
    // Fitz held a key from the purchase's minute until the sale ended it.
    JsonObject fitzThen = keysAt(vertx, friend, bought).getJsonObject(0);
    assertEquals(plot.id(), fitzThen.getString("plot"));
    assertEquals(plot.town(), fitzThen.getString("town"));
    assertEquals(bought, fitzThen.getLong("since"));
    assertTrue(keysAt(vertx, friend, sold).isEmpty(), "the sale ended every key");
    assertTrue(keysAt(vertx, friend, bought - 1).isEmpty(), "none before it was given");
    assertEquals(
        sold, one(pool, "SELECT taken_minute FROM estate_key_log WHERE plot_id = $1", plot.id()));
    // The shelf's price history: 30 from the purchase's minute, taken off when the shop closed.
    assertEquals(
        2L,
        one(pool, "SELECT count(*) FROM estate_shelf_prices WHERE plot_id = $1", plot.id()),
        "listed, then closed");
    assertEquals(
        sold,
        one(
            pool,
            "SELECT from_minute FROM estate_shelf_prices WHERE plot_id = $1 AND unit_price IS NULL",
            plot.id()));
    assertTrue(ownedAt(vertx, buyer, sold - 1).isEmpty(), "not the buyer's before");
    JsonObject buyersNow = ownedAt(vertx, buyer, sold).getJsonObject(0);
    assertEquals("bought_from_player", buyersNow.getString("cameBy"));
    assertEquals(new JsonObject(), buyersNow.getJsonObject("stored"), "the seller kept it all");
    // An admin's look back at the seller, through the player verticle, carries the house.
    JsonObject lookBack =
        ModerationContract.HELD_AT
            .request(vertx, new ModerationContract.AccountAt(seller, bought), TIMEOUT)
            .await()
            .json();
    assertEquals(
        plot.id(),
        lookBack.getJsonArray("houses").getJsonObject(0).getString("plot"),
        "" + lookBack);
    JsonObject fitzBack =
        ModerationContract.HELD_AT
            .request(vertx, new ModerationContract.AccountAt(friend, bought), TIMEOUT)
            .await()
            .json();
    assertEquals(
        plot.id(), fitzBack.getJsonArray("keys").getJsonObject(0).getString("plot"), "" + fitzBack);
    conserved(pool);
  }

  /** The one number a query about one row answers. */
  static long one(Pool pool, String sql, String plot) {
    return pool.preparedQuery(sql).execute(Tuple.of(plot)).await().iterator().next().getLong(0);
  }

  static JsonArray ownedAt(Vertx vertx, long account, long minute) {
    return EstateContract.OWNED_AT
        .request(vertx, new ModerationContract.AccountAt(account, minute), TIMEOUT)
        .await()
        .json()
        .getJsonArray("houses");
  }

  static JsonArray keysAt(Vertx vertx, long account, long minute) {
    return EstateContract.OWNED_AT
        .request(vertx, new ModerationContract.AccountAt(account, minute), TIMEOUT)
        .await()
        .json()
        .getJsonArray("keys");
  }

  static Future<JsonObject> shopBuy(Vertx vertx, long buyer, String plot, long qty, long max) {
    return EstateContract.SHOP_BUY
        .request(
            vertx,
            new EstateContract.ShopBuy(
                buyer, plot, "bread", qty, max, UUID.randomUUID().toString()),
            TIMEOUT)
        .map(d -> d.json());
  }

  @Test
  void aShopSellsWhileItsOwnerIsAwayTheLastLoafOnceAndNothingUnderALien(Vertx vertx) {
    Pool pool = deploy(vertx);
    Estates.Plot plot = small();
    long owner = player(vertx, "Sho");
    grant(pool, owner, Ledger.COIN, plot.price());
    grant(pool, owner, "bread", 5);
    buy(vertx, owner, plot.id(), null);
    store(vertx, owner, plot.id(), "bread", 5);
    EstateContract.LIST
        .request(vertx, new EstateContract.Listing(owner, plot.id(), "bread", 3, 50), TIMEOUT)
        .await();
    assertEquals(3L, balance(pool, Ledger.shop(plot.id()), "bread"));
    assertEquals(
        409,
        TestInfra.refused(() -> take(vertx, owner, plot.id(), "bread", 3)).failureCode(),
        "listed goods cannot be taken out");

    List<Long> buyers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      long b = player(vertx, "Cust" + (char) ('a' + i));
      grant(pool, b, Ledger.COIN, 1_000);
      buyers.add(b);
    }
    ReplyException fresh =
        TestInfra.refused(() -> shopBuy(vertx, buyers.get(0), plot.id(), 1, 50).await());
    assertEquals(409, fresh.failureCode());
    assertTrue(fresh.getMessage().contains("price just changed"), fresh.getMessage());
    ClockContract.ADVANCE.request(vertx, new ClockContract.Advance(61), TIMEOUT).await();
    assertEquals(
        409,
        TestInfra.refused(() -> shopBuy(vertx, buyers.get(0), plot.id(), 1, 49).await())
            .failureCode(),
        "dearer than the buyer's limit");

    long house = balance(pool, Ledger.house(plot.id()), Ledger.COIN);
    long treasury = balance(pool, Ledger.town(TOWN), Ledger.COIN);
    JsonObject receipt = shopBuy(vertx, buyers.get(0), plot.id(), 2, 50).await();
    assertEquals(100L, receipt.getLong("total"));
    long tax = receipt.getLong("tax");
    assertTrue(tax > 0, "the town's sales tax: " + receipt.encode());
    assertEquals(house + 100 - tax, balance(pool, Ledger.house(plot.id()), Ledger.COIN));
    assertEquals(treasury + tax, balance(pool, Ledger.town(TOWN), Ledger.COIN));
    JsonObject sold =
        EstateContract.HOUSES
            .request(vertx, new EstateContract.Mine(owner), TIMEOUT)
            .await()
            .json()
            .getJsonArray("houses")
            .getJsonObject(0)
            .getJsonArray("sales")
            .getJsonObject(0);
    assertEquals(2L, sold.getLong("qty"), "the owner sees the sale: " + sold.encode());
    assertEquals("Custa", sold.getString("buyer"));

    // One loaf left, four buyers at once: exactly one gets it.
    List<Future<JsonObject>> race = new ArrayList<>();
    for (long b : buyers) {
      race.add(shopBuy(vertx, b, plot.id(), 1, 50));
    }
    Future.join(race).otherwiseEmpty().await();
    assertEquals(1, race.stream().filter(Future::succeeded).count());
    assertEquals(0L, balance(pool, Ledger.shop(plot.id()), "bread"));

    // Under a lien the shop sells nothing.
    EstateContract.LIST
        .request(vertx, new EstateContract.Listing(owner, plot.id(), "bread", 2, 50), TIMEOUT)
        .await();
    pool.query("UPDATE estate_titles SET status = 'lien'").execute().await();
    ClockContract.ADVANCE.request(vertx, new ClockContract.Advance(61), TIMEOUT).await();
    ReplyException lien =
        TestInfra.refused(() -> shopBuy(vertx, buyers.get(1), plot.id(), 1, 50).await());
    assertTrue(lien.getMessage().contains("lien"), lien.getMessage());
    pool.query("UPDATE estate_titles SET status = 'good'").execute().await();
    EstateContract.DELIST
        .request(vertx, new EstateContract.Delisting(owner, plot.id(), "bread"), TIMEOUT)
        .await();
    assertEquals(2L, balance(pool, Ledger.house(plot.id()), "bread"), "back in storage");
    conserved(pool);
  }

  static Future<JsonObject> fill(Vertx vertx, long seller, long order, long qty) {
    return EstateContract.FILL_ORDER
        .request(
            vertx,
            new EstateContract.Fill(seller, order, qty, UUID.randomUUID().toString()),
            TIMEOUT)
        .map(d -> d.json());
  }

  @Test
  void aBuyOrderHoldsItsCoinIsFilledPartlyBySeveralSellersNeverBeyondAndCancelsTheRest(
      Vertx vertx) {
    Pool pool = deploy(vertx);
    long buyer = player(vertx, "Wanda");
    grant(pool, buyer, Ledger.COIN, 1_000);
    long purse = balance(pool, Ledger.player(buyer), Ledger.COIN);
    JsonObject order =
        EstateContract.POST_ORDER
            .request(
                vertx, new EstateContract.Wanted(buyer, "bread", 10, 40, "wanted-0001"), TIMEOUT)
            .await()
            .json();
    long id = order.getLong("id");
    assertEquals(purse - 400, balance(pool, Ledger.player(buyer), Ledger.COIN), "held at once");
    // The same request again is the same order.
    assertEquals(
        id,
        EstateContract.POST_ORDER
            .request(
                vertx, new EstateContract.Wanted(buyer, "bread", 10, 40, "wanted-0001"), TIMEOUT)
            .await()
            .json()
            .getLong("id"));
    assertEquals(400L, balance(pool, Orders.escrow(id), Ledger.COIN));
    JsonObject board =
        EstateContract.WANTED.request(vertx, new TownRef(TOWN), TIMEOUT).await().json();
    assertEquals(id, board.getJsonArray("orders").getJsonObject(0).getLong("id"));

    List<Long> sellers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      long s = player(vertx, "Baker" + (char) ('a' + i));
      grant(pool, s, "bread", 4);
      sellers.add(s);
    }
    assertEquals(
        400, TestInfra.refused(() -> fill(vertx, buyer, id, 1).await()).failureCode(), "own order");
    assertEquals(
        409, TestInfra.refused(() -> fill(vertx, sellers.get(0), id, 11).await()).failureCode());
    // Four bakers with three loaves each for ten wanted: never more than ten change hands.
    List<Future<JsonObject>> fills = new ArrayList<>();
    for (long s : sellers) {
      fills.add(fill(vertx, s, id, 3));
    }
    Future.join(fills).otherwiseEmpty().await();
    assertEquals(3, fills.stream().filter(Future::succeeded).count());
    assertEquals(9L, balance(pool, Ledger.player(buyer), "bread"));
    fills.stream()
        .filter(Future::failed)
        .forEach(f -> assertEquals(409, ((ReplyException) f.cause()).failureCode()));
    // Every baker kept a loaf at least: one sells the last one wanted.
    JsonObject last = fill(vertx, sellers.get(3), id, 1).await();
    assertEquals("filled", last.getString("status"));
    assertEquals(10L, balance(pool, Ledger.player(buyer), "bread"));
    assertEquals(0L, balance(pool, Orders.escrow(id), Ledger.COIN));
    // Posted, filled and closed at the (paused) clock's minute.
    long minute = ClockContract.TIME.request(vertx, Empty.INSTANCE, TIMEOUT).await().gameMinutes();
    Row stamped =
        pool.preparedQuery("SELECT posted_minute, closed_minute FROM estate_orders WHERE id = $1")
            .execute(Tuple.of(id))
            .await()
            .iterator()
            .next();
    assertEquals(minute, stamped.getLong("posted_minute"));
    assertEquals(minute, stamped.getLong("closed_minute"));
    assertEquals(
        0L,
        pool.preparedQuery(
                "SELECT count(*) FROM estate_order_fills WHERE order_id = $1"
                    + " AND game_minute IS DISTINCT FROM $2")
            .execute(Tuple.of(id, minute))
            .await()
            .iterator()
            .next()
            .getLong(0),
        "every fill at that minute");

    // A second order, partly filled, then cancelled: the rest comes back.
    long second =
        EstateContract.POST_ORDER
            .request(vertx, new EstateContract.Wanted(buyer, "bread", 5, 20, null), TIMEOUT)
            .await()
            .json()
            .getLong("id");
    fill(vertx, sellers.get(0), second, 1).await();
    long before = balance(pool, Ledger.player(buyer), Ledger.COIN);
    JsonObject cancelled =
        EstateContract.CANCEL_ORDER
            .request(vertx, new EstateContract.OrderStep(buyer, second), TIMEOUT)
            .await()
            .json();
    assertEquals("cancelled", cancelled.getString("status"));
    assertEquals(before + 80, balance(pool, Ledger.player(buyer), Ledger.COIN));
    conserved(pool);
  }

  @Test
  void aClockCatchingUpThreeWeeksOfDowntimeChargesEachWeekOnce(Vertx vertx) {
    // A fast clock (a game week is 100 real seconds) that catches up the time it was down.
    JsonObject config =
        TestInfra.config(
            new JsonObject()
                .put(
                    "clock",
                    new JsonObject().put("secondsPerGameHour", 0.6).put("ignoreDowntime", false)));
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    String clock = vertx.deployVerticle(new ClockVerticle(), options).await();
    vertx.deployVerticle(new PlayerVerticle(), options).await();
    vertx.deployVerticle(new EstateVerticle(), options).await();
    Pool pool = Clients.pgPool(vertx, config);
    Estates.Plot plot = small();
    long owner = player(vertx, "Dot");
    grant(pool, owner, Ledger.COIN, plot.price() + 20 * plot.upkeep());
    buy(vertx, owner, plot.id(), null);
    EstateContract.PREPAY
        .request(
            vertx, new EstateContract.Prepay(owner, plot.id(), 20 * plot.upkeep(), null), TIMEOUT)
        .await();
    long treasury = balance(pool, Ledger.town(TOWN), Ledger.COIN);

    // The clock is down for what three game weeks take, then comes back and catches up.
    vertx.undeploy(clock).await();
    pool.query("UPDATE clock_state SET saved_at = saved_at - interval '302 seconds'")
        .execute()
        .await();
    vertx.deployVerticle(new ClockVerticle(), options).await();
    long deadline = System.currentTimeMillis() + TIMEOUT;
    while (upkeepRows(pool, plot.id()) < 3) {
      assertTrue(
          System.currentTimeMillis() < deadline, "weeks charged: " + upkeepRows(pool, plot.id()));
      vertx.timer(50).await();
    }
    // However many weeks have passed by now, each was charged once: the town has one upkeep per
    // row.
    long rows = upkeepRows(pool, plot.id());
    long weeks =
        pool.query("SELECT count(DISTINCT week) FROM estate_upkeep")
            .execute()
            .await()
            .iterator()
            .next()
            .getLong(0);
    assertEquals(rows, weeks);
    long paid = balance(pool, Ledger.town(TOWN), Ledger.COIN) - treasury;
    long charged =
        pool.query("SELECT sum(paid) FROM estate_upkeep")
            .execute()
            .await()
            .iterator()
            .next()
            .getLong(0);
    assertEquals(charged, paid, "the town got what the rows say, no more");
    assertTrue(charged >= 3 * plot.upkeep() && charged % plot.upkeep() == 0, "paid " + charged);
    conserved(pool);
  }
}
