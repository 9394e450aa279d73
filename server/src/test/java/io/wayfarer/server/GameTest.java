package io.wayfarer.server;

import static io.wayfarer.server.Browser.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.test.TestInfra;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Characters and what they do, over HTTP against the real verticles, with a fast clock (a game hour
 * in 0.6 s) and test roads whose danger is 0 (never robbed) or 40 (always robbed), so encounters
 * are certain either way.
 */
@ExtendWith(VertxExtension.class)
class GameTest {
  static Wayfarer server;
  static int port;
  static int counter;

  /**
   * A fast clock (a game hour in 0.6 s), fixed dice, and a map of short, safe or certain roads and
   * all-day jobs (its markets are the shipped ones), for every verticle: the world is one model.
   */
  static JsonObject fastTestWorld() {
    return new JsonObject()
        .put("clock", new JsonObject().put("secondsPerGameHour", 0.6))
        .put(
            "player",
            new JsonObject()
                .put("diceSeed", 20_260_101)
                .put("registrationsPerAddressPerHour", 1000))
        .put(
            "world",
            new JsonObject()
                .put(
                    "towns",
                    TestInfra.root()
                        .resolve("server/src/test/resources/world/towns-test.json")
                        .toString()));
  }

  @BeforeAll
  static void start() {
    server = InProcess.start(TestInfra.config(fastTestWorld()));
    port = InProcess.httpPort(server);
  }

  @AfterAll
  static void conservationHoldsAndStop() {
    try {
      InProcess.assertConserved(server);
    } finally {
      server.close();
    }
  }

  static Browser player(Vertx vertx, String cls) {
    return player(vertx, port, ++counter, cls);
  }

  /** A new account with a character of {@code cls}, the {@code n}th of its test class. */
  static Browser player(Vertx vertx, int port, int n, String cls) {
    Browser b = new Browser(vertx, port);
    b.newCharacter(
        "traveller" + n + "x" + (System.nanoTime() % 100000), "Wanderer " + (char) ('A' + n), cls);
    return b;
  }

  static JsonObject me(Browser b) {
    return expect(200, b.get("/api/me")).bodyAsJsonObject();
  }

  static JsonObject waitFor(Browser b, Predicate<JsonObject> done, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      last = me(b);
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("gave up waiting for " + what + "; last: " + last);
  }

  static JsonObject notice(JsonObject me, String kind) {
    for (Object o : me.getJsonArray("notices")) {
      JsonObject n = (JsonObject) o;
      if (n.getString("kind").equals(kind)) {
        return n;
      }
    }
    return null;
  }

  static WorldTime admin(String address, JsonObject body) {
    return WorldTime.fromJson(
        server.vertx().eventBus().<JsonObject>request(address, body).await().body());
  }

  @Test
  void characterSheet(Vertx vertx) {
    Browser b = player(vertx, "fighter");
    JsonObject me = me(b);
    JsonObject c = me.getJsonObject("character");
    assertEquals("fighter", c.getString("class"));
    assertEquals("redhaven", c.getString("town"));
    JsonArray rolls = c.getJsonArray("rolls");
    assertEquals(6, rolls.size());
    for (Object o : rolls) {
      JsonObject r = (JsonObject) o;
      JsonArray dice = r.getJsonArray("dice");
      assertEquals(4, dice.size());
      int sum = dice.stream().mapToInt(d -> (Integer) d).sum();
      assertEquals(sum - r.getInteger("dropped"), r.getInteger("total"));
      assertEquals(
          r.getInteger("total"),
          c.getJsonObject("abilities").getJsonObject(r.getString("ability")).getInteger("score"));
    }
    int con = c.getJsonObject("abilities").getJsonObject("con").getInteger("score");
    assertEquals(
        Math.max(1, 10 + Math.floorDiv(con - 10, 2)),
        c.getInteger("maxHp"),
        "d10 maximum plus Constitution");
    assertEquals(c.getInteger("maxHp"), c.getInteger("hp"));
    JsonObject holdings = me.getJsonObject("holdings");
    assertEquals(15_000, holdings.getLong("coin"), "a fighter's 150 gp, in copper");
    assertEquals(5, holdings.getLong("rations"));
    assertEquals(2, holdings.getLong("torch"));
    assertTrue(notice(me, "welcome") != null);

    assertEquals(
        409,
        b.post("/api/characters", new JsonObject().put("name", "Second Self").put("class", "bard"))
            .statusCode(),
        "one character per account");
  }

