package io.wayfarer.social;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Money;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.social.SocialContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers between two players in one town. What the offerer gives moves into escrow ({@code
 * escrow:<id>}) when the offer is made, so it cannot be spent twice; an offer ends once, in one
 * transaction with its ledger moves: accepted (escrow to the other, what was asked to the offerer),
 * or declined, cancelled, expired after a game day, or void when either leaves the town (escrow
 * back). The offer's row is locked first, so of two steps at once one ends it and the other sees it
 * ended; repeating the step that ended it answers the same.
 */
final class Trades {
  private static final Logger LOG = LoggerFactory.getLogger(Trades.class);

  /** An offer lasts a game day. */
  static final long LIFETIME_MINUTES = 24 * 60;

  private final Vertx vertx;
  private final Db db;
  private final Set<String> assets;
  private final Supplier<Future<Long>> now;
  private final long busTimeoutMillis;

  /**
   * @param assets what may be offered or asked: coin, and the world's goods and kit
   * @param now the world's time in game minutes
   */
  Trades(
      Vertx vertx, Db db, Set<String> assets, Supplier<Future<Long>> now, long busTimeoutMillis) {
    this.vertx = vertx;
    this.db = db;
    this.assets = assets;
    this.now = now;
    this.busTimeoutMillis = busTimeoutMillis;
  }

  Future<Document> offer(SocialContract.Offer o) {
    if (o.gives().isEmpty() && o.wants().isEmpty()) {
      return Refusal.fail(Failures.BAD_REQUEST, "an offer gives or asks for something");
    }
    for (String asset : union(o.gives(), o.wants())) {
      if (!assets.contains(asset)) {
        return Refusal.fail(
            Failures.BAD_REQUEST, asset + " is not something that can change hands here");
      }
    }
    return now.get()
        .compose(minutes -> make(o, minutes))
        .compose(
            j ->
                j.getBoolean("replayed", false)
                    ? Future.succeededFuture(j)
                    : tell(j, "made").map(v -> j))
        .map(Document::new);
  }

  private Future<JsonObject> make(SocialContract.Offer o, long now) {
    return db.<JsonObject>transaction(
        tx ->
            tx.preparedQuery(SocialSql.CHARACTER_BY_NAME)
                .execute(Tuple.of(o.to()))
                .compose(
                    found -> {
                      if (found.size() == 0) {
                        return Refusal.fail(Failures.NOT_FOUND, "no character is named " + o.to());
                      }
                      long to = found.iterator().next().getLong("player_id");
                      if (to == o.playerId()) {
                        return Refusal.fail(
                            Failures.BAD_REQUEST, "you cannot make an offer to yourself");
                      }
                      return sameTown(tx, o.playerId(), to, null)
                          .compose(
                              town ->
                                  tx.preparedQuery(SocialSql.INSERT)
                                      .execute(
                                          Tuple.of(
                                              o.playerId(),
                                              to,
                                              town,
                                              new JsonObject(Map.copyOf(o.gives())),
                                              new JsonObject(Map.copyOf(o.wants())),
                                              now + LIFETIME_MINUTES,
                                              o.requestId(),
                                              now)))
                          .compose(
                              rows -> {
                                if (rows.size() == 0) {
                                  // The same request again: the offer it made, unchanged.
                                  return tx.preparedQuery(SocialSql.BY_REQUEST)
                                      .execute(Tuple.of(o.playerId(), o.requestId()))
                                      .compose(again -> offerJson(tx, again.iterator().next()))
                                      .map(j -> j.put("replayed", true));
                                }
                                Row offer = rows.iterator().next();
                                long id = offer.getLong("id");
                                return moveAll(
                                        tx,
                                        o.gives(),
                                        Ledger.player(o.playerId()),
                                        Ledger.escrow(id),
                                        "offer " + id + " into escrow")
                                    .compose(v -> offerJson(tx, offer));
                              });
                    }));
  }

  Future<Document> accept(SocialContract.OfferStep s) {
    return now.get().compose(minutes -> accept(s, minutes));
  }

