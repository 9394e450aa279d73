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
import io.wayfarer.shared.world.Estates;
import io.wayfarer.shared.world.MarketData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Players' shops: an owner moves goods from a house's storage to its shop ({@code shop:<plot>}, so
 * listed goods can be neither sold twice nor taken out) at a unit price; anyone standing in the
 * town buys, the owner away or not, in one transaction: coin from the buyer, the town's sales tax
 * to its treasury and the rest into the house's storage, the goods to the buyer, receipts to both.
 * A price changed less than a game hour ago cannot be bought at (no bait and switch), and a house
 * under a lien sells nothing.
 */
final class Shops {
  /** Game minutes a changed price waits before it can be bought at. */
  static final long PRICE_SETTLES_MINUTES = 60;

  private final Pool pool;
  private final Db db;
  private final Estates estates;
  private final Map<String, MarketData.Market> markets;
  private final TownLaws laws;
  private final Set<String> goods;

  Shops(
      Pool pool,
      Db db,
      Estates estates,
      Map<String, MarketData.Market> markets,
      TownLaws laws,
      Set<String> goods) {
    this.pool = pool;
    this.db = db;
    this.estates = estates;
    this.markets = markets;
    this.laws = laws;
    this.goods = goods;
  }

  /** The shop's listings with their stock, for its house's view. */
  Future<JsonArray> listings(SqlConnection conn, String plotId) {
    return conn.preparedQuery(EstateSql.LISTINGS_OF)
        .execute(Tuple.of(plotId))
        .compose(
            rows ->
                Ledger.holdings(conn, Ledger.shop(plotId))
                    .map(
                        stock -> {
                          JsonArray list = new JsonArray();
                          for (Row r : rows) {
                            String good = r.getString("good");
                            list.add(
                                new JsonObject()
                                    .put("good", good)
                                    .put("unitPrice", r.getLong("unit_price"))
                                    .put("qty", stock.getOrDefault(good, 0L))
                                    .put(
                                        "buyableAt",
                                        r.getLong("price_changed_at") + PRICE_SETTLES_MINUTES));
                          }
                          return list;
                        }));
  }

  /** The shop's last ten sales, newest first, for its owner's view. */
  Future<JsonArray> recentSales(SqlConnection conn, String plotId) {
    return conn.preparedQuery(EstateSql.RECENT_SHOP_SALES)
        .execute(Tuple.of(plotId))
        .map(
            rows -> {
              JsonArray list = new JsonArray();
              for (Row r : rows) {
                list.add(
                    new JsonObject()
                        .put("good", r.getString("good"))
                        .put("qty", r.getLong("qty"))
                        .put("total", r.getLong("total"))
                        .put("tax", r.getLong("tax"))
                        .put("gameMinutes", r.getLong("at"))
                        .put("buyer", r.getString("buyer")));
              }
              return list;
            });
  }

  /** Every listing in a town, each good's cheapest first, with what is on the shelf. */
  Future<JsonObject> inTown(String town, long now) {
    if (!markets.containsKey(town)) {
      return Refusal.fail(Failures.NOT_FOUND, "no such town");
    }
    return pool.withConnection(
        conn ->
            conn.preparedQuery(EstateSql.SHOPS_IN)
                .execute(Tuple.of(town))
                .compose(
                    rows -> {
                      JsonArray list = new JsonArray();
                      List<Future<Void>> stocks = new ArrayList<>();
                      for (Row r : rows) {
                        String plot = r.getString("plot_id");
                        String good = r.getString("good");
                        JsonObject l =
                            new JsonObject()
                                .put("plot", plot)
                                .put(
                                    "house",
                                    estates.plot(plot).map(Estates.Plot::name).orElse(plot))
                                .put("owner", r.getString("owner"))
                                .put("good", good)
                                .put("unitPrice", r.getLong("unit_price"))
                                .put(
                                    "buyableAt",
                                    r.getLong("price_changed_at") + PRICE_SETTLES_MINUTES)
                                .put("open", !Upkeep.LIEN.equals(r.getString("status")));
                        list.add(l);
                        stocks.add(
                            Ledger.balance(conn, Ledger.shop(plot), good)
                                .map(
                                    q -> {
                                      l.put("qty", q);
                                      return null;
                                    }));
                      }
                      return Future.all(stocks)
                          .map(
                              v ->
                                  new JsonObject()
                                      .put("town", town)
                                      .put("salesTax", laws.salesTax(town, now))
                                      .put("listings", list));
                    }));
  }

