package io.wayfarer.estate;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Money;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.estate.EstateContract;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.town.TownLaws;
import io.wayfarer.shared.world.MarketData;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Buy orders ("wanted"): a player standing in a town wants a quantity of a good at a unit price,
 * and the coin for all of it moves at once to {@code escrow:order-<id>}, so it cannot be spent
 * twice. Sellers standing in that town fill it, fully or partly, at its price: the goods go to the
 * buyer, the coin from escrow to the seller less the town's sales tax (to its treasury). Each fill
 * locks the order, so fills never pass what is wanted; cancelling returns the coin not spent.
 */
final class Orders {
  private final Pool pool;
  private final Db db;
  private final Map<String, MarketData.Market> markets;
  private final TownLaws laws;
  private final Set<String> goods;

  Orders(
      Pool pool, Db db, Map<String, MarketData.Market> markets, TownLaws laws, Set<String> goods) {
    this.laws = laws;
    this.pool = pool;
    this.db = db;
    this.markets = markets;
    this.goods = goods;
  }

  static String escrow(long orderId) {
    return "escrow:order-" + orderId;
  }

  Future<JsonObject> wanted(String town, long now) {
    if (!markets.containsKey(town)) {
      return Refusal.fail(Failures.NOT_FOUND, "no such town");
    }
    return pool.preparedQuery(EstateSql.WANTED_IN)
        .execute(Tuple.of(town))
        .map(
            rows -> {
              JsonArray list = new JsonArray();
              rows.forEach(r -> list.add(json(r)));
              return new JsonObject()
                  .put("town", town)
                  .put("salesTax", laws.salesTax(town, now))
                  .put("orders", list);
            });
  }

