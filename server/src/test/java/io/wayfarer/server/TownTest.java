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
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.test.TestInfra;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Town politics through the whole server, on a clock the test moves: a first election nobody stands
 * in leaves the steward; citizens stand and rank candidates, one ballot per account however often
 * it changes; a restart of the town verticle mid-vote and after the count changes nothing;
 * instant-runoff elects the candidate the first round did not; the mayor's rates are held to the
 * caps, the notice and the week; decrees pay from the treasury, are seen by the player, market and
 * NPC verticles, and are held to the first-week rule and the spending limit's vote; the treasury's
 * public list sums to its balance; a recall petition opens an early election.
 */
@ExtendWith(VertxExtension.class)
class TownTest {
  static final long DAY = 24 * 60;
  static Wayfarer server;
  static int port;
  static Pool pool;

  @BeforeAll
  static void start() {
    server =
        InProcess.start(
            TestInfra.config(
                new JsonObject().put("market", new JsonObject().put("driftRate", 0.0))));
    port = InProcess.httpPort(server);
    pool = Clients.pgPool(server.vertx(), server.config());
    admin(ClockContract.ADMIN_PAUSE, new JsonObject());
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    InProcess.assertConserved(server);
    server.close();
  }

  static WorldTime admin(String address, JsonObject body) {
    return WorldTime.fromJson(
        server.vertx().eventBus().<JsonObject>request(address, body).await().body());
  }

  static WorldTime advance(long minutes) {
    return admin(ClockContract.ADMIN_ADVANCE, new JsonObject().put("minutes", minutes));
  }

