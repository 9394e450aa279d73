package io.wayfarer.market;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Money;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.Replies;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.market.MarketContract;
import io.wayfarer.shared.market.MarketContract.Order;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.world.Goods;
import io.wayfarer.shared.world.MarketData;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buying and selling. Each order is one PostgreSQL transaction: the request id checked, the
 * player's location locked, the ledger rows locked at once (in the ledger's order), the price
 * computed at the current stock, the limit checked, coin and goods moved through the ledger with
 * the tax to the town, and the trade recorded under its request id. A retried request returns the
 * first receipt and moves nothing. After the commit the receipt joins the player's notices.
 */
final class Trading {
  private static final Logger LOG = LoggerFactory.getLogger(Trading.class);

  private final Vertx vertx;
  private final Db db;
  private final Pool pool;
  private final Replies replies;
  private final MarketData data;
  private final PriceModel model;
  private final Boards boards;

  /** How long a receipt may take to reach the player verticle. */
  private final long busTimeoutMillis;

  Trading(
      Vertx vertx,
      Db db,
      MarketData data,
      PriceModel model,
      Boards boards,
      Replies replies,
      long busTimeoutMillis) {
    this.busTimeoutMillis = busTimeoutMillis;
    this.vertx = vertx;
    this.db = db;
    this.pool = db.pool();
    this.replies = replies;
    this.data = data;
    this.model = model;
    this.boards = boards;
  }

  /** Trades an order (checked by its record) in a market that exists and trades its good. */
  Future<JsonObject> trade(Order order) {
    MarketData.Market market = data.market(order.town()).orElse(null);
    if (market == null) {
      return Refusal.fail(Failures.NOT_FOUND, "no market in " + order.town());
    }
    if (!market.goods().containsKey(order.good())) {
      return Refusal.fail(
          Failures.NOT_FOUND, "the market in " + market.name() + " does not trade " + order.good());
    }
    return db.transaction(tx -> execute(tx, order))
        .recover(err -> isDuplicate(err) ? replay(order) : Future.failedFuture(err))
        .compose(
            receipt ->
                receipt.getBoolean("replayed")
                    ? Future.succeededFuture(receipt)
                    : boards
                        .tradeHappened(order.town(), replies.clockStepped())
                        .transform(
                            ar -> {
                              if (ar.failed()) {
                                LOG.warn(
                                    "Board of {} not refreshed after a trade: {}",
                                    order.town(),
                                    ar.cause().getMessage());
                              }
                              return Future.succeededFuture(receipt);
                            }))
        .onSuccess(
            receipt -> {
              if (!receipt.getBoolean("replayed")) {
                notify(order.playerId(), receipt);
                MarketContract.TRADED.publish(
                    vertx.eventBus(),
                    new PlayerContract.Deed(
                        order.playerId(),
                        "traded",
                        order.town(),
                        receipt.getLong("gameMinutes"),
                        receipt));
              }
            });
  }

  private Future<JsonObject> execute(SqlConnection tx, Order o) {
    return tx.preparedQuery(MarketSql.TRADE_BY_REQUEST)
        .execute(Tuple.of(o.playerId(), o.requestId()))
        .compose(
            existing -> {
              if (existing.size() > 0) {
                return sameOrder(existing.iterator().next(), o);
              }
              return tx.preparedQuery(MarketSql.LOCATION)
                  .execute(Tuple.of(o.playerId()))
                  .compose(
                      loc -> {
                        if (loc.size() == 0) {
                          return Refusal.<JsonObject>fail(
                              Failures.CONFLICT, "create a character first");
                        }
                        String here = loc.iterator().next().getString("town");
                        if (here == null) {
                          return Refusal.<JsonObject>fail(
                              Failures.CONFLICT,
                              "you are on the road; markets trade with those who stand in town");
                        }
                        if (!here.equals(o.town())) {
                          return Refusal.<JsonObject>fail(
                              Failures.CONFLICT, "you are in " + here + ", not in " + o.town());
                        }
                        return lockAndTrade(tx, o);
                      });
            });
  }