  /** Posts an order where the buyer stands: the order's id. */
  Future<Long> post(EstateContract.Wanted w, long gameMinutes) {
    if (!goods.contains(w.good())) {
      return Refusal.fail(Failures.BAD_REQUEST, w.good() + " is not something that can be wanted");
    }
    long total;
    try {
      total = Math.multiplyExact(w.qty(), w.unitPrice());
    } catch (ArithmeticException e) {
      return Refusal.fail(
          Failures.BAD_REQUEST, "that order is worth more than all the coin there is");
    }
    return db.transaction(
        tx ->
            tx.preparedQuery(EstateSql.WHERE)
                .execute(Tuple.of(w.playerId()))
                .compose(
                    where -> {
                      String town =
                          where.size() == 0 ? null : where.iterator().next().getString("town");
                      if (town == null) {
                        return Refusal.fail(
                            Failures.CONFLICT, "post a buy order standing in a town");
                      }
                      return tx.preparedQuery(EstateSql.INSERT_ORDER)
                          .execute(
                              Tuple.tuple(
                                  Arrays.asList(
                                      town,
                                      w.playerId(),
                                      w.good(),
                                      w.unitPrice(),
                                      w.qty(),
                                      w.requestId(),
                                      gameMinutes)));
                    })
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return tx.preparedQuery(EstateSql.ORDER_BY_REQUEST)
                            .execute(Tuple.of(w.playerId(), w.requestId()))
                            .map(again -> again.iterator().next().getLong("id"));
                      }
                      long id = rows.iterator().next().getLong("id");
                      String purse = Ledger.player(w.playerId());
                      return Ledger.lock(
                              tx,
                              List.of(
                                  new Ledger.Key(purse, Ledger.COIN),
                                  new Ledger.Key(escrow(id), Ledger.COIN)))
                          .compose(
                              locked -> {
                                long has = locked.balance(purse, Ledger.COIN);
                                if (has < total) {
                                  return Refusal.fail(
                                      Failures.CONFLICT,
                                      "that order holds "
                                          + Money.format(total)
                                          + "; you have "
                                          + Money.format(has));
                                }
                                locked.move(
                                    purse, escrow(id), Ledger.COIN, total, "buy order " + id);
                                return Ledger.write(tx, locked);
                              })
                          .map(id);
                    }));
  }

  /** Sells into an order: the order as it stands after. */
  Future<Long> fill(EstateContract.Fill f, long gameMinutes) {
    return db.transaction(
        tx ->
            lock(tx, f.order())
                .compose(
                    o -> {
                      if (o.getLong("buyer_id") == f.playerId()) {
                        return Refusal.fail(Failures.BAD_REQUEST, "this is your own order");
                      }
                      if (!"open".equals(o.getString("status"))) {
                        return Refusal.fail(
                            Failures.CONFLICT, "that order is " + o.getString("status"));
                      }
                      return EstateVerticle.standingIn(tx, f.playerId(), o.getString("town"))
                          .compose(v -> fillLocked(tx, f, o, gameMinutes));
                    }));
  }

  private Future<Long> fillLocked(
      SqlConnection tx, EstateContract.Fill f, Row o, long gameMinutes) {
    long id = o.getLong("id");
    long left = o.getLong("qty") - o.getLong("filled");
    if (f.qty() > left) {
      return Refusal.fail(Failures.CONFLICT, "only " + left + " more are wanted");
    }
    String good = o.getString("good");
    String town = o.getString("town");
    long total = Math.multiplyExact(f.qty(), o.getLong("unit_price"));
    long tax = Money.tax(total, laws.salesTax(town, gameMinutes));
    return tx.preparedQuery(EstateSql.INSERT_FILL)
        .execute(
            Tuple.tuple(
                Arrays.asList(id, f.playerId(), f.qty(), total, tax, f.requestId(), gameMinutes)))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture(id); // filled before under this request id
              }
              String seller = Ledger.player(f.playerId());
              String buyer = Ledger.player(o.getLong("buyer_id"));
              return Ledger.lock(
                      tx,
                      List.of(
                          new Ledger.Key(seller, good),
                          new Ledger.Key(buyer, good),
                          new Ledger.Key(escrow(id), Ledger.COIN),
                          new Ledger.Key(seller, Ledger.COIN),
                          new Ledger.Key(Ledger.town(town), Ledger.COIN)))
                  .compose(
                      locked -> {
                        long has = locked.balance(seller, good);
                        if (has < f.qty()) {
                          return Refusal.fail(
                              Failures.CONFLICT,
                              "you carry " + has + " " + good + ", not " + f.qty());
                        }
                        String why = "buy order " + id + " filled";
                        locked.move(seller, buyer, good, f.qty(), why);
                        locked.move(escrow(id), seller, Ledger.COIN, total - tax, why);
                        if (tax > 0) {
                          locked.move(
                              escrow(id), Ledger.town(town), Ledger.COIN, tax, "sales tax, " + why);
                        }
                        return Ledger.write(tx, locked);
                      })
                  .compose(
                      v -> {
                        long filled = o.getLong("filled") + f.qty();
                        String status = filled == o.getLong("qty") ? "filled" : "open";
                        return tx.preparedQuery(EstateSql.SET_FILLED)
                            .execute(Tuple.of(id, filled, status, gameMinutes));
                      })
                  .compose(
                      v ->
                          Landlord.notice(
                              tx,
                              o.getLong("buyer_id"),
                              gameMinutes,
                              "Your buy order got "
                                  + f.qty()
                                  + " "
                                  + good
                                  + " for "
                                  + Money.format(total)
                                  + ".",
                              new JsonObject().put("order", id)))
                  .map(id);
            });
  }

  /** Cancels an open order: the coin left in escrow goes back to its buyer. */
  Future<Long> cancel(EstateContract.OrderStep c, long gameMinutes) {
    return db.transaction(
        tx ->
            lock(tx, c.order())
                .compose(
                    o -> {
                      if (o.getLong("buyer_id") != c.playerId()) {
                        return Refusal.fail(
                            Failures.NOT_FOUND, "no buy order " + c.order() + " of yours");
                      }
                      if ("cancelled".equals(o.getString("status"))) {
                        return Future.succeededFuture(c.order());
                      }
                      if (!"open".equals(o.getString("status"))) {
                        return Refusal.fail(
                            Failures.CONFLICT, "that order is " + o.getString("status"));
                      }
                      return Landlord.moveEverything(
                              tx,
                              escrow(c.order()),
                              Ledger.player(c.playerId()),
                              "buy order " + c.order() + " cancelled")
                          .compose(
                              v ->
                                  tx.preparedQuery(EstateSql.SET_FILLED)
                                      .execute(
                                          Tuple.of(
                                              c.order(),
                                              o.getLong("filled"),
                                              "cancelled",
                                              gameMinutes)))
                          .map(c.order());
                    }));
  }

  Future<JsonObject> order(long id) {
    return pool.preparedQuery(EstateSql.ORDER)
        .execute(Tuple.of(id))
        .map(rows -> json(rows.iterator().next()));
  }

  private static Future<Row> lock(SqlConnection tx, long id) {
    return tx.preparedQuery(EstateSql.LOCK_ORDER)
        .execute(Tuple.of(id))
        .compose(
            rows ->
                rows.size() == 0
                    ? Refusal.fail(Failures.NOT_FOUND, "no buy order " + id)
                    : Future.succeededFuture(rows.iterator().next()));
  }

  private static JsonObject json(Row r) {
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("town", r.getString("town"))
        .put("buyer", r.getString("buyer"))
        .put("good", r.getString("good"))
        .put("unitPrice", r.getLong("unit_price"))
        .put("qty", r.getLong("qty"))
        .put("filled", r.getLong("filled"))
        .put("status", r.getString("status"));
  }
}