  private Future<Document> accept(SocialContract.OfferStep s, long minutes) {
    return db.<JsonObject>transaction(
            tx ->
                lockOffer(tx, s.offer())
                    .compose(
                        offer -> {
                          if (offer.getLong("to_id") != s.playerId()) {
                            return Refusal.fail(
                                Failures.NOT_FOUND, "no offer " + s.offer() + " was made to you");
                          }
                          String status = offer.getString("status");
                          if ("accepted".equals(status)) {
                            return offerJson(tx, offer).map(j -> j.put("replayed", true));
                          }
                          if (!"open".equals(status)) {
                            return Refusal.fail(Failures.CONFLICT, "that offer was " + status);
                          }
                          if (offer.getLong("expires_at") <= minutes) {
                            return Refusal.fail(Failures.CONFLICT, "that offer has expired");
                          }
                          long from = offer.getLong("from_id");
                          long id = offer.getLong("id");
                          Map<String, Long> gives = amounts(offer.getJsonObject("gives"));
                          Map<String, Long> wants = amounts(offer.getJsonObject("wants"));
                          return sameTown(tx, from, s.playerId(), offer.getString("town"))
                              .compose(
                                  town -> {
                                    List<Ledger.Key> keys = new ArrayList<>();
                                    gives
                                        .keySet()
                                        .forEach(
                                            a -> {
                                              keys.add(new Ledger.Key(Ledger.escrow(id), a));
                                              keys.add(
                                                  new Ledger.Key(Ledger.player(s.playerId()), a));
                                            });
                                    wants
                                        .keySet()
                                        .forEach(
                                            a -> {
                                              keys.add(
                                                  new Ledger.Key(Ledger.player(s.playerId()), a));
                                              keys.add(new Ledger.Key(Ledger.player(from), a));
                                            });
                                    return Ledger.lock(tx, keys);
                                  })
                              .compose(
                                  locked -> {
                                    String reason = "offer " + id + " accepted";
                                    gives.forEach(
                                        (a, q) ->
                                            locked.move(
                                                Ledger.escrow(id),
                                                Ledger.player(s.playerId()),
                                                a,
                                                q,
                                                reason));
                                    wants.forEach(
                                        (a, q) ->
                                            locked.move(
                                                Ledger.player(s.playerId()),
                                                Ledger.player(from),
                                                a,
                                                q,
                                                reason));
                                    return Ledger.write(tx, locked);
                                  })
                              .compose(v -> close(tx, id, "accepted", minutes));
                        }))
        .compose(
            j ->
                j.getBoolean("replayed", false)
                    ? Future.succeededFuture(j)
                    : tell(j, "accepted").map(v -> j))
        .map(Document::new);
  }

  Future<Document> decline(SocialContract.OfferStep s) {
    return end(s, "declined", false);
  }

  Future<Document> cancel(SocialContract.OfferStep s) {
    return end(s, "cancelled", true);
  }

  /** Declined by the other or cancelled by the offerer: what was given goes back. */
  private Future<Document> end(SocialContract.OfferStep s, String outcome, boolean byOfferer) {
    return now.get().compose(minutes -> end(s, outcome, byOfferer, minutes));
  }

  private Future<Document> end(
      SocialContract.OfferStep s, String outcome, boolean byOfferer, long minutes) {
    return db.<JsonObject>transaction(
            tx ->
                lockOffer(tx, s.offer())
                    .compose(
                        offer -> {
                          long actor = offer.getLong(byOfferer ? "from_id" : "to_id");
                          if (actor != s.playerId()) {
                            return Refusal.fail(
                                Failures.NOT_FOUND,
                                "no offer "
                                    + s.offer()
                                    + (byOfferer ? " was made by you" : " was made to you"));
                          }
                          String status = offer.getString("status");
                          if (outcome.equals(status)) {
                            return offerJson(tx, offer).map(j -> j.put("replayed", true));
                          }
                          if (!"open".equals(status)) {
                            return Refusal.fail(Failures.CONFLICT, "that offer was " + status);
                          }
                          return giveBack(tx, offer, outcome, minutes);
                        }))
        .compose(
            j ->
                j.getBoolean("replayed", false)
                    ? Future.succeededFuture(j)
                    : tell(j, outcome).map(v -> j))
        .map(Document::new);
  }