  /** Waits (generously) until {@code what} satisfies {@code until}; the last value either way. */
  static <T> T await(Supplier<T> what, Predicate<T> until) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    T value = what.get();
    while (!until.test(value) && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      value = what.get();
    }
    return value;
  }

  static JsonObject hall(Browser b) {
    return expect(200, b.get("/api/towns/redhaven/hall")).bodyAsJsonObject();
  }

  static long id(Browser b) {
    return expect(200, b.get("/api/me")).bodyAsJsonObject().getJsonObject("account").getLong("id");
  }

  static Browser player(Vertx vertx, String name) {
    Browser b = new Browser(vertx, port);
    b.newCharacter(name.toLowerCase() + System.nanoTime() % 100000, name, "fighter");
    return b;
  }

  static void grant(String holder, long copper) {
    pool.withTransaction(
            tx -> Ledger.transfer(tx, Ledger.WORLD, holder, Ledger.COIN, copper, "test grant"))
        .await();
  }

  static void ballot(Browser b, long... ranking) {
    StringBuilder s = new StringBuilder();
    for (long r : ranking) {
      s.append(s.length() == 0 ? "" : ",").append(r);
    }
    expect(
        200, b.post("/api/towns/redhaven/ballot", new JsonObject().put("ranking", s.toString())));
  }

  static long stock(Browser b, String good, String field) {
    return expect(200, b.get("/api/market/redhaven"))
        .bodyAsJsonObject()
        .getJsonArray("goods")
        .stream()
        .map(JsonObject.class::cast)
        .filter(g -> g.getString("id").equals(good))
        .findFirst()
        .orElseThrow()
        .getLong(field);
  }

  @Test
  void citizensElectAMayorWhoTaxesAndDecreesWithinTheCharter(Vertx vertx) throws Exception {
    Browser ann = player(vertx, "Ann");
    Browser ben = player(vertx, "Ben");
    Browser cat = player(vertx, "Cat");
    Browser dan = player(vertx, "Dan");
    Browser fay = player(vertx, "Fay");
    Browser anyone = new Browser(vertx, port);
    expect(401, anyone.get("/api/towns/redhaven/hall"));
    expect(404, ann.get("/api/towns/atlantis/hall"));

    // The world's first election opened at once; nobody has lived here three days to stand.
    JsonObject first = await(() -> hall(ann), h -> h.containsKey("election"));
    assertEquals("candidacy", first.getJsonObject("election").getString("phase"), first.encode());
    assertNull(first.getValue("mayor"));
    assertTrue(!first.getJsonObject("me").getBoolean("citizen"), first.encode());
    JsonObject statement = new JsonObject().put("statement", "Lower tolls, safer roads.");
    expect(403, ann.post("/api/towns/redhaven/candidacy", statement));

    // Five game days on: that election closed with no one standing (the steward keeps the laws)
    // and the next one is open; the five have lived here long enough to be citizens.
    long opened = first.getJsonObject("election").getLong("id");
    advance(5 * DAY);
    JsonObject second =
        await(
            () -> hall(ann),
            h -> h.containsKey("election") && h.getJsonObject("election").getLong("id") != opened);
    assertTrue(second.getJsonObject("me").getBoolean("citizen"), second.encode());
    Browser eve = player(vertx, "Eve");
    expect(403, eve.post("/api/towns/redhaven/candidacy", statement));
    expect(400, ann.post("/api/towns/redhaven/candidacy", new JsonObject().put("statement", "")));
    expect(200, ann.post("/api/towns/redhaven/candidacy", statement));
    expect(
        200,
        ben.post("/api/towns/redhaven/candidacy", statement.copy().put("statement", "Guards!")));
    expect(
        200, cat.post("/api/towns/redhaven/candidacy", statement.copy().put("statement", "Ale.")));
    JsonObject standing = hall(dan);
    long a = TestInfra.candidate(standing, "Ann");
    long b = TestInfra.candidate(standing, "Ben");
    long c = TestInfra.candidate(standing, "Cat");
    // No ballots before the voting window.
    expect(409, dan.post("/api/towns/redhaven/ballot", new JsonObject().put("ranking", a + "")));

    advance(2 * DAY);
    await(() -> hall(dan), h -> "voting".equals(h.getJsonObject("election").getString("phase")));
    expect(400, dan.post("/api/towns/redhaven/ballot", new JsonObject().put("ranking", "1,x")));
    expect(400, dan.post("/api/towns/redhaven/ballot", new JsonObject().put("ranking", "999999")));
    expect(403, eve.post("/api/towns/redhaven/ballot", new JsonObject().put("ranking", a + "")));
    // First choices: Ann 2, Ben 2, Cat 1. Cat is out and her ballot goes to Ben, who wins 3 to 2.
    ballot(ann, b); // changed below: one account, one ballot
    ballot(ann, a);
    ballot(dan, a);
    ballot(ben, b, c);
    ballot(fay, b, c);
    // A restart mid-vote loses no ballot.
    server.undeploy("town");
    server.deploy("town");
    ballot(cat, c, b);
    JsonObject voting = hall(cat);
    assertEquals(5L, voting.getJsonObject("election").getLong("ballots"), voting.encode());
    assertEquals(
        new JsonArray().add(c).add(b), voting.getJsonObject("election").getJsonArray("myBallot"));

    advance(2 * DAY);
    JsonObject elected = await(() -> hall(ann), h -> h.getValue("mayor") != null);
    assertEquals("Ben", elected.getJsonObject("mayor").getString("name"), elected.encode());
    JsonObject result = elected.getJsonObject("lastResult");
    assertEquals(b, result.getLong("winner"));
    assertEquals(5, result.getInteger("ballots"));
    assertEquals(2, result.getJsonArray("rounds").size(), result.encode());
    assertEquals(
        "[\"Ann\",\"Cat\"]",
        new JsonArray(
                elected.getJsonArray("council").stream()
                    .map(x -> ((JsonObject) x).getString("name"))
                    .toList())
            .encode());
    // Counted once: a restart and more hours change nothing, and the news told it once.
    server.undeploy("town");
    server.deploy("town");
    advance(60);
    JsonObject again = await(() -> hall(ann), h -> h.getJsonObject("lastResult") != null);
    assertEquals(result.getLong("election"), again.getJsonObject("lastResult").getLong("election"));
    assertEquals(
        1L,
        pool.preparedQuery("SELECT count(*) AS n FROM world_events WHERE cause = $1")
            .execute(Tuple.of("election:" + result.getLong("election")))
            .await()
            .iterator()
            .next()
            .getLong("n"));
    JsonObject news =
        await(
            () -> expect(200, anyone.get("/api/events")).bodyAsJsonObject(),
            n -> n.encode().contains("Ben is elected mayor of Redhaven"));
    assertTrue(news.encode().contains("Ben is elected mayor of Redhaven"), news.encode());

    // Rates: only the mayor, within the caps, announced a day ahead, once a week.
    JsonObject toll = new JsonObject().put("kind", "toll").put("rate", 20);
    expect(403, ann.post("/api/towns/redhaven/rates", toll));
    expect(400, ben.post("/api/towns/redhaven/rates", toll.copy().put("rate", 301)));
    expect(400, ben.post("/api/towns/redhaven/rates", toll.copy().put("kind", "poll_tax")));
    expect(409, ben.post("/api/towns/redhaven/rates", toll.copy().put("noticeHours", 2)));
    expect(200, ben.post("/api/towns/redhaven/rates", toll));
    expect(409, ben.post("/api/towns/redhaven/rates", toll.copy().put("rate", 30)));
    JsonObject tax = new JsonObject().put("kind", "sales_tax").put("rate", 9);
    expect(200, ben.post("/api/towns/redhaven/rates", tax));
    JsonObject announced = hall(ann);
    JsonObject salesTax = announced.getJsonArray("rates").getJsonObject(0);
    assertEquals(5L, salesTax.getLong("rate"), announced.encode());
    assertEquals(9L, salesTax.getJsonArray("announced").getJsonObject(0).getLong("rate"));
    // Not before the day is out: the market still charges 5 %.
    assertEquals(
        0.05,
        expect(200, anyone.get("/api/market/redhaven")).bodyAsJsonObject().getDouble("salesTax"));
    advance(DAY + 60);
    await(
        () ->
            expect(200, anyone.get("/api/market/redhaven"))
                .bodyAsJsonObject()
                .getDouble("salesTax"),
        t -> t == 0.09);
    assertEquals(
        0.09,
        expect(200, anyone.get("/api/market/redhaven")).bodyAsJsonObject().getDouble("salesTax"));

    // The toll: paid on arriving in Redhaven, by the account, into the treasury.
    grant(Ledger.player(id(fay)), 1000);
    expect(202, fay.post("/api/travel", new JsonObject().put("to", "millbrook")));
    advance(7 * 60);
    await(
        () -> expect(200, fay.get("/api/me")).bodyAsJsonObject(),
        m -> "millbrook".equals(m.getJsonObject("character").getString("town")));
    expect(202, fay.post("/api/travel", new JsonObject().put("to", "redhaven")));
    advance(7 * 60);
    await(
        () -> expect(200, fay.get("/api/me")).bodyAsJsonObject(),
        m -> "redhaven".equals(m.getJsonObject("character").getString("town")));
    JsonObject treasury =
        await(
            () -> expect(200, anyone.get("/api/towns/redhaven/treasury")).bodyAsJsonObject(),
            t -> t.encode().contains("toll on the road from millbrook into redhaven"));
    assertTrue(
        treasury.encode().contains("toll on the road from millbrook into redhaven"),
        treasury.encode());

    assertTrue(
        expect(200, fay.get("/api/me")).bodyAsString().contains("You pay the toll, 2 sp."),
        "the arrival notice says what the toll took");

    // Decrees: paid by the treasury, each seen by the verticle it concerns.
    grant(Ledger.town("redhaven"), 100_000);
    expect(
        403,
        ann.post(
            "/api/towns/redhaven/decrees",
            new JsonObject().put("kind", "guards").put("amount", 2)));
    expect(
        400,
        ben.post(
            "/api/towns/redhaven/decrees",
            new JsonObject().put("kind", "guards").put("amount", 9)));
    expect(
        400,
        ben.post(
            "/api/towns/redhaven/decrees",
            new JsonObject().put("kind", "banquet").put("amount", 1)));
    // Relief grain: Redhaven's market holds less than it needs; the treasury buys 10 sacks in.
    long grain = stock(anyone, "grain", "stock");
    expect(
        200,
        ben.post(
            "/api/towns/redhaven/decrees",
            new JsonObject().put("kind", "relief_grain").put("amount", 10)));
    assertEquals(
        grain + 10, (long) await(() -> stock(anyone, "grain", "stock"), g -> g == grain + 10));
    long aleBefore = stock(anyone, "ale", "buy");
    // Sent twice (an answer lost), a decree with its request id is made once.
    JsonObject guards =
        new JsonObject().put("kind", "guards").put("amount", 2).put("requestId", "guards-1");
    long once =
        expect(200, ben.post("/api/towns/redhaven/decrees", guards))
            .bodyAsJsonObject()
            .getLong("decree");
    assertEquals(
        once,
        expect(200, ben.post("/api/towns/redhaven/decrees", guards))
            .bodyAsJsonObject()
            .getLong("decree"));
    expect(
        200,
        ben.post(
            "/api/towns/redhaven/decrees",
            new JsonObject().put("kind", "road_repairs").put("amount", 3)));
    // 15 + 24 + 30 gp spent; a 60 gp festival would pass the 80 gp a new mayor may spend in a week.
    expect(
        409,
        ben.post(
            "/api/towns/redhaven/decrees",
            new JsonObject().put("kind", "festival").put("amount", 1)));
    // Road repairs: a journey out of Redhaven takes a quarter less, once the events verticle has
    // raised them from the decree's news (on its own, after the decree is made). It publishes an
    // event before it lists it, so the player verticle has heard of it before the journey starts.
    await(
        () -> expect(200, anyone.get("/api/events")).bodyAsJsonObject(),
        ev ->
            ev.getJsonArray("active").stream()
                .map(JsonObject.class::cast)
                .anyMatch(
                    e ->
                        "road_repairs".equals(e.getString("type"))
                            && "redhaven".equals(e.getString("town"))));
    JsonObject journey =
        await(
            () -> {
              var r = ann.post("/api/travel", new JsonObject().put("to", "millbrook"));
              return r.statusCode() == 202 ? r.bodyAsJsonObject() : null;
            },
            j -> j != null);
    assertEquals(5, journey.getJsonObject("details").getInteger("hours"), journey.encode());
    assertEquals(6, journey.getJsonObject("details").getInteger("roadHours"));
    // Guards: the townsfolk's guards go on patrol at the next hour.
    advance(60);
    JsonObject folk =
        await(
            () -> expect(200, anyone.get("/api/towns/redhaven/npcs")).bodyAsJsonObject(),
            f -> f.encode().contains("\"place\":\"patrol\""));
    assertTrue(folk.encode().contains("\"place\":\"patrol\""), folk.encode());
    // And Ann's road out of Redhaven is safer while they are paid: her check halfway meets 4 less.
    advance(2 * 60);
    JsonObject encounter =
        await(
            () ->
                expect(200, ann.get("/api/me")).bodyAsJsonObject().getJsonArray("notices").stream()
                    .map(JsonObject.class::cast)
                    .filter(n -> "encounter".equals(n.getString("kind")))
                    .findFirst()
                    .orElse(null),
            n -> n != null);
    assertEquals(-4, encounter.getJsonObject("data").getInteger("eventDanger"), encounter.encode());

    // After the first week: a festival (ale dearer), and guards for a week above the limit go to
    // the council's vote.
    advance(7 * DAY);
    expect(
        200,
        ben.post(
            "/api/towns/redhaven/decrees",
            new JsonObject().put("kind", "festival").put("amount", 1)));
    await(() -> stock(anyone, "ale", "buy"), p -> p > aleBefore);
    JsonObject put =
        expect(
                200,
                ben.post(
                    "/api/towns/redhaven/decrees",
                    new JsonObject().put("kind", "guards").put("amount", 7)))
            .bodyAsJsonObject();
    assertEquals("voting", put.getString("status"), put.encode());
    long decree = put.getLong("decree");
    JsonObject aye = new JsonObject().put("decree", decree).put("yes", 1);
    expect(403, dan.post("/api/towns/redhaven/decrees/vote", aye));
    expect(200, ann.post("/api/towns/redhaven/decrees/vote", aye));
    expect(200, cat.post("/api/towns/redhaven/decrees/vote", aye));
    assertEquals(
        0L,
        pool.preparedQuery(
                "SELECT count(*) FROM town_decree_votes WHERE decree_id = $1 AND cast_minute IS NULL")
            .execute(Tuple.of(decree))
            .await()
            .iterator()
            .next()
            .getLong(0),
        "each vote keeps its game minute");
    advance(DAY + 60);
    JsonObject passed =
        await(
            () -> hall(ann),
            h ->
                h.getJsonArray("decrees").stream()
                    .map(JsonObject.class::cast)
                    .anyMatch(
                        d -> d.getLong("id") == decree && "made".equals(d.getString("status"))));
    assertTrue(passed.encode().contains("\"status\":\"made\""), passed.encode());

    // The treasury's public list sums to its balance in the ledger.
    JsonObject list = expect(200, anyone.get("/api/towns/redhaven/treasury")).bodyAsJsonObject();
    long balance =
        pool.preparedQuery(
                "SELECT qty FROM holdings WHERE holder = 'town:redhaven' AND asset = 'coin'")
            .execute()
            .await()
            .iterator()
            .next()
            .getLong("qty");
    assertEquals(balance, list.getLong("balance"));
    assertEquals(balance, list.getLong("inflow") - list.getLong("outflow"), list.encode());
    assertTrue(list.encode().contains("approved by a vote of 2 to 0"), list.encode());

    // A recall: enough citizens sign and an early election opens.
    JsonObject petition = hall(dan).getJsonObject("petition");
    long needed = petition.getLong("needed");
    Browser[] signers = {dan, fay, eve, ann, cat};
    JsonObject signed = null;
    for (int i = 0; i < needed; i++) {
      signed =
          expect(200, signers[i].post("/api/towns/redhaven/recall", new JsonObject()))
              .bodyAsJsonObject();
    }
    assertTrue(signed.getValue("election") != null, signed.encode());
    assertEquals("recall", hall(dan).getJsonObject("election").getString("kind"));
  }
}
