package io.wayfarer.server;

import static io.wayfarer.server.Browser.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.wayfarer.shared.Money;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.market.MarketContract;
import io.wayfarer.shared.test.TestInfra;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Buying and selling over HTTP against the real verticles; stock does not drift (driftRate 0) so
 * every unit is accounted for.
 */
@ExtendWith(VertxExtension.class)
class MarketTest {
  static Wayfarer server;
  static int port;
  static Pool pool;
  static int n;

  @BeforeAll
  static void start() {
    // No NPC verticle: its hourly supply would move stock under the exact assertions here.
    server =
        InProcess.start(
            TestInfra.config(
                new JsonObject()
                    .put("clock", new JsonObject().put("secondsPerGameHour", 0.6))
                    .put("market", new JsonObject().put("driftRate", 0.0))),
            "clock",
            "player",
            "market",
            "gateway");
    port = InProcess.httpPort(server);
    pool = Clients.pgPool(server.vertx(), server.config());
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    InProcess.assertConserved(server);
    server.close();
  }

  static Browser trader(Vertx vertx) {
    Browser b = new Browser(vertx, port);
    b.newCharacter(
        "trader" + (++n) + "x" + System.nanoTime() % 10000,
        "Merchant " + (char) ('A' + n),
        "fighter");
    return b;
  }

  static long playerId(Browser b) {
    return b.get("/api/me").bodyAsJsonObject().getJsonObject("account").getLong("id");
  }

  static long balance(String holder, String asset) {
    return Ledger.balance(pool, holder, asset).await();
  }

  /** An order with its limit per unit in copper. */
  static JsonObject order(String good, long qty, String limitField, long limit) {
    return new JsonObject()
        .put("good", good)
        .put("qty", qty)
        .put(limitField, limit)
        .put("requestId", UUID.randomUUID().toString());
  }

  static HttpResponse<Buffer> buy(Browser b, String town, JsonObject order) {
    return b.post("/api/market/" + town + "/buy", order);
  }

  static HttpResponse<Buffer> sell(Browser b, String town, JsonObject order) {
    return b.post("/api/market/" + town + "/sell", order);
  }

