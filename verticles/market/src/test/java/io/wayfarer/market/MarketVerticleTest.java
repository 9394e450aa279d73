package io.wayfarer.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.TownRef;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.market.MarketContract;
import io.wayfarer.shared.market.MarketContract.StockChange;
import io.wayfarer.shared.market.MarketContract.Supply;
import io.wayfarer.shared.test.TestInfra;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real MarketVerticle alone on a real bus, against a database of its own: its commands through
 * their declarations, what it refuses, and the board it publishes.
 */
@ExtendWith(VertxExtension.class)
class MarketVerticleTest {

  static void deploy(Vertx vertx) {
    vertx
        .deployVerticle(new MarketVerticle(), new DeploymentOptions().setConfig(TestInfra.config()))
        .await();
  }

  static long stock(JsonObject board, String good) {
    return good(board, good).getLong("stock");
  }

  @Test
  void supplyMovesStockAndTheNewBoardIsPublished(Vertx vertx) {
    deploy(vertx);
    JsonObject before =
        MarketContract.PRICES.request(vertx, new TownRef("redhaven"), 10_000).await().json();
    long bread = stock(before, "bread");
    List<JsonObject> heard = new CopyOnWriteArrayList<>();
    vertx
        .eventBus()
        .<JsonObject>consumer(MarketContract.BOARD.address("redhaven"), m -> heard.add(m.body()))
        .completion()
        .await();

    Supply applied =
        MarketContract.SUPPLY
            .request(
                vertx,
                new Supply(List.of(new StockChange("redhaven", "bread", 12, "a test's ovens"))),
                10_000)
            .await();
    assertEquals(
        List.of(new StockChange("redhaven", "bread", 12, "a test's ovens")), applied.batch());
    JsonObject after =
        MarketContract.PRICES.request(vertx, new TownRef("redhaven"), 10_000).await().json();
    assertEquals(bread + 12, stock(after, "bread"), "the board reads the ledger");
    long deadline = System.currentTimeMillis() + 30_000;
    while (heard.stream().noneMatch(b -> stock(b, "bread") == bread + 12)) {
      assertTrue(System.currentTimeMillis() < deadline, "the new board is published: " + heard);
      vertx.timer(20).await();
    }
  }

  /**
   * Goods from the world cost the market their mid price and goods to the world pay it, so a free
   * refill can no longer be sold on; an import the market cannot pay for stays out.
   */
  @Test
  void theWorldIsPaidForWhatItBringsAndPaysForWhatItTakes(Vertx vertx) {
    JsonObject config =
        TestInfra.config(new JsonObject().put("market", new JsonObject().put("driftRate", 0.0)));
    vertx.deployVerticle(new MarketVerticle(), new DeploymentOptions().setConfig(config)).await();
    Pool pool = Clients.pgPool(vertx, config);
    String market = Ledger.market("saltmere");
    long coin = Ledger.balance(pool, market, Ledger.COIN).await();
    long salt = Ledger.balance(pool, market, "salt").await();
    JsonObject board =
        MarketContract.PRICES.request(vertx, new TownRef("saltmere"), 10_000).await().json();

    supply(vertx, "saltmere", "salt", 1, "a test's salt pans");
    long paid = coin - Ledger.balance(pool, market, Ledger.COIN).await();
    assertEquals(salt + 1, Ledger.balance(pool, market, "salt").await());
    assertTrue(paid > 0, "the market paid for the salt");
    // The mid price: between what a player gets and pays.
    assertTrue(
        paid >= good(board, "salt").getLong("sell") && paid <= good(board, "salt").getLong("buy"),
        "between the board's prices: " + paid + " against " + board.encode());

    long before = Ledger.balance(pool, market, Ledger.COIN).await();
    supply(vertx, "saltmere", "salt", -1, "a test's kitchens");
    long got = Ledger.balance(pool, market, Ledger.COIN).await() - before;
    assertEquals(salt, Ledger.balance(pool, market, "salt").await());
    assertEquals(paid, got, "the same unit is worth the same at the same stock, either way");

    // A caravan's load, leaving and coming back, is paid as a whole at the price before it moves:
    // it comes back dearer than it left (the market held less), and no slippage along the curve.
    long beforeCaravan = Ledger.balance(pool, market, Ledger.COIN).await();
    supply(vertx, "saltmere", "salt", -20, StockChange.loaded("oakhollow"));
    long loadedFor = Ledger.balance(pool, market, Ledger.COIN).await() - beforeCaravan;
    supply(vertx, "saltmere", "salt", 20, StockChange.unloaded("oakhollow", "salt"));
    long boughtBackFor =
        beforeCaravan + loadedFor - Ledger.balance(pool, market, Ledger.COIN).await();
    assertTrue(loadedFor > 0 && boughtBackFor > loadedFor, loadedFor + " then " + boughtBackFor);
    assertEquals(salt, Ledger.balance(pool, market, "salt").await());

    // Empty the market's purse: a new lot cannot be paid for, so it stays in the world.
    long purse = Ledger.balance(pool, market, Ledger.COIN).await();
    pool.withTransaction(
            tx -> Ledger.transfer(tx, market, Ledger.WORLD, Ledger.COIN, purse, "a test's thief"))
        .await();
    Supply refused = supply(vertx, "saltmere", "salt", 5, "a test's salt pans");
    assertEquals(0, refused.batch().get(0).delta(), "nothing moved that was not paid for");
    assertEquals(salt, Ledger.balance(pool, market, "salt").await());
    assertEquals(Map.of(), Ledger.imbalances(pool).await(), "the ledger balances");
    pool.close().await();
  }

  static Supply supply(Vertx vertx, String town, String good, long delta, String reason) {
    return MarketContract.SUPPLY
        .request(vertx, new Supply(List.of(new StockChange(town, good, delta, reason))), 10_000)
        .await();
  }

  static JsonObject good(JsonObject board, String good) {
    return board.getJsonArray("goods").stream()
        .map(JsonObject.class::cast)
        .filter(g -> good.equals(g.getString("id")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(good + " not on the board: " + board.encode()));
  }

  @Test
  void badBodiesAreRefusedInWordsBeforeTheHandler(Vertx vertx) {
    deploy(vertx);
    assertEquals(
        404,
        failure(vertx, MarketContract.PRICES.address(), new JsonObject().put("town", "Red Haven!"))
            .failureCode());
    assertEquals(
        404,
        failure(vertx, MarketContract.PRICES.address(), new JsonObject().put("town", "atlantis"))
            .failureCode());
    ReplyException noReason =
        failure(
            vertx,
            MarketContract.SUPPLY.address(),
            new JsonObject()
                .put(
                    "batch",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("town", "redhaven")
                                .put("good", "bread")
                                .put("delta", 1))));
    assertEquals(400, noReason.failureCode());
    assertTrue(noReason.getMessage().contains("a reason"), noReason.getMessage());
    ReplyException unknownGood =
        failure(
            vertx,
            MarketContract.SUPPLY.address(),
            new Supply(List.of(new StockChange("redhaven", "dragon_eggs", 1, "a test"))).toJson());
    assertEquals(400, unknownGood.failureCode());
    // Nothing moved: the board is what it was.
    Document board = MarketContract.PRICES.request(vertx, new TownRef("redhaven"), 10_000).await();
    assertTrue(board.json().getJsonArray("goods").size() > 0);
  }

  static ReplyException failure(Vertx vertx, String address, JsonObject body) {
    try {
      vertx.eventBus().request(address, body).await();
    } catch (ReplyException e) {
      return e;
    }
    throw new AssertionError(address + " accepted " + body.encode());
  }
}