  private Future<JsonObject> lockAndTrade(SqlConnection tx, Order o) {
    String market = Ledger.market(o.town());
    String player = Ledger.player(o.playerId());
    String treasury = Ledger.town(o.town());
    List<Ledger.Key> rows =
        List.of(
            new Ledger.Key(market, o.good()),
            new Ledger.Key(market, Ledger.COIN),
            new Ledger.Key(player, o.good()),
            new Ledger.Key(player, Ledger.COIN),
            new Ledger.Key(treasury, Ledger.COIN));
    return Ledger.lock(tx, rows)
        .compose(
            locked -> {
              long stock = locked.balance(market, o.good());
              MarketData.Market m = data.markets().get(o.town());
              PriceModel.Conditions c = boards.conditions(m, o.good());
              String what = o.qty() + " " + data.goods().get(o.good()).name().toLowerCase();
              PriceModel.Quote q;
              long stockAfter;
              try {
                if (o.buy()) {
                  if (o.qty() > stock) {
                    return Refusal.<JsonObject>fail(
                        Failures.CONFLICT,
                        "the market in "
                            + m.name()
                            + " has only "
                            + stock
                            + " "
                            + data.goods().get(o.good()).name().toLowerCase());
                  }
                  q = model.buy(c, stock, o.qty());
                  if (q.player() > Math.multiplyExact(o.limit(), o.qty())) {
                    return Refusal.<JsonObject>fail(
                        Failures.CONFLICT,
                        "the price is "
                            + perUnit(q)
                            + " a unit, above your limit of "
                            + Money.format(o.limit()));
                  }
                  long purse = locked.balance(player, Ledger.COIN);
                  if (purse < q.player()) {
                    return Refusal.<JsonObject>fail(
                        Failures.CONFLICT,
                        "not enough money: "
                            + what
                            + " cost "
                            + Money.format(q.player())
                            + " with tax, and you have "
                            + Money.format(purse));
                  }
                  stockAfter = stock - o.qty();
                  locked.move(
                      player,
                      market,
                      Ledger.COIN,
                      q.market(),
                      "bought " + what + " in " + o.town());
                  if (q.tax() > 0) {
                    locked.move(player, treasury, Ledger.COIN, q.tax(), "sales tax in " + o.town());
                  }
                  locked.move(market, player, o.good(), o.qty(), "sold to a player in " + o.town());
                } else {
                  long have = locked.balance(player, o.good());
                  if (have < o.qty()) {
                    return Refusal.<JsonObject>fail(
                        Failures.CONFLICT,
                        "you have "
                            + have
                            + " "
                            + data.goods().get(o.good()).name().toLowerCase()
                            + ", not "
                            + o.qty());
                  }
                  q = model.sell(c, stock, o.qty());
                  if (q.player() < Math.multiplyExact(o.limit(), o.qty())) {
                    return Refusal.<JsonObject>fail(
                        Failures.CONFLICT,
                        "the market pays "
                            + perUnit(q)
                            + " a unit, below your limit of "
                            + Money.format(o.limit()));
                  }
                  stockAfter = stock + o.qty();
                  locked.move(
                      player, market, o.good(), o.qty(), "sold " + what + " in " + o.town());
                  if (q.player() > 0) {
                    locked.move(
                        market, player, Ledger.COIN, q.player(), "paid a player in " + o.town());
                  }
                  if (q.tax() > 0) {
                    locked.move(market, treasury, Ledger.COIN, q.tax(), "sales tax in " + o.town());
                  }
                }
              } catch (RuntimeException refused) {
                return Future.failedFuture(refused);
              }
              long now = boards.gameMinutes();
              // The ledger's write and the trade row go out together (the client pipelines them on
              // the connection): the
              // market's rows stay locked for one round trip less. If the write fails, PostgreSQL
              // refuses the insert too
              // and the transaction rolls back; the write's own failure is the one reported, as it
              // completes first.
              Future<Void> moved = Ledger.write(tx, locked);
              Future<RowSet<Row>> recorded =
                  tx.preparedQuery(MarketSql.INSERT_TRADE)
                      .execute(
                          Tuple.tuple(
                              List.of(
                                  o.playerId(),
                                  o.requestId(),
                                  o.buy() ? "buy" : "sell",
                                  o.town(),
                                  o.good(),
                                  o.qty(),
                                  q.player(),
                                  q.market(),
                                  q.tax(),
                                  stockAfter,
                                  now)));
              return moved
                  .compose(v -> recorded)
                  .compose(
                      inserted ->
                          inserted.size() == 0
                              ? Future.failedFuture(new DuplicateRequest())
                              : Future.succeededFuture(
                                  receipt(
                                      inserted.iterator().next().getLong("id"),
                                      o,
                                      q.player(),
                                      q.tax(),
                                      stockAfter,
                                      now,
                                      false)));
            });
  }

  /**
   * The same request id with a different order is a client bug, not a retry: refuse it rather than
   * guess.
   */
  private Future<JsonObject> sameOrder(Row t, Order o) {
    boolean same =
        t.getString("side").equals(o.buy() ? "buy" : "sell")
            && t.getString("town").equals(o.town())
            && t.getString("good").equals(o.good())
            && t.getLong("qty") == o.qty();
    if (!same) {
      return Refusal.fail(
          Failures.CONFLICT,
          "requestId " + o.requestId() + " was already used for a different order");
    }
    return Future.succeededFuture(fromRow(t).put("replayed", true));
  }