  @Test
  void badCharactersAreRefused(Vertx vertx) {
    Browser b = new Browser(vertx, port);
    String user = "maker" + System.nanoTime() % 100000;
    expect(201, b.register(user, "a perfectly fine passphrase"));
    expect(200, b.login(user, "a perfectly fine passphrase"));
    assertEquals(
        400,
        b.post("/api/characters", new JsonObject().put("name", "Zed").put("class", "necromancer"))
            .statusCode());
    assertEquals(
        400,
        b.post("/api/characters", new JsonObject().put("name", "<script>").put("class", "bard"))
            .statusCode());
    assertEquals(
        400,
        b.post(
                "/api/characters",
                new JsonObject().put("name", "Zed").put("class", "bard").put("str", 18))
            .statusCode(),
        "abilities are rolled by the server, never sent");
    assertNull(me(b).getValue("character"), "nothing was created");
    Browser other = player(vertx, "bard");
    String taken = me(other).getJsonObject("character").getString("name");
    assertEquals(
        409,
        b.post(
                "/api/characters",
                new JsonObject().put("name", taken.toUpperCase()).put("class", "bard"))
            .statusCode());
  }

  @Test
  void aJourneyEndsAtTheRightGameTimeWithTheArrivalInTheInbox(Vertx vertx) throws Exception {
    Browser b = player(vertx, "ranger");
    JsonObject journey =
        expect(202, b.post("/api/travel", new JsonObject().put("to", "millbrook")))
            .bodyAsJsonObject();
    long endsAt = journey.getLong("endsAt");
    assertEquals(journey.getLong("startedAt") + 120, endsAt, "two hours of road");
    JsonObject onTheRoad = me(b);
    assertNull(onTheRoad.getJsonObject("character").getString("town"));
    assertEquals("travel", onTheRoad.getJsonObject("activity").getString("kind"));
    assertEquals(
        409,
        b.post("/api/work", new JsonObject().put("job", "dockhand").put("hours", 1)).statusCode(),
        "busy on the road");
    assertEquals(
        409, b.post("/api/travel", new JsonObject().put("to", "stonebridge")).statusCode());
    assertEquals(409, b.post("/api/rest", new JsonObject().put("hours", 1)).statusCode());

    JsonObject arrived =
        waitFor(
            b, m -> "millbrook".equals(m.getJsonObject("character").getString("town")), "arrival");
    JsonObject arrival = notice(arrived, "arrival");
    assertEquals(
        endsAt, arrival.getLong("gameMinutes"), "arrival is stamped with the journey's end");
    JsonObject encounter = notice(arrived, "encounter");
    assertTrue(
        encounter.getJsonObject("data").getBoolean("passed"),
        "a road of danger 0 is always passed");
    assertEquals(13_000, arrived.getJsonObject("holdings").getLong("coin"), "nothing lost");
    assertNull(arrived.getValue("activity"));
    assertTrue(
        WorldTime.fromJson(
                    server
                        .vertx()
                        .eventBus()
                        .<JsonObject>request(ClockContract.NOW, new JsonObject())
                        .await()
                        .body())
                .gameMinutes()
            >= endsAt);
  }

  @Test
  void aDangerousRoadCostsAShareOfTheMoney(Vertx vertx) throws Exception {
    Browser b = player(vertx, "wizard");
    expect(202, b.post("/api/travel", new JsonObject().put("to", "stonebridge")));
    JsonObject arrived =
        waitFor(
            b,
            m -> "stonebridge".equals(m.getJsonObject("character").getString("town")),
            "arrival");
    JsonObject encounter = notice(arrived, "encounter");
    assertTrue(
        !encounter.getJsonObject("data").getBoolean("passed"), "danger 40 is beyond any d20");
    assertEquals(2000, encounter.getJsonObject("data").getLong("coinLost"), "a fifth of 100 gp");
    assertEquals(8000, arrived.getJsonObject("holdings").getLong("coin"));
    assertTrue(encounter.getString("text").contains("take 20 gp"), encounter.getString("text"));
    JsonObject c = arrived.getJsonObject("character");
    int damage = encounter.getJsonObject("data").getInteger("damage");
    assertTrue(damage >= 1, "footpads wound: " + encounter.encode());
    assertEquals(Math.max(1, c.getInteger("maxHp") - damage), c.getInteger("hp"));
    assertTrue(encounter.getString("text").contains("wounded"), encounter.getString("text"));
  }

