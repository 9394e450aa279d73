package io.wayfarer.estate;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Money;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.estate.EstateContract;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.world.Estates;

/**
 * Houses changing hands: an owner offers a house to a named player at a price (0 gives it). The
 * open sale holds the house (one open sale per house, none while anything is owed or under a lien);
 * accepting moves the price from buyer to seller and the title to the buyer in one transaction,
 * ends every key, and moves the storage with the title only if the seller said so (otherwise it
 * goes to the seller's purse), the credit paid ahead back to the seller.
 */
final class Sales {
  private final Db db;
  private final Estates estates;

  Sales(Db db, Estates estates) {
    this.db = db;
    this.estates = estates;
  }

  /** The plot of the sale made, or offered again under the same request id. */
  Future<Long> offer(EstateContract.Sell s, long gameMinutes) {
    Estates.Plot plot = EstateVerticle.known(estates, s.plot());
    return db.transaction(
        tx ->
            EstateVerticle.ownersTitle(
                    tx, EstateSql.LOCK_FOR_UPKEEP, plot, s.playerId(), "sells it")
                .compose(
                    t -> {
                      if (t.getLong("arrears") > 0) {
                        return Refusal.fail(
                            Failures.CONFLICT,
                            plot.name()
                                + " owes "
                                + Money.format(t.getLong("arrears"))
                                + " of upkeep"
                                + (Upkeep.LIEN.equals(t.getString("status"))
                                    ? " and is under a lien"
                                    : "")
                                + ": pay it before selling");
                      }
                      return tx.preparedQuery(EstateSql.CHARACTER_BY_NAME)
                          .execute(Tuple.of(s.to()));
                    })
                .compose(
                    found -> {
                      if (found.size() == 0) {
                        return Refusal.fail(Failures.NOT_FOUND, "no character is named " + s.to());
                      }
                      long buyer = found.iterator().next().getLong("player_id");
                      if (buyer == s.playerId()) {
                        return Refusal.fail(Failures.BAD_REQUEST, "the house is yours already");
                      }
                      return tx.preparedQuery(EstateSql.INSERT_SALE)
                          .execute(
                              Tuple.of(
                                  plot.id(),
                                  s.playerId(),
                                  buyer,
                                  s.price(),
                                  s.withStorage(),
                                  s.requestId(),
                                  gameMinutes))
                          .compose(
                              inserted -> {
                                if (inserted.size() > 0) {
                                  long id = inserted.iterator().next().getLong("id");
                                  return Landlord.notice(
                                          tx,
                                          buyer,
                                          gameMinutes,
                                          "You are offered "
                                              + plot.name()
                                              + (s.price() == 0
                                                  ? " as a gift"
                                                  : " for " + Money.format(s.price()))
                                              + (s.withStorage() ? ", with what it stores." : "."),
                                          new JsonObject().put("sale", id).put("plot", plot.id()))
                                      .map(id);
                                }
                                return tx.preparedQuery(EstateSql.SALE_BY_REQUEST)
                                    .execute(Tuple.of(s.playerId(), s.requestId()))
                                    .compose(
                                        again ->
                                            again.size() > 0
                                                ? Future.succeededFuture(
                                                    again.iterator().next().getLong("id"))
                                                : Refusal.fail(
                                                    Failures.CONFLICT,
                                                    plot.name()
                                                        + " is already offered to someone"));
                              });
                    }));
  }

  /** Accepting: the price and the title change hands; the seller is told. */
  Future<Long> accept(EstateContract.SaleStep step, long gameMinutes) {
    return db.transaction(
        tx ->
            lock(tx, step.sale())
                .compose(
                    sale -> {
                      if (sale.getLong("buyer_id") != step.playerId()) {
                        return Refusal.<Long>fail(
                            Failures.NOT_FOUND,
                            "no house sale " + step.sale() + " was offered to you");
                      }
                      String status = sale.getString("status");
                      if ("accepted".equals(status)) {
                        return Future.succeededFuture(step.sale());
                      }
                      if (!"open".equals(status)) {
                        return Refusal.<Long>fail(Failures.CONFLICT, "that sale was " + status);
                      }
                      return transfer(tx, sale, gameMinutes).map(step.sale());
                    }));
  }