  private Future<JsonObject> replay(Order o) {
    return pool.preparedQuery(MarketSql.TRADE_BY_REQUEST)
        .execute(Tuple.of(o.playerId(), o.requestId()))
        .compose(
            rows ->
                rows.size() == 0
                    ? Refusal.<JsonObject>fail(Failures.CONFLICT, "try again")
                    : sameOrder(rows.iterator().next(), o));
  }

  private static boolean isDuplicate(Throwable err) {
    return err instanceof DuplicateRequest
        || (err instanceof PgException pg && "23505".equals(pg.getSqlState()));
  }

  /**
   * Two concurrent orders with one request id: the loser rolls back and answers with the winner's
   * receipt.
   */
  private static final class DuplicateRequest extends RuntimeException {
    DuplicateRequest() {
      super("duplicate request id", null, false, false);
    }
  }

  /**
   * What a unit cost or fetched on average, as players read it ("2 gp 3 sp 4 cp", or with a
   * fraction of a copper).
   */
  private static String perUnit(PriceModel.Quote q) {
    return q.player() % q.qty() == 0
        ? Money.format(q.player() / q.qty())
        : String.format(Locale.ROOT, "%.1f cp (on average)", q.averageUnit());
  }

  /**
   * A trade's receipt; every amount in copper: {@code total} paid or received, {@code tax}, {@code
   * unitPrice} on average.
   */
  static JsonObject receipt(
      long id, Order o, long total, long tax, long stockAfter, long gameMinutes, boolean replayed) {
    return new JsonObject()
        .put("tradeId", id)
        .put("requestId", o.requestId())
        .put("side", o.buy() ? "buy" : "sell")
        .put("town", o.town())
        .put("good", o.good())
        .put("qty", o.qty())
        .put("total", total)
        .put("tax", tax)
        .put("unitPrice", Boards.round((double) total / o.qty()))
        .put("stockAfter", stockAfter)
        .put("gameMinutes", gameMinutes)
        .put("replayed", replayed);
  }

  static JsonObject fromRow(Row t) {
    long qty = t.getLong("qty");
    return new JsonObject()
        .put("tradeId", t.getLong("id"))
        .put("requestId", t.getString("request_id"))
        .put("side", t.getString("side"))
        .put("town", t.getString("town"))
        .put("good", t.getString("good"))
        .put("qty", qty)
        .put("total", t.getLong("player_coin"))
        .put("tax", t.getLong("tax_coin"))
        .put("unitPrice", Boards.round((double) t.getLong("player_coin") / qty))
        .put("stockAfter", t.getLong("stock_after"))
        .put("gameMinutes", t.getLong("game_minutes"));
  }

  /**
   * The receipt joins the player's notices (the player verticle keeps them and publishes it on the
   * inbox). Should that verticle be away, the receipt still reaches the player's open pages; the
   * trade itself is in {@code /api/me/trades} either way.
   */
  private void notify(long playerId, JsonObject receipt) {
    PlayerContract.Notice notice =
        new PlayerContract.Notice(
            playerId, receipt.getLong("gameMinutes"), "receipt", receiptText(receipt), receipt);
    replies
        .track(PlayerContract.RECORD_NOTICE.request(vertx, notice, busTimeoutMillis))
        .onFailure(
            err -> {
              LOG.info(
                  "Receipt of trade {} not kept as a notice ({}); sent to the player's pages only",
                  receipt.getLong("tradeId"),
                  err.getMessage());
              PlayerContract.INBOX.publish(
                  vertx.eventBus(),
                  playerId,
                  new Document(
                      notice
                          .toJson()
                          .put("playerId", (Object) null)
                          .put("id", "trade-" + receipt.getLong("tradeId"))));
            });
  }

  private String receiptText(JsonObject r) {
    String good =
        data.good(r.getString("good"))
            .map(Goods.Good::name)
            .orElse(r.getString("good"))
            .toLowerCase();
    String town =
        data.market(r.getString("town")).map(MarketData.Market::name).orElse(r.getString("town"));
    boolean bought = r.getString("side").equals("buy");
    return (bought ? "Bought " : "Sold ")
        + r.getLong("qty")
        + " "
        + good
        + " in "
        + town
        + " for "
        + Money.format(r.getLong("total"))
        + " ("
        + Money.format(r.getLong("tax"))
        + (bought ? " tax)." : " tax withheld).");
  }
}