  /** Stocks the shelf from storage (qty may be 0: only the price changes). Owner, in the town. */
  Future<String> list(SqlConnection tx, EstateContract.Listing l, Estates.Plot plot, long now) {
    if (!goods.contains(l.good())) {
      return Refusal.fail(Failures.BAD_REQUEST, l.good() + " is not something a shop can sell");
    }
    Future<Void> moved =
        l.qty() == 0
            ? Future.succeededFuture()
            : Ledger.lock(
                    tx,
                    List.of(
                        new Ledger.Key(Ledger.house(plot.id()), l.good()),
                        new Ledger.Key(Ledger.shop(plot.id()), l.good())))
                .compose(
                    locked -> {
                      long stored = locked.balance(Ledger.house(plot.id()), l.good());
                      if (stored < l.qty()) {
                        return Refusal.fail(
                            Failures.CONFLICT,
                            plot.name()
                                + " stores "
                                + stored
                                + " "
                                + l.good()
                                + ", not "
                                + l.qty());
                      }
                      locked.move(
                          Ledger.house(plot.id()),
                          Ledger.shop(plot.id()),
                          l.good(),
                          l.qty(),
                          "put on the shelf of " + plot.id());
                      return Ledger.write(tx, locked);
                    });
    return moved
        .compose(
            v ->
                tx.preparedQuery(EstateSql.UPSERT_LISTING)
                    .execute(Tuple.of(plot.id(), l.good(), l.unitPrice(), now)))
        .compose(
            v ->
                tx.preparedQuery(EstateSql.SHELF_PRICE)
                    .execute(Tuple.of(plot.id(), l.good(), l.unitPrice(), now)))
        .map(plot.id());
  }

  /** Off the shelf: what is left goes back to the house's storage. */
  Future<String> delist(SqlConnection tx, String good, Estates.Plot plot, long now) {
    return Ledger.balance(tx, Ledger.shop(plot.id()), good)
        .compose(
            left ->
                left == 0
                    ? Future.succeededFuture()
                    : Ledger.transfer(
                        tx,
                        Ledger.shop(plot.id()),
                        Ledger.house(plot.id()),
                        good,
                        left,
                        "taken off the shelf of " + plot.id()))
        .compose(
            v -> tx.preparedQuery(EstateSql.SHELF_CLEARED).execute(Tuple.of(plot.id(), now, good)))
        .compose(v -> tx.preparedQuery(EstateSql.DELETE_LISTING).execute(Tuple.of(plot.id(), good)))
        .map(plot.id());
  }

  /** Closes a shop (the house changes hands or is seized): every good back to storage. */
  static Future<Void> close(SqlConnection tx, String plotId, long now) {
    return Landlord.moveEverything(
            tx, Ledger.shop(plotId), Ledger.house(plotId), "shop of " + plotId + " closed")
        .compose(
            v ->
                tx.preparedQuery(EstateSql.SHELF_CLEARED)
                    .execute(Tuple.of(plotId, now, (String) null)))
        .compose(v -> tx.preparedQuery(EstateSql.DELETE_LISTINGS).execute(Tuple.of(plotId)))
        .mapEmpty();
  }

  /** A purchase: the receipt. */
  Future<JsonObject> buy(EstateContract.ShopBuy b, long now) {
    Estates.Plot plot = EstateVerticle.known(estates, b.plot());
    double taxRate = laws.salesTax(plot.town(), now);
    return db.transaction(
        tx ->
            EstateVerticle.standingIn(tx, b.playerId(), plot.town())
                .compose(v -> tx.preparedQuery(EstateSql.ACCESS).execute(Tuple.of(plot.id())))
                .compose(
                    title -> {
                      if (title.size() == 0) {
                        return Refusal.fail(Failures.NOT_FOUND, plot.name() + " keeps no shop");
                      }
                      long owner = title.iterator().next().getLong("owner_id");
                      if (owner == b.playerId()) {
                        return Refusal.fail(Failures.BAD_REQUEST, "this is your own shop");
                      }
                      return tx.preparedQuery(EstateSql.STANDING)
                          .execute(Tuple.of(plot.id()))
                          .compose(
                              standing -> {
                                if (Upkeep.LIEN.equals(
                                    standing.iterator().next().getString("status"))) {
                                  return Refusal.fail(
                                      Failures.CONFLICT,
                                      "the shop of "
                                          + plot.name()
                                          + " is closed: a lien is on the house");
                                }
                                return tx.preparedQuery(EstateSql.LOCK_LISTING)
                                    .execute(Tuple.of(plot.id(), b.good()));
                              })
                          .compose(
                              listing ->
                                  sell(
                                      tx,
                                      b,
                                      plot,
                                      owner,
                                      listing.size() == 0 ? null : listing.iterator().next(),
                                      taxRate,
                                      now));
                    }));
  }