  /**
   * Each game hour: offers a game day old expire, and offers whose players are no longer both in
   * their town are void; what was given goes back. Each in its own transaction.
   */
  Future<Void> sweep(long now) {
    return db.pool()
        .preparedQuery(SocialSql.TO_END)
        .execute(Tuple.of(now))
        .compose(
            rows -> {
              Future<Void> all = Future.succeededFuture();
              for (Row r : rows) {
                long id = r.getLong("id");
                String outcome = r.getLong("expires_at") <= now ? "expired" : "void";
                all =
                    all.compose(
                        v ->
                            db.<JsonObject>transaction(
                                    tx ->
                                        lockOffer(tx, id)
                                            .compose(
                                                offer ->
                                                    "open".equals(offer.getString("status"))
                                                        ? giveBack(tx, offer, outcome, now)
                                                        : Future.succeededFuture(null)))
                                .compose(
                                    j -> j == null ? Future.succeededFuture() : tell(j, outcome))
                                .otherwise(
                                    err -> {
                                      LOG.warn(
                                          "Offer {} not ended ({}): {}",
                                          id,
                                          outcome,
                                          err.getMessage());
                                      return null;
                                    }));
              }
              return all;
            });
  }

  Future<Document> list(SocialContract.Offers q) {
    return db.pool()
        .preparedQuery(SocialSql.OF_PLAYER)
        .execute(Tuple.of(q.playerId()))
        .map(
            rows -> {
              JsonArray made = new JsonArray();
              JsonArray received = new JsonArray();
              for (Row r : rows) {
                JsonObject j = offerJson(r);
                (r.getLong("from_id") == q.playerId() ? made : received).add(j);
              }
              return new Document(new JsonObject().put("made", made).put("received", received));
            });
  }

  // ---- within a transaction ----

  private Future<JsonObject> giveBack(SqlConnection tx, Row offer, String outcome, long minutes) {
    long id = offer.getLong("id");
    return moveAll(
            tx,
            amounts(offer.getJsonObject("gives")),
            Ledger.escrow(id),
            Ledger.player(offer.getLong("from_id")),
            "offer " + id + " " + outcome)
        .compose(v -> close(tx, id, outcome, minutes));
  }