  private Future<Void> transfer(SqlConnection tx, Row sale, long gameMinutes) {
    Estates.Plot plot = estates.plot(sale.getString("plot_id")).orElseThrow();
    long seller = sale.getLong("seller_id");
    long buyer = sale.getLong("buyer_id");
    long price = sale.getLong("price");
    return tx.preparedQuery(EstateSql.LOCK_FOR_UPKEEP)
        .execute(Tuple.of(plot.id()))
        .compose(
            rows -> {
              if (rows.size() == 0 || rows.iterator().next().getLong("owner_id") != seller) {
                return Refusal.fail(
                    Failures.CONFLICT, plot.name() + " is no longer theirs to sell");
              }
              if (rows.iterator().next().getLong("arrears") > 0) {
                return Refusal.fail(
                    Failures.CONFLICT, plot.name() + " owes upkeep: the seller must pay it first");
              }
              return EstateVerticle.standingIn(tx, buyer, plot.town());
            })
        .compose(v -> tx.preparedQuery(EstateSql.COUNT_OWNED).execute(Tuple.of(buyer)))
        .compose(
            count -> {
              if (count.iterator().next().getLong(0) >= estates.maxPlotsPerPlayer()) {
                return Refusal.fail(
                    Failures.CONFLICT,
                    "you may hold " + estates.maxPlotsPerPlayer() + " plots at most");
              }
              return price == 0
                  ? Future.succeededFuture()
                  : Ledger.transfer(
                      tx,
                      Ledger.player(buyer),
                      Ledger.player(seller),
                      Ledger.COIN,
                      price,
                      "house " + plot.id() + " bought");
            })
        .compose(v -> Shops.close(tx, plot.id(), gameMinutes))
        .compose(
            v ->
                sale.getBoolean("with_storage")
                    ? Future.succeededFuture()
                    : Landlord.moveEverything(
                        tx,
                        Ledger.house(plot.id()),
                        Ledger.player(seller),
                        "kept by the seller of " + plot.id()))
        .compose(
            v ->
                Landlord.moveEverything(
                    tx,
                    Ledger.credit(plot.id()),
                    Ledger.player(seller),
                    "upkeep paid ahead returned to the seller of " + plot.id()))
        .compose(v -> tx.preparedQuery(EstateSql.DELETE_KEYS).execute(Tuple.of(plot.id())))
        .compose(
            v ->
                tx.preparedQuery(EstateSql.KEYS_END)
                    .execute(Tuple.of(plot.id(), gameMinutes, "sold")))
        .compose(v -> tx.preparedQuery(EstateSql.SET_OWNER).execute(Tuple.of(plot.id(), buyer)))
        .compose(
            v ->
                tx.preparedQuery(EstateSql.OWNERSHIP_ENDS)
                    .execute(Tuple.of(plot.id(), gameMinutes, "sold")))
        .compose(
            v ->
                tx.preparedQuery(EstateSql.OWNERSHIP_BEGINS)
                    .execute(
                        Tuple.of(plot.id(), plot.town(), buyer, gameMinutes, "bought_from_player")))
        .compose(
            v ->
                tx.preparedQuery(EstateSql.SET_SALE)
                    .execute(Tuple.of(sale.getLong("id"), "accepted", gameMinutes)))
        .compose(
            v ->
                Landlord.notice(
                    tx,
                    seller,
                    gameMinutes,
                    plot.name()
                        + " is sold"
                        + (price == 0 ? " (a gift)." : " for " + Money.format(price) + "."),
                    new JsonObject().put("sale", sale.getLong("id")).put("plot", plot.id())));
  }

  /** Declined by the buyer or withdrawn by the seller. */
  Future<Long> end(EstateContract.SaleStep step, long gameMinutes) {
    return db.transaction(
        tx ->
            lock(tx, step.sale())
                .compose(
                    sale -> {
                      boolean seller = sale.getLong("seller_id") == step.playerId();
                      if (!seller && sale.getLong("buyer_id") != step.playerId()) {
                        return Refusal.<Long>fail(
                            Failures.NOT_FOUND, "no house sale " + step.sale() + " of yours");
                      }
                      String ended = seller ? "withdrawn" : "declined";
                      String status = sale.getString("status");
                      if (ended.equals(status)) {
                        return Future.succeededFuture(step.sale());
                      }
                      if (!"open".equals(status)) {
                        return Refusal.<Long>fail(Failures.CONFLICT, "that sale was " + status);
                      }
                      return tx.preparedQuery(EstateSql.SET_SALE)
                          .execute(Tuple.of(step.sale(), ended, gameMinutes))
                          .map(step.sale());
                    }));
  }

  private static Future<Row> lock(SqlConnection tx, long id) {
    return tx.preparedQuery(EstateSql.LOCK_SALE)
        .execute(Tuple.of(id))
        .compose(
            rows ->
                rows.size() == 0
                    ? Refusal.fail(Failures.NOT_FOUND, "no house sale " + id)
                    : Future.succeededFuture(rows.iterator().next()));
  }
}