  private Future<JsonObject> sell(
      SqlConnection tx,
      EstateContract.ShopBuy b,
      Estates.Plot plot,
      long owner,
      Row listing,
      double taxRate,
      long now) {
    if (listing == null) {
      return Refusal.fail(Failures.NOT_FOUND, plot.name() + " does not sell " + b.good());
    }
    long unit = listing.getLong("unit_price");
    long settles = listing.getLong("price_changed_at") + PRICE_SETTLES_MINUTES;
    if (now < settles) {
      return Refusal.fail(
          Failures.CONFLICT,
          "its price just changed; it can be bought at it in " + (settles - now) + " game minutes");
    }
    if (unit > b.maxUnitPrice()) {
      return Refusal.fail(
          Failures.CONFLICT,
          b.good()
              + " costs "
              + Money.format(unit)
              + " here, more than "
              + Money.format(b.maxUnitPrice()));
    }
    long total = Math.multiplyExact(unit, b.qty());
    long tax = Money.tax(total, taxRate);
    return tx.preparedQuery(EstateSql.INSERT_SHOP_SALE)
        .execute(
            Tuple.tuple(
                Arrays.asList(
                    plot.id(),
                    owner,
                    b.playerId(),
                    b.good(),
                    b.qty(),
                    unit,
                    total,
                    tax,
                    now,
                    b.requestId())))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return tx.preparedQuery(EstateSql.SHOP_SALE_BY_REQUEST)
                    .execute(Tuple.of(b.playerId(), b.requestId()))
                    .map(again -> receipt(again.iterator().next(), plot).put("replayed", true));
              }
              long id = rows.iterator().next().getLong("id");
              String shop = Ledger.shop(plot.id());
              String buyer = Ledger.player(b.playerId());
              String house = Ledger.house(plot.id());
              String town = Ledger.town(plot.town());
              return Ledger.lock(
                      tx,
                      List.of(
                          new Ledger.Key(shop, b.good()),
                          new Ledger.Key(buyer, b.good()),
                          new Ledger.Key(buyer, Ledger.COIN),
                          new Ledger.Key(house, Ledger.COIN),
                          new Ledger.Key(town, Ledger.COIN)))
                  .compose(
                      locked -> {
                        long shelf = locked.balance(shop, b.good());
                        if (shelf < b.qty()) {
                          return Refusal.fail(
                              Failures.CONFLICT,
                              shelf == 0
                                  ? "sold out"
                                  : "only " + shelf + " " + b.good() + " left on the shelf");
                        }
                        long purse = locked.balance(buyer, Ledger.COIN);
                        if (purse < total) {
                          return Refusal.fail(
                              Failures.CONFLICT,
                              "that costs "
                                  + Money.format(total)
                                  + "; you have "
                                  + Money.format(purse));
                        }
                        String why = "bought at the shop of " + plot.id();
                        locked.move(buyer, house, Ledger.COIN, total - tax, why);
                        if (tax > 0) {
                          locked.move(buyer, town, Ledger.COIN, tax, "sales tax, " + why);
                        }
                        locked.move(shop, buyer, b.good(), b.qty(), why);
                        return Ledger.write(tx, locked);
                      })
                  .compose(
                      v -> {
                        String line =
                            b.qty()
                                + " "
                                + b.good()
                                + " for "
                                + Money.format(total)
                                + " at "
                                + plot.name();
                        JsonObject data =
                            new JsonObject().put("shopSale", id).put("plot", plot.id());
                        return Landlord.notice(
                                tx, b.playerId(), now, "You bought " + line + ".", data)
                            .compose(
                                n ->
                                    Landlord.notice(
                                        tx,
                                        owner,
                                        now,
                                        "Your shop sold "
                                            + line
                                            + "; "
                                            + Money.format(total - tax)
                                            + " went into the house after the town's tax.",
                                        data));
                      })
                  .map(
                      v ->
                          new JsonObject()
                              .put("id", id)
                              .put("plot", plot.id())
                              .put("house", plot.name())
                              .put("good", b.good())
                              .put("qty", b.qty())
                              .put("unitPrice", unit)
                              .put("total", total)
                              .put("tax", tax)
                              .put("gameMinutes", now)
                              .put("replayed", false));
            });
  }

  private static JsonObject receipt(Row r, Estates.Plot plot) {
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("plot", plot.id())
        .put("house", plot.name())
        .put("good", r.getString("good"))
        .put("qty", r.getLong("qty"))
        .put("unitPrice", r.getLong("unit_price"))
        .put("total", r.getLong("total"))
        .put("tax", r.getLong("tax"))
        .put("gameMinutes", r.getLong("at"));
  }
}
