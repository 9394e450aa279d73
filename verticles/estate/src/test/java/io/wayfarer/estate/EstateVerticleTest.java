package io.wayfarer.estate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.wayfarer.clock.ClockVerticle;
import io.wayfarer.player.PlayerVerticle;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.bus.TownRef;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.estate.EstateContract;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.test.TestInfra;
import io.wayfarer.shared.world.Estates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
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

  static ReplyException refused(Supplier<?> request) {
    try {
      request.get();
    } catch (ReplyException e) {
      return e;
    }
    throw new AssertionError("the request was not refused");
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

    ReplyException poor = refused(() -> buy(vertx, ada, plot.id(), null));
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

    ReplyException taken = refused(() -> buy(vertx, bo, plot.id(), null));
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
    ReplyException elsewhere = refused(() -> buy(vertx, bo, away.id(), null));
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

    ReplyException locked = refused(() -> take(vertx, stranger, plot.id(), Ledger.COIN, 1));
    assertEquals(403, locked.failureCode());
    locked = refused(() -> take(vertx, friend, plot.id(), "rations", 1));
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
        refused(
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
        refused(() -> take(vertx, friend, plot.id(), "rations", 1)).failureCode(),
        "a key taken back opens nothing");

    // More than the house holds cannot come out; more goods than it stores cannot go in.
    assertEquals(409, refused(() -> take(vertx, owner, plot.id(), "rations", 5)).failureCode());
    grant(pool, owner, "bread", plot.size().storage());
    ReplyException full =
        refused(() -> store(vertx, owner, plot.id(), "bread", plot.size().storage()));
    assertEquals(409, full.failureCode());
    assertTrue(full.getMessage().contains("stores " + plot.size().storage()), full.getMessage());
    store(vertx, owner, plot.id(), "bread", plot.size().storage() - 1);
    assertEquals(
        400,
        refused(() -> store(vertx, owner, plot.id(), "mithril", 1)).failureCode(),
        "what the world does not have cannot be stored");
    conserved(pool);
  }
}
