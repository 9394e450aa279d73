package io.wayfarer.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.TownRef;
import io.wayfarer.shared.market.MarketContract;
import io.wayfarer.shared.market.MarketContract.StockChange;
import io.wayfarer.shared.market.MarketContract.Supply;
import io.wayfarer.shared.test.TestInfra;
import java.util.List;
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
    return board.getJsonArray("goods").stream()
        .map(JsonObject.class::cast)
        .filter(g -> good.equals(g.getString("id")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(good + " not on the board: " + board.encode()))
        .getLong("stock");
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
