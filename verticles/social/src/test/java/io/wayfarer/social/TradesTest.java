package io.wayfarer.social;

import static io.wayfarer.shared.test.TestInfra.refused;
import static io.wayfarer.social.SocialVerticleTest.TIMEOUT;
import static io.wayfarer.social.SocialVerticleTest.deploy;
import static io.wayfarer.social.SocialVerticleTest.player;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.bus.Command;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.social.SocialContract;
import io.wayfarer.shared.social.SocialContract.Offer;
import io.wayfarer.shared.social.SocialContract.OfferStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Offers between players through the real social, player and clock verticles: escrow, accept,
 * decline, cancel, expiry and leaving town, each moving value exactly once; and concurrent steps on
 * the same offers.
 */
@ExtendWith(VertxExtension.class)
class TradesTest {
  JsonObject config;
  Pool pool;

  Vertx start(Vertx vertx) {
    config = SocialVerticleTest.config();
    deploy(vertx, config);
    pool = Clients.pgPool(vertx, config);
    return vertx;
  }

  /** After every test: every coin and item is somewhere, and nothing is left in escrow. */
  @AfterEach
  void conserved() {
    if (pool == null) {
      return;
    }
    try {
      assertEquals(Map.of(), Ledger.imbalances(pool).await(), "the ledger balances");
      long inEscrow =
          pool.query("SELECT coalesce(sum(qty), 0) FROM holdings WHERE holder LIKE 'escrow:%'")
              .execute()
              .await()
              .iterator()
              .next()
              .getLong(0);
      long open =
          pool.query("SELECT count(*) FROM trade_offers WHERE status = 'open'")
              .execute()
              .await()
              .iterator()
              .next()
              .getLong(0);
      assertTrue(open > 0 || inEscrow == 0, "escrow is empty once no offer is open: " + inEscrow);
    } finally {
      pool.close().await();
    }
  }

  long coin(long player) {
    return Ledger.balance(pool, Ledger.player(player), Ledger.COIN).await();
  }

  /** A game minute an offer's row keeps (it fails if there is none). */
  long minute(String column, long offer) {
    return pool.preparedQuery("SELECT " + column + " FROM trade_offers WHERE id = $1")
        .execute(Tuple.of(offer))
        .await()
        .iterator()
        .next()
        .getLong(0);
  }

  long held(String holder, String asset) {
    return Ledger.balance(pool, holder, asset).await();
  }

  static JsonObject offer(
      Vertx vertx, long from, String to, Map<String, Long> gives, Map<String, Long> wants) {
    return SocialContract.OFFER
        .request(vertx, new Offer(from, to, gives, wants, null), TIMEOUT)
        .await()
        .json();
  }

  static JsonObject step(Vertx vertx, SocialContractStep which, long player, long offer) {
    return which.command().request(vertx, new OfferStep(player, offer), TIMEOUT).await().json();
  }

  enum SocialContractStep {
    ACCEPT,
    DECLINE,
    CANCEL;

    Command<OfferStep, Document> command() {
      return switch (this) {
        case ACCEPT -> SocialContract.ACCEPT;
        case DECLINE -> SocialContract.DECLINE;
        case CANCEL -> SocialContract.CANCEL;
      };
    }
  }

  @Test
  void anAcceptedOfferMovesBothSidesOnce(Vertx vertx) {
    start(vertx);
    long ada = player(vertx, "Ada");
    long bo = player(vertx, "Bo");
    long adaCoin = coin(ada);
    long boCoin = coin(bo);
    JsonObject o = offer(vertx, ada, "Bo", Map.of("coin", 500L, "rations", 2L), Map.of("lute", 1L));
    long id = o.getLong("id");
    assertEquals("open", o.getString("status"));
    assertEquals("Bo", o.getJsonObject("to").getString("name"));
    assertEquals(adaCoin - 500, coin(ada), "what is offered leaves at once");
    assertEquals(500, held(Ledger.escrow(id), "coin"));
    assertEquals(2, held(Ledger.escrow(id), "rations"));

    JsonObject accepted = step(vertx, SocialContractStep.ACCEPT, bo, id);
    assertEquals("accepted", accepted.getString("status"));
    assertEquals(boCoin + 500, coin(bo));
    assertEquals(0, held(Ledger.player(bo), "lute"));
    assertEquals(2, held(Ledger.player(ada), "lute"), "Ada's own lute and Bo's");
    assertEquals(0, held(Ledger.escrow(id), "coin"));

    // Made and ended at game minutes, no later than the clock's now.
    long madeAt = minute("created_minute", id);
    long endedAt = minute("closed_minute", id);
    long now = ClockContract.TIME.request(vertx, Empty.INSTANCE, TIMEOUT).await().gameMinutes();
    assertTrue(madeAt <= endedAt && endedAt <= now, madeAt + " " + endedAt + " " + now);

    JsonObject again = step(vertx, SocialContractStep.ACCEPT, bo, id);
    assertTrue(again.getBoolean("replayed"), "accepting again answers the same");
    assertEquals(boCoin + 500, coin(bo), "and moves nothing");
    ReplyException late = refused(() -> step(vertx, SocialContractStep.CANCEL, ada, id));
    assertEquals(409, late.failureCode());
    assertEquals("that offer was accepted", late.getMessage());
    List<String> notices =
        PlayerContract.ME
            .request(vertx, new PlayerContract.Me(bo), TIMEOUT)
            .await()
            .json()
            .getJsonArray("notices")
            .stream()
            .map(n -> ((JsonObject) n).getString("text"))
            .toList();
    assertTrue(
        notices.contains("You accepted Ada's offer: 5 gp and 2 rations for 1 lute."),
        notices.toString());
  }

