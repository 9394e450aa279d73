package io.wayfarer.server;

import static io.wayfarer.server.Browser.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.test.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Houses through the whole server over HTTP: anyone sees a town's plots; a player buys one, stores
 * gold, gives a friend a key and takes it back; bad input is refused at the edge; the ledger
 * balances afterwards.
 */
@ExtendWith(VertxExtension.class)
class EstateTest {
  static Wayfarer server;
  static int port;
  static Pool pool;

  @BeforeAll
  static void start() {
    server = InProcess.start(TestInfra.config());
    port = InProcess.httpPort(server);
    pool = Clients.pgPool(server.vertx(), server.config());
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    InProcess.assertConserved(server);
    server.close();
  }

  static long id(Browser b) {
    return expect(200, b.get("/api/me")).bodyAsJsonObject().getJsonObject("account").getLong("id");
  }

  /** Gold from the world, as wages would pay it. */
  static void grant(Browser b, long copper) {
    long player = id(b);
    pool.withTransaction(
            tx ->
                Ledger.transfer(
                    tx, Ledger.WORLD, Ledger.player(player), Ledger.COIN, copper, "test"))
        .await();
  }

  @Test
  void aPlayerBuysAHouseStoresGoldAndLendsAKeyUntilTakingItBack(Vertx vertx) {
    Browser anyone = new Browser(vertx, port);
    JsonObject plots = expect(200, anyone.get("/api/towns/redhaven/plots")).bodyAsJsonObject();
    JsonObject plot = plots.getJsonArray("plots").getJsonObject(0);
    assertEquals("free", plot.getString("status"), plots.encode());
    String id = plot.getString("id");

    Browser owner = new Browser(vertx, port);
    owner.newCharacter("hugh" + System.nanoTime() % 100000, "Hugh", "fighter");
    Browser friend = new Browser(vertx, port);
    friend.newCharacter("fay" + System.nanoTime() % 100000, "Fay", "bard");
    grant(owner, plot.getLong("price") + 300);

    expect(400, owner.post("/api/estates/buy", new JsonObject().put("plot", "Not An Id!")));
    expect(404, owner.post("/api/estates/buy", new JsonObject().put("plot", "no_such_plot")));
    expect(401, anyone.post("/api/estates/buy", new JsonObject().put("plot", id)));
    JsonObject house =
        expect(200, owner.post("/api/estates/buy", new JsonObject().put("plot", id)))
            .bodyAsJsonObject();
    assertEquals(id, house.getString("id"));
    expect(409, friend.post("/api/estates/buy", new JsonObject().put("plot", id)));

    JsonObject move = new JsonObject().put("plot", id).put("asset", "coin").put("qty", 500);
    expect(200, owner.post("/api/estates/store", move));
    expect(403, friend.post("/api/estates/take", move.copy().put("qty", 100)));
    // A quantity of nothing is refused at the edge.
    expect(400, owner.post("/api/estates/store", move.copy().put("qty", 0)));
    expect(
        200, owner.post("/api/estates/keys", new JsonObject().put("plot", id).put("name", "Fay")));
    JsonObject taken =
        expect(200, friend.post("/api/estates/take", move.copy().put("qty", 100)))
            .bodyAsJsonObject();
    assertEquals(400L, taken.getJsonObject("stored").getLong("coin"));
    assertTrue(
        expect(200, friend.get("/api/me")).bodyAsString().contains("You were given a key to"),
        "the friend's notices say so");
    expect(
        200,
        owner.post(
            "/api/estates/keys/remove", new JsonObject().put("plot", id).put("name", "Fay")));
    expect(403, friend.post("/api/estates/take", move.copy().put("qty", 100)));

    // Upkeep paid ahead by the owner only; the house says where it stands.
    JsonObject prepay = new JsonObject().put("plot", id).put("qty", 300);
    expect(403, friend.post("/api/estates/prepay", prepay));
    JsonObject ahead = expect(200, owner.post("/api/estates/prepay", prepay)).bodyAsJsonObject();
    assertEquals(300L, ahead.getLong("credit"));
    assertEquals("good", ahead.getString("status"));
    expect(404, owner.post("/api/estates/reclaim", new JsonObject().put("impound", 999_999)));

    JsonObject mine = expect(200, owner.get("/api/estates")).bodyAsJsonObject();
    assertEquals(id, mine.getJsonArray("houses").getJsonObject(0).getString("id"));
    assertTrue(mine.getJsonArray("houses").getJsonObject(0).getJsonArray("keys").isEmpty());
    JsonObject after = expect(200, anyone.get("/api/towns/redhaven/plots")).bodyAsJsonObject();
    assertEquals(
        "Hugh",
        after.getJsonArray("plots").stream()
            .map(JsonObject.class::cast)
            .filter(p -> p.getString("id").equals(id))
            .findFirst()
            .orElseThrow()
            .getString("owner"));
    expect(404, anyone.get("/api/towns/atlantis/plots"));
    JsonObject shops = expect(200, anyone.get("/api/towns/redhaven/shops")).bodyAsJsonObject();
    assertTrue(shops.getJsonArray("listings").isEmpty(), shops.encode());
    expect(404, anyone.get("/api/towns/atlantis/shops"));
    // A buy order holds its coin; the one who posted it cancels it and the coin comes back.
    JsonObject order =
        expect(
                200,
                friend.post(
                    "/api/wanted",
                    new JsonObject().put("good", "bread").put("qty", 2).put("unitPrice", 50)))
            .bodyAsJsonObject();
    JsonObject wanted = expect(200, anyone.get("/api/towns/redhaven/wanted")).bodyAsJsonObject();
    assertEquals(order.getLong("id"), wanted.getJsonArray("orders").getJsonObject(0).getLong("id"));
    expect(
        409,
        owner.post(
            "/api/wanted/fill", new JsonObject().put("order", order.getLong("id")).put("qty", 1)));
    expect(
        404, owner.post("/api/wanted/cancel", new JsonObject().put("order", order.getLong("id"))));
    assertEquals(
        "cancelled",
        expect(
                200,
                friend.post(
                    "/api/wanted/cancel", new JsonObject().put("order", order.getLong("id"))))
            .bodyAsJsonObject()
            .getString("status"));
    // A shop order names its limit; one without is refused at the edge.
    expect(
        400,
        friend.post(
            "/api/shops/buy", new JsonObject().put("plot", id).put("good", "bread").put("qty", 1)));
    expect(
        403,
        friend.post(
            "/api/shops/list",
            new JsonObject()
                .put("plot", id)
                .put("good", "bread")
                .put("qty", 1)
                .put("unitPrice", 5)));
  }
}