  private static Future<Void> moveAll(
      SqlConnection tx, Map<String, Long> amounts, String from, String to, String reason) {
    if (amounts.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Ledger.Key> keys = new ArrayList<>();
    amounts
        .keySet()
        .forEach(a -> keys.addAll(List.of(new Ledger.Key(from, a), new Ledger.Key(to, a))));
    return Ledger.lock(tx, keys)
        .compose(
            locked -> {
              amounts.forEach((a, q) -> locked.move(from, to, a, q, reason));
              return Ledger.write(tx, locked);
            });
  }

  private static Future<Row> lockOffer(SqlConnection tx, long id) {
    return tx.preparedQuery(SocialSql.LOCK)
        .execute(Tuple.of(id))
        .compose(
            rows ->
                rows.size() == 0
                    ? Refusal.fail(Failures.NOT_FOUND, "no offer " + id)
                    : Future.succeededFuture(rows.iterator().next()));
  }

  private static Future<JsonObject> close(SqlConnection tx, long id, String outcome, long minutes) {
    return tx.preparedQuery(SocialSql.CLOSE)
        .execute(Tuple.of(id, outcome, minutes))
        .compose(rows -> offerJson(tx, rows.iterator().next()));
  }

  /**
   * Both players' characters, locked against leaving (FOR SHARE), must stand in one town ({@code
   * town}, when the offer names one): the town.
   */
  private static Future<String> sameTown(SqlConnection tx, long a, long b, String town) {
    return tx.preparedQuery(SocialSql.TOWNS)
        .execute(Tuple.of(Math.min(a, b), Math.max(a, b)))
        .compose(
            rows -> {
              List<String> towns = new ArrayList<>();
              rows.forEach(r -> towns.add(r.getString("town")));
              if (towns.size() != 2
                  || towns.get(0) == null
                  || !towns.get(0).equals(towns.get(1))
                  || (town != null && !town.equals(towns.get(0)))) {
                return Refusal.fail(
                    Failures.CONFLICT,
                    town == null
                        ? "you can only trade with someone in the same town"
                        : "you must both be in " + town + " to trade");
              }
              return Future.succeededFuture(towns.get(0));
            });
  }

  private static Future<JsonObject> offerJson(SqlConnection tx, Row offer) {
    return tx.preparedQuery(SocialSql.WITH_NAMES)
        .execute(Tuple.of(offer.getLong("id")))
        .map(rows -> offerJson(rows.iterator().next()));
  }

  private static JsonObject offerJson(Row r) {
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put(
            "from",
            new JsonObject()
                .put("playerId", r.getLong("from_id"))
                .put("name", r.getString("from_name")))
        .put(
            "to",
            new JsonObject()
                .put("playerId", r.getLong("to_id"))
                .put("name", r.getString("to_name")))
        .put("town", r.getString("town"))
        .put("gives", r.getJsonObject("gives"))
        .put("wants", r.getJsonObject("wants"))
        .put("status", r.getString("status"))
        .put("expiresAt", r.getLong("expires_at"));
  }

  // ---- telling both players ----

  private Future<Void> tell(JsonObject offer, String what) {
    String from = offer.getJsonObject("from").getString("name");
    String to = offer.getJsonObject("to").getString("name");
    String deal = describe(offer);
    String forFrom;
    String forTo;
    switch (what) {
      case "made" -> {
        forFrom = "You offer " + to + " " + deal + ".";
        forTo = from + " offers you " + deal + ".";
      }
      case "accepted" -> {
        forFrom = to + " accepted your offer: " + deal + ".";
        forTo = "You accepted " + from + "'s offer: " + deal + ".";
      }
      case "declined" -> {
        forFrom = to + " declined your offer; what you gave is back with you.";
        forTo = "You declined " + from + "'s offer.";
      }
      case "cancelled" -> {
        forFrom = "You cancelled your offer to " + to + "; what you gave is back with you.";
        forTo = from + " withdrew an offer to you.";
      }
      default -> {
        String why = "expired".equals(what) ? "a day passed" : "one of you left town";
        forFrom = "Your offer to " + to + " ended (" + why + "); what you gave is back with you.";
        forTo = from + "'s offer to you ended (" + why + ").";
      }
    }
    JsonObject data =
        new JsonObject().put("offer", offer.getLong("id")).put("status", offer.getString("status"));
    return Future.all(
            notice(offer.getJsonObject("from").getLong("playerId"), forFrom, data),
            notice(offer.getJsonObject("to").getLong("playerId"), forTo, data))
        .<Void>mapEmpty()
        // The offer is done whatever becomes of the notices: a lost one is logged, not undone.
        .otherwise(
            err -> {
              LOG.warn(
                  "Notices of offer {} not all kept: {}", offer.getLong("id"), err.getMessage());
              return null;
            });
  }

  private Future<Void> notice(long player, String text, JsonObject data) {
    return now.get()
        .compose(
            minutes ->
                PlayerContract.RECORD_NOTICE.request(
                    vertx,
                    new PlayerContract.Notice(
                        player, minutes, "offer", PlayerContract.Notice.fit(text), data),
                    busTimeoutMillis))
        .mapEmpty();
  }

  /** "3 bread and 40 cp for 2 fish", or "3 bread as a gift". */
  static String describe(JsonObject offer) {
    String gives = words(offer.getJsonObject("gives"));
    String wants = words(offer.getJsonObject("wants"));
    if (wants.isEmpty()) {
      return gives + " as a gift";
    }
    return (gives.isEmpty() ? "nothing" : gives) + " for " + wants;
  }

  private static String words(JsonObject amounts) {
    return amounts.fieldNames().stream()
        .sorted()
        .map(
            a ->
                Ledger.COIN.equals(a)
                    ? Money.format(amounts.getLong(a))
                    : amounts.getLong(a) + " " + a)
        .collect(Collectors.joining(" and "));
  }

  private static Map<String, Long> amounts(JsonObject json) {
    return json.fieldNames().stream().collect(Collectors.toMap(k -> k, json::getLong));
  }

  private static Set<String> union(Map<String, Long> a, Map<String, Long> b) {
    Set<String> all = new TreeSet<>(a.keySet());
    all.addAll(b.keySet());
    return all;
  }
}