  @Test
  void buyThenSellMovesMoneyGoodsAndTax(Vertx vertx) throws InterruptedException {
    Browser b = trader(vertx);
    String me = Ledger.player(playerId(b));
    long purse = balance(me, "coin");
    long stock = balance(Ledger.market("redhaven"), "bread");
    long marketCoin = balance(Ledger.market("redhaven"), "coin");
    long treasury = balance(Ledger.town("redhaven"), "coin");
    List<JsonObject> published = new CopyOnWriteArrayList<>();
    server
        .vertx()
        .eventBus()
        .<JsonObject>consumer(MarketContract.prices("redhaven"), m -> published.add(m.body()))
        .completion()
        .await();

    JsonObject receipt =
        expect(200, buy(b, "redhaven", order("bread", 5, "maxUnitPrice", 10_000)))
            .bodyAsJsonObject();
    assertEquals("buy", receipt.getString("side"));
    assertEquals(5, receipt.getLong("qty"));
    assertEquals(purse - receipt.getLong("total"), balance(me, "coin"));
    assertEquals(
        receipt.getLong("total"),
        receipt.getLong("tax") + balance(Ledger.market("redhaven"), "coin") - marketCoin,
        "what the player paid is the market's price and the town's tax, to the copper");
    assertEquals(5, balance(me, "bread"));
    assertEquals(stock - 5, balance(Ledger.market("redhaven"), "bread"));
    assertEquals(stock - 5, receipt.getLong("stockAfter"));
    assertEquals(treasury + receipt.getLong("tax"), balance(Ledger.town("redhaven"), "coin"));
    assertTrue(receipt.getLong("tax") > 0, "Redhaven taxes sales");

    JsonObject sold =
        expect(200, sell(b, "redhaven", order("bread", 3, "minUnitPrice", 0))).bodyAsJsonObject();
    assertEquals(2, balance(me, "bread"));
    assertEquals(purse - receipt.getLong("total") + sold.getLong("total"), balance(me, "coin"));
    assertTrue(
        sold.getLong("total") < receipt.getLong("total") * 3 / 5.0,
        "the spread and tax make a round trip cost");
    long deadline = System.currentTimeMillis() + 30_000;
    while (published.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(!published.isEmpty(), "new prices were published on market.redhaven.prices");

    JsonArray trades =
        expect(200, b.get("/api/me/trades")).bodyAsJsonObject().getJsonArray("trades");
    assertEquals(2, trades.size());
    assertEquals("sell", trades.getJsonObject(0).getString("side"), "newest first");

    // Both receipts join the player's notices, kept by the player verticle (they follow the reply
    // by a moment).
    List<String> receipts = List.of();
    deadline = System.currentTimeMillis() + 30_000;
    while (receipts.size() < 2 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
      receipts =
          expect(200, b.get("/api/me")).bodyAsJsonObject().getJsonArray("notices").stream()
              .map(JsonObject.class::cast)
              .filter(n -> "receipt".equals(n.getString("kind")))
              .map(n -> n.getString("text"))
              .toList();
    }
    assertEquals(2, receipts.size(), receipts.toString());
    assertTrue(
        receipts
            .get(0)
            .startsWith("Sold 3 bread in Redhaven for " + Money.format(sold.getLong("total"))),
        receipts.get(0));
    assertTrue(
        receipts
            .get(1)
            .startsWith("Bought 5 bread in Redhaven for " + Money.format(receipt.getLong("total"))),
        receipts.get(1));
  }

  @Test
  void theBoardsPriceIsWhatOneUnitCostsAndEveryPurchaseIsTaxed(Vertx vertx) {
    Browser b = trader(vertx);
    long breadStock = -1;
    for (String good : List.of("bread", "grain", "salt")) {
      JsonObject board = expect(200, b.get("/api/market/redhaven")).bodyAsJsonObject();
      long shown = (long) price(board, good);
      // A limit at exactly the board's price buys: the board shows the charge, tax included, to the
      // copper.
      JsonObject receipt =
          expect(200, buy(b, "redhaven", order(good, 1, "maxUnitPrice", shown))).bodyAsJsonObject();
      assertEquals(
          shown, receipt.getLong("total"), good + ": the board said " + Money.format(shown));
      assertTrue(receipt.getLong("tax") > 0, "one unit pays tax too: " + receipt.encode());
      if (good.equals("bread")) {
        breadStock = receipt.getLong("stockAfter");
      }
    }
    // Selling one unit back at the board's "you get" price fetches exactly that, once the board
    // shows the stock the purchase left (it is refreshed just after trades, not with them).
    JsonObject bread = null;
    long deadline = System.currentTimeMillis() + 30_000;
    while (bread == null || bread.getLong("stock") != breadStock) {
      assertTrue(System.currentTimeMillis() < deadline, "the board never showed " + breadStock);
      if (bread != null) {
        vertx.timer(50).await();
      }
      bread =
          expect(200, b.get("/api/market/redhaven"))
              .bodyAsJsonObject()
              .getJsonArray("goods")
              .stream()
              .map(JsonObject.class::cast)
              .filter(g -> g.getString("id").equals("bread"))
              .findFirst()
              .orElseThrow();
    }
    long get = bread.getLong("sell");
    JsonObject sold =
        expect(200, sell(b, "redhaven", order("bread", 1, "minUnitPrice", get))).bodyAsJsonObject();
    assertEquals(get, sold.getLong("total"));
  }

  @Test
  void aNoticeForAPlayerIsCheckedBeforeItIsKept() {
    for (JsonObject bad :
        List.of(
            new JsonObject(),
            new JsonObject()
                .put("playerId", 1)
                .put("gameMinutes", 0)
                .put("kind", "Receipt!")
                .put("text", "x"),
            new JsonObject()
                .put("playerId", 1)
                .put("gameMinutes", 0)
                .put("kind", "receipt")
                .put("text", "x".repeat(501)))) {
      Throwable err =
          org.junit.jupiter.api.Assertions.assertThrows(
              Throwable.class,
              () ->
                  server
                      .vertx()
                      .eventBus()
                      .request(
                          io.wayfarer.shared.player.PlayerContract.RECORD_NOTICE.address(), bad)
                      .await());
      assertEquals(400, io.wayfarer.shared.Failures.httpStatus(err), err.getMessage());
    }
  }

  @Test
  void theSameRequestIdTwiceTradesOnce(Vertx vertx) {
    Browser b = trader(vertx);
    String me = Ledger.player(playerId(b));
    JsonObject o = order("fish", 4, "maxUnitPrice", 10_000);
    JsonObject first = expect(200, buy(b, "redhaven", o)).bodyAsJsonObject();
    long purse = balance(me, "coin");
    JsonObject again = expect(200, buy(b, "redhaven", o)).bodyAsJsonObject();
    assertEquals(first.getLong("tradeId"), again.getLong("tradeId"));
    assertEquals(first.getLong("total"), again.getLong("total"));
    assertTrue(again.getBoolean("replayed"));
    assertEquals(purse, balance(me, "coin"), "nothing moved the second time");
    assertEquals(4, balance(me, "fish"));
    assertEquals(
        409,
        buy(b, "redhaven", o.copy().put("qty", 5)).statusCode(),
        "the same id for another order is refused");
  }

  @Test
  void missedLimitsAndShortfallsChangeNothing(Vertx vertx) {
    Browser b = trader(vertx);
    String me = Ledger.player(playerId(b));
    long purse = balance(me, "coin");
    long stock = balance(Ledger.market("redhaven"), "tools");
    assertEquals(
        409,
        buy(b, "redhaven", order("bread", 1, "maxUnitPrice", 1)).statusCode(),
        "above the limit");
    assertEquals(
        404,
        sell(b, "redhaven", order("rations", 1, "minUnitPrice", 0)).statusCode(),
        "markets don't trade rations");
    HttpResponse<Buffer> tooMany =
        buy(b, "redhaven", order("tools", stock + 1, "maxUnitPrice", 100_000_000));
    assertEquals(409, tooMany.statusCode(), tooMany.bodyAsString());
    HttpResponse<Buffer> tooDear =
        buy(b, "redhaven", order("tools", Math.min(stock, 30), "maxUnitPrice", 100_000_000));
    assertEquals(
        409,
        tooDear.statusCode(),
        "150 gp does not buy 30 sets of tools: " + tooDear.bodyAsString());
    assertTrue(
        tooDear.bodyAsString().contains("not enough money")
            && tooDear.bodyAsString().contains("you have 150 gp"),
        tooDear.bodyAsString());
    assertEquals(
        409,
        sell(b, "redhaven", order("fish", 10, "minUnitPrice", 0)).statusCode(),
        "no fish to sell");
    expect(200, buy(b, "redhaven", order("salt", 2, "maxUnitPrice", 10_000)));
    assertEquals(
        409,
        sell(b, "redhaven", order("salt", 2, "minUnitPrice", 100_000_000)).statusCode(),
        "below the seller's limit");
    assertEquals(2, balance(me, "salt"));
    assertEquals(stock, balance(Ledger.market("redhaven"), "tools"));
    assertTrue(
        balance(me, "coin") < purse && balance(me, "coin") > purse - 2000,
        "only the salt was paid for");
  }

  @Test
  void badOrdersAreRefusedAtTheEdge(Vertx vertx) {
    Browser b = trader(vertx);
    String me = Ledger.player(playerId(b));
    long purse = balance(me, "coin");
    for (Object qty : new Object[] {0, -1, 1.5, "ten", 10_000_000}) {
      JsonObject o = order("bread", 1, "maxUnitPrice", 1000).put("qty", qty);
      assertEquals(400, buy(b, "redhaven", o).statusCode(), "qty " + qty);
    }
    assertEquals(
        400,
        buy(b, "redhaven", order("bread", 1001, "maxUnitPrice", 100_000_000)).statusCode(),
        "over the largest order");
    assertEquals(
        400,
        buy(b, "redhaven", order("bread", 1, "maxUnitPrice", 1000).put("requestId", "short"))
            .statusCode());
    assertEquals(
        400,
        buy(b, "redhaven", order("bread", 1, "maxUnitPrice", 1000).put("playerId", 1)).statusCode(),
        "no client-sent player id");
    JsonObject noId = order("bread", 1, "maxUnitPrice", 1000);
    noId.remove("requestId");
    assertEquals(400, buy(b, "redhaven", noId).statusCode());
    assertEquals(404, buy(b, "redhaven", order("unicorns", 1, "maxUnitPrice", 1000)).statusCode());
    assertEquals(404, buy(b, "atlantis", order("bread", 1, "maxUnitPrice", 1000)).statusCode());
    assertEquals(purse, balance(me, "coin"));
  }

  @Test
  void onlyInTheTownYouStandInAndNotOnTheRoad(Vertx vertx) {
    Browser b = trader(vertx);
    HttpResponse<Buffer> elsewhere = buy(b, "millbrook", order("grain", 1, "maxUnitPrice", 10_000));
    assertEquals(409, elsewhere.statusCode());
    assertTrue(elsewhere.bodyAsString().contains("not in millbrook"), elsewhere.bodyAsString());
    expect(202, b.post("/api/travel", new JsonObject().put("to", "millbrook")));
    HttpResponse<Buffer> road = buy(b, "redhaven", order("bread", 1, "maxUnitPrice", 10_000));
    assertEquals(409, road.statusCode());
    assertTrue(road.bodyAsString().contains("on the road"), road.bodyAsString());
    assertEquals(
        401,
        new Browser(vertx, port)
            .post("/api/market/redhaven/buy", order("bread", 1, "maxUnitPrice", 10_000))
            .statusCode());
  }

  @Test
  void boardsHistoryAndEveryTown(Vertx vertx) throws Exception {
    JsonObject board =
        expect(200, new Browser(vertx, port).get("/api/market/redhaven")).bodyAsJsonObject();
    JsonArray goods = board.getJsonArray("goods");
    assertEquals(12, goods.size());
    for (Object o : goods) {
      JsonObject g = (JsonObject) o;
      assertTrue(g.getDouble("buy") > g.getDouble("sell"), g.encode());
      assertTrue(List.of("up", "down", "flat").contains(g.getString("trend")));
    }
    JsonObject all =
        expect(200, new Browser(vertx, port).get("/api/market"))
            .bodyAsJsonObject()
            .getJsonObject("towns");
    assertEquals(5, all.size());
    // Millbrook is full of grain, Redhaven short of it: a trader's route shows on the boards.
    assertTrue(
        price(all.getJsonObject("millbrook"), "grain")
            < price(all.getJsonObject("redhaven"), "grain"));
    assertEquals(404, new Browser(vertx, port).get("/api/market/atlantis").statusCode());

    // Two hours, each settled before the next: an hour that comes while another settles would be
    // folded into it.
    JsonArray samples = new JsonArray();
    for (int hours = 1; hours <= 2; hours++) {
      server
          .vertx()
          .eventBus()
          .request(ClockContract.ADMIN_ADVANCE, new JsonObject().put("minutes", 60))
          .await();
      int seen = samples.size();
      long deadline = System.currentTimeMillis() + 30_000;
      while (samples.size() <= seen && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
        samples =
            expect(
                    200,
                    new Browser(vertx, port)
                        .get("/api/market/redhaven/history?good=grain&hours=48"))
                .bodyAsJsonObject()
                .getJsonArray("samples");
      }
    }
    assertTrue(samples.size() >= 2, "one sample per game hour: " + samples);
    // The query is checked by the command's own form, in words.
    Map<String, String> refusals =
        Map.of(
            "/api/market/redhaven/history", "good is required",
            "/api/market/redhaven/history?good=grain&hours=9999",
                "hours must be a whole number from 1 to 720",
            "/api/market/redhaven/history?good=grain&hours=ten",
                "hours must be a whole number from 1 to 720",
            "/api/market/redhaven/history?good=grain&from=0", "unknown field 'from'",
            "/api/market/redhaven/history?good=grain&good=salt", "good is given more than once");
    for (Map.Entry<String, String> r : refusals.entrySet()) {
      HttpResponse<Buffer> res = new Browser(vertx, port).get(r.getKey());
      assertEquals(400, res.statusCode(), r.getKey());
      String message = res.bodyAsJsonObject().getJsonObject("error").getString("message");
      assertTrue(message.startsWith(r.getValue()), r.getKey() + ": " + message);
    }
  }

  static double price(JsonObject board, String good) {
    for (Object o : board.getJsonArray("goods")) {
      if (((JsonObject) o).getString("id").equals(good)) {
        return ((JsonObject) o).getDouble("buy");
      }
    }
    throw new AssertionError(good + " not on the board");
  }

  @Test
  void supplyFromTheNpcsMovesStockThroughTheLedger() {
    long fish = balance(Ledger.market("saltmere"), "fish");
    JsonObject reply =
        server
            .vertx()
            .eventBus()
            .<JsonObject>request(
                MarketContract.SUPPLY.address(),
                new JsonObject()
                    .put(
                        "batch",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("town", "saltmere")
                                    .put("good", "fish")
                                    .put("delta", 40)
                                    .put("reason", "the fleet came in"))
                            .add(
                                new JsonObject()
                                    .put("town", "saltmere")
                                    .put("good", "salt")
                                    .put("delta", -5)
                                    .put("reason", "salting the catch"))))
            .await()
            .body();
    assertEquals(2, reply.getJsonArray("batch").size());
    assertEquals(fish + 40, balance(Ledger.market("saltmere"), "fish"));
    long herbs = balance(Ledger.market("saltmere"), "herbs");
    JsonObject drained =
        server
            .vertx()
            .eventBus()
            .<JsonObject>request(
                MarketContract.SUPPLY.address(),
                new JsonObject()
                    .put(
                        "batch",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("town", "saltmere")
                                    .put("good", "herbs")
                                    .put("delta", -(herbs + 1000))
                                    .put("reason", "a plague of goats"))))
            .await()
            .body();
    assertEquals(
        -herbs,
        drained.getJsonArray("batch").getJsonObject(0).getLong("delta"),
        "consumption takes at most what is there");
    assertEquals(0, balance(Ledger.market("saltmere"), "herbs"));
    try {
      server
          .vertx()
          .eventBus()
          .request(
              MarketContract.SUPPLY.address(),
              new JsonObject()
                  .put(
                      "batch",
                      new JsonArray()
                          .add(
                              new JsonObject()
                                  .put("town", "saltmere")
                                  .put("good", "fish")
                                  .put("delta", 1))))
          .await();
      throw new AssertionError("a change without a reason was accepted");
    } catch (io.vertx.core.eventbus.ReplyException e) {
      assertEquals(400, e.failureCode());
    }
  }

  /**
   * Many refreshes of one board at once (supplies arriving together, the hourly refresh ticking
   * beside them) publish their boards in order: the last board a page receives is the market as it
   * is, not an older one that finished late. The check hears the prices and asks the market from
   * one context, so a board published before the market's answer has been heard by the time the
   * answer is.
   */
  @Test
  void theLastBoardPublishedIsTheNewest() {
    Vertx vertx = server.vertx();
    io.vertx.core.Context listener = vertx.getOrCreateContext();
    List<JsonObject> heard = new CopyOnWriteArrayList<>();
    io.vertx.core.Promise<Void> registered = io.vertx.core.Promise.promise();
    listener.runOnContext(
        v ->
            vertx
                .eventBus()
                .<JsonObject>consumer(MarketContract.prices("oakhollow"), m -> heard.add(m.body()))
                .completion()
                .onComplete(registered));
    registered.future().await();
    for (int round = 0; round < 150; round++) {
      io.vertx.core.Promise<Void> settled = io.vertx.core.Promise.promise();
      listener.runOnContext(
          v -> {
            List<io.vertx.core.Future<?>> supplies = new java.util.ArrayList<>();
            for (int i = 1; i <= 6; i++) {
              supplies.add(
                  vertx
                      .eventBus()
                      .request(
                          MarketContract.SUPPLY.address(),
                          new JsonObject()
                              .put(
                                  "batch",
                                  new JsonArray()
                                      .add(
                                          new JsonObject()
                                              .put("town", "oakhollow")
                                              .put("good", "wool")
                                              .put("delta", i)
                                              .put("reason", "a test's bales")))));
            }
            io.vertx.core.Future.all(supplies)
                .compose(
                    all ->
                        MarketContract.PRICES.request(
                            vertx, new io.wayfarer.shared.bus.TownRef("oakhollow"), 10_000))
                .<Void>mapEmpty()
                .onComplete(settled);
          });
      settled.future().await();
      long stock = balance(Ledger.market("oakhollow"), "wool");
      JsonObject last = heard.get(heard.size() - 1);
      long shown =
          last.getJsonArray("goods").stream()
              .map(JsonObject.class::cast)
              .filter(g -> "wool".equals(g.getString("id")))
              .findFirst()
              .orElseThrow()
              .getLong("stock");
      assertEquals(
          stock,
          shown,
          "round " + round + ": the last board published shows the wool the market holds");
    }
  }
}