  @Test
  void aWoundedCharacterWorksSlowerForTheSameWage(Vertx vertx) throws Exception {
    Browser b = player(vertx, "fighter");
    Pool pool = Clients.pgPool(vertx, server.config());
    try {
      long id = me(b).getJsonObject("character").getLong("id");
      pool.query("UPDATE characters SET hp = 1 WHERE id = " + id).execute().await();
      assertTrue(me(b).getJsonObject("character").getBoolean("wounded"));
      JsonObject shift =
          expect(202, b.post("/api/work", new JsonObject().put("job", "dockhand").put("hours", 2)))
              .bodyAsJsonObject();
      assertEquals(
          240,
          shift.getLong("endsAt") - shift.getLong("startedAt"),
          "at a quarter of its hit points or less, twice as long");
      assertTrue(shift.getJsonObject("details").getBoolean("slowedByWounds"));
      assertEquals(1000, shift.getJsonObject("details").getLong("wage"), "the same wage");
    } finally {
      pool.close().await();
    }
  }

  static String refusal(io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> res) {
    assertEquals(400, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonObject().getJsonObject("error").getString("message");
  }

  @Test
  void refusalsNameTheFieldAndTheRuleInPlainWords(Vertx vertx) {
    Browser b = player(vertx, "fighter");
    assertEquals(
        "hours must be a whole number from 1 to 12",
        refusal(b.post("/api/work", new JsonObject().put("job", "dockhand").put("hours", 13))));
    assertEquals(
        "hours must be a whole number from 1 to 12",
        refusal(b.post("/api/rest", new JsonObject().put("hours", "eight"))));
    assertEquals("hours is required", refusal(b.post("/api/rest", new JsonObject())));
    assertEquals(
        "unknown field 'playerId' (this request takes hours, requestId)",
        refusal(b.post("/api/rest", new JsonObject().put("hours", 2).put("playerId", 1))));
    assertEquals(
        "to must be the id of a town, such as millbrook",
        refusal(b.post("/api/travel", new JsonObject().put("to", 7))));
    // The market's largest order comes from configuration, and the edge says so in the same words
    // as the market.
    assertEquals(
        "qty must be a whole number from 1 to 1000",
        refusal(
            b.post(
                "/api/market/redhaven/buy",
                new JsonObject()
                    .put("good", "bread")
                    .put("qty", 1001)
                    .put("maxUnitPrice", 500)
                    .put("requestId", "abcdefgh-1"))));
    Browser newcomer = new Browser(vertx, port);
    String user = "named" + System.nanoTime() % 100000;
    expect(201, newcomer.register(user, "a perfectly fine passphrase"));
    expect(200, newcomer.login(user, "a perfectly fine passphrase"));
    assertEquals(
        "a character's name has 2 to 24 letters, spaces, ' or -, and starts with a letter",
        refusal(
            newcomer.post(
                "/api/characters",
                new JsonObject().put("name", "A".repeat(25)).put("class", "bard"))));
    assertEquals(
        "a username has 3 to 24 letters, digits, - or _",
        refusal(new Browser(vertx, port).register("x", "whatever it is")));

    JsonObject limits = expect(200, b.get("/api/limits")).bodyAsJsonObject().getJsonObject("forms");
    assertEquals(
        1000,
        limits.getJsonObject("buy").getJsonObject("qty").getLong("max"),
        "from market.maxOrderQty");
    assertEquals(24, limits.getJsonObject("character").getJsonObject("name").getLong("max"));
    assertEquals(12, limits.getJsonObject("work").getJsonObject("hours").getLong("max"));
    assertEquals(
        "hours must be a whole number from 1 to 12",
        limits.getJsonObject("rest").getJsonObject("hours").getString("rule"));
  }

  @Test
  void roadsMustExist(Vertx vertx) {
    Browser b = player(vertx, "rogue");
    assertEquals(
        409,
        b.post("/api/travel", new JsonObject().put("to", "saltmere")).statusCode(),
        "no road from Redhaven");
    assertEquals(404, b.post("/api/travel", new JsonObject().put("to", "atlantis")).statusCode());
    assertEquals(
        409,
        b.post("/api/travel", new JsonObject().put("to", "redhaven")).statusCode(),
        "already there");
    assertEquals(400, b.post("/api/travel", new JsonObject().put("to", 7)).statusCode());
    assertEquals(
        "redhaven",
        me(b).getJsonObject("character").getString("town"),
        "none of that moved anyone");
  }

  @Test
  void workPaysWagesFromTheWorldWhenTheShiftEnds(Vertx vertx) throws Exception {
    Browser b = player(vertx, "cleric");
    WorldTime now = admin(ClockContract.ADMIN_PAUSE, new JsonObject());
    try {
      int toTen = Math.floorMod(10 - now.hour(), 24) * 60 - now.minute();
      now =
          admin(
              ClockContract.ADMIN_ADVANCE,
              new JsonObject().put("minutes", toTen <= 0 ? toTen + 24 * 60 : toTen));
      assertEquals(10, now.hour());
      assertEquals(
          409,
          b.post("/api/work", new JsonObject().put("job", "night_watch").put("hours", 2))
              .statusCode(),
          "not at ten in the morning");
      assertEquals(
          404,
          b.post("/api/work", new JsonObject().put("job", "astronomer").put("hours", 2))
              .statusCode());
      assertEquals(
          400,
          b.post("/api/work", new JsonObject().put("job", "dockhand").put("hours", 0))
              .statusCode());
      assertEquals(
          400,
          b.post("/api/work", new JsonObject().put("job", "dockhand").put("hours", 13))
              .statusCode());
      assertEquals(
          400,
          b.post("/api/work", new JsonObject().put("job", "dockhand").put("hours", 1.5))
              .statusCode());
      if (!now.season().equals("autumn")) {
        assertEquals(
            409,
            b.post("/api/work", new JsonObject().put("job", "harvest").put("hours", 2))
                .statusCode(),
            "out of season");
      }
      expect(202, b.post("/api/work", new JsonObject().put("job", "dockhand").put("hours", 3)));
    } finally {
      admin(ClockContract.ADMIN_RESUME, new JsonObject());
    }
    JsonObject paid = waitFor(b, m -> m.getValue("activity") == null, "the end of the shift");
    assertEquals(
        12_000 + 1500,
        paid.getJsonObject("holdings").getLong("coin"),
        "120 gp and three hours at 5 gp");
    assertEquals(1500, notice(paid, "wages").getJsonObject("data").getLong("coin"));
    assertTrue(
        notice(paid, "wages").getString("text").contains("15 gp earned"),
        notice(paid, "wages").getString("text"));
  }

  @Test
  void restingCostsMoneyToTheTownAndRestoresHitPoints(Vertx vertx) throws Exception {
    Browser b = player(vertx, "bard");
    Pool pool = Clients.pgPool(vertx, server.config());
    try {
      long id = me(b).getJsonObject("character").getLong("id");
      pool.query("UPDATE characters SET hp = 1 WHERE id = " + id).execute().await();
      long treasury = Ledger.balance(pool, Ledger.town("redhaven"), Ledger.COIN).await();
      expect(202, b.post("/api/rest", new JsonObject().put("hours", 8)));
      assertEquals(
          11_000 - 1600,
          me(b).getJsonObject("holdings").getLong("coin"),
          "eight hours at 2 gp, paid up front");
      assertEquals(
          treasury + 1600, Ledger.balance(pool, Ledger.town("redhaven"), Ledger.COIN).await());
      JsonObject rested = waitFor(b, m -> m.getValue("activity") == null, "waking up");
      assertEquals(
          rested.getJsonObject("character").getInteger("maxHp"),
          rested.getJsonObject("character").getInteger("hp"));
      // Spend all but 3 gp (through the ledger, so the books still balance): a long stay is then
      // refused.
      String holder = Ledger.player(me(b).getJsonObject("account").getLong("id"));
      long purse = Ledger.balance(pool, holder, Ledger.COIN).await();
      pool.withTransaction(
              tx ->
                  Ledger.transfer(
                      tx, holder, Ledger.WORLD, Ledger.COIN, purse - 300, "test: a spending spree"))
          .await();
      assertEquals(
          409,
          b.post("/api/rest", new JsonObject().put("hours", 12)).statusCode(),
          "not enough money");
      assertEquals(
          300, me(b).getJsonObject("holdings").getLong("coin"), "a refused stay costs nothing");
    } finally {
      pool.close().await();
    }
  }
}