  @Test
  void declinedCancelledExpiredAndLeftOffersGiveBack(Vertx vertx) {
    start(vertx);
    long cid = player(vertx, "Cid");
    long dee = player(vertx, "Dee");
    long start = coin(cid);

    long gift = offer(vertx, cid, "Dee", Map.of("coin", 100L), Map.of()).getLong("id");
    assertEquals(
        "declined", step(vertx, SocialContractStep.DECLINE, dee, gift).getString("status"));
    assertEquals(start, coin(cid), "declined: back with Cid");

    long second = offer(vertx, cid, "Dee", Map.of("coin", 100L), Map.of("ink", 1L)).getLong("id");
    ReplyException notYours = refused(() -> step(vertx, SocialContractStep.CANCEL, dee, second));
    assertEquals(404, notYours.failureCode(), "only the offerer cancels");
    assertEquals(
        "cancelled", step(vertx, SocialContractStep.CANCEL, cid, second).getString("status"));
    assertEquals(start, coin(cid));

    // Asking for more than the other has: refused when accepted, and nothing moves.
    long greedy = offer(vertx, cid, "Dee", Map.of(), Map.of("coin", 999_999L)).getLong("id");
    ReplyException poor = refused(() -> step(vertx, SocialContractStep.ACCEPT, dee, greedy));
    assertEquals(409, poor.failureCode());
    assertTrue(poor.getMessage().startsWith("not enough coin"), poor.getMessage());
    step(vertx, SocialContractStep.CANCEL, cid, greedy);

    // A game day later an offer expires.
    long old = offer(vertx, cid, "Dee", Map.of("coin", 50L), Map.of()).getLong("id");
    ClockContract.ADVANCE.request(vertx, new ClockContract.Advance(25 * 60), TIMEOUT).await();
    awaitStatus(vertx, cid, old, "expired");
    assertEquals(start, coin(cid), "expired: back with Cid");

    // Leaving town ends an offer.
    long left = offer(vertx, cid, "Dee", Map.of("coin", 70L), Map.of()).getLong("id");
    PlayerContract.TRAVEL
        .request(vertx, new PlayerContract.Travel(dee, "millbrook", null), TIMEOUT)
        .await();
    ReplyException gone = refused(() -> step(vertx, SocialContractStep.ACCEPT, dee, left));
    assertEquals(409, gone.failureCode());
    ClockContract.ADVANCE.request(vertx, new ClockContract.Advance(60), TIMEOUT).await();
    awaitStatus(vertx, cid, left, "void");
    assertEquals(start, coin(cid), "void: back with Cid");
  }

  void awaitStatus(Vertx vertx, long player, long offer, String status) {
    long deadline = System.currentTimeMillis() + TIMEOUT;
    while (true) {
      String now =
          pool.preparedQuery("SELECT status FROM trade_offers WHERE id = $1")
              .execute(Tuple.of(offer))
              .await()
              .iterator()
              .next()
              .getString("status");
      if (status.equals(now)) {
        return;
      }
      assertTrue(System.currentTimeMillis() < deadline, "offer " + offer + " is " + now);
      vertx.timer(50).await();
    }
  }

  /**
   * 32 accepts and cancels at once on the same offers: each escrow moves in and out exactly once.
   */
  @Test
  void concurrentAcceptsAndCancelsEndEachOfferOnce(Vertx vertx) {
    start(vertx);
    long eve = player(vertx, "Eve");
    long fox = player(vertx, "Fox");
    long eveStart = coin(eve);
    long foxStart = coin(fox);
    List<Long> offers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      offers.add(offer(vertx, eve, "Fox", Map.of("coin", 10L + i), Map.of()).getLong("id"));
    }
    List<Future<?>> steps = new ArrayList<>();
    for (long id : offers) {
      for (int k = 0; k < 4; k++) {
        steps.add(
            SocialContract.ACCEPT.request(vertx, new OfferStep(fox, id), TIMEOUT).otherwiseEmpty());
        steps.add(
            SocialContract.CANCEL.request(vertx, new OfferStep(eve, id), TIMEOUT).otherwiseEmpty());
      }
    }
    Future.join(steps).await();
    long accepted = 0;
    for (long id : offers) {
      String status =
          pool.preparedQuery("SELECT status FROM trade_offers WHERE id = $1")
              .execute(Tuple.of(id))
              .await()
              .iterator()
              .next()
              .getString("status");
      assertTrue(status.equals("accepted") || status.equals("cancelled"), status);
      long out =
          pool.preparedQuery("SELECT count(*) FROM ledger_entries WHERE from_holder = $1")
              .execute(Tuple.of(Ledger.escrow(id)))
              .await()
              .iterator()
              .next()
              .getLong(0);
      assertEquals(1, out, "escrow " + id + " paid out once");
      if (status.equals("accepted")) {
        accepted += 10 + offers.indexOf(id);
      }
    }
    assertEquals(foxStart + accepted, coin(fox));
    assertEquals(eveStart - accepted, coin(eve));
  }
}
