package io.wayfarer.estate;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.town.TownLaws;
import io.wayfarer.shared.world.Estates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The towns' side of houses, each game hour: charges every week of upkeep not yet charged (one
 * transaction per house and week, keyed by both, so no week is ever charged twice, whatever
 * restarts or a clock catching up), seizes houses at the top of the ladder into the town's impound,
 * sells impounds nobody reclaimed into the town's market, and delivers the notices these wrote.
 */
final class Landlord {
  private static final Logger LOG = LoggerFactory.getLogger(Landlord.class);

  private final Vertx vertx;
  private final Pool pool;
  private final Db db;
  private final Estates estates;
  private final TownLaws laws;
  private final int daysPerWeek;
  private final long timeoutMillis;

  Landlord(
      Vertx vertx,
      Pool pool,
      Db db,
      Estates estates,
      TownLaws laws,
      int daysPerWeek,
      long timeoutMillis) {
    this.vertx = vertx;
    this.laws = laws;
    this.pool = pool;
    this.db = db;
    this.estates = estates;
    this.daysPerWeek = daysPerWeek;
    this.timeoutMillis = timeoutMillis;
  }

  int daysPerWeek() {
    return daysPerWeek;
  }

  /** Everything due by this game minute. */
  Future<Void> hour(long gameMinutes) {
    long week = Upkeep.week(gameMinutes, daysPerWeek);
    return pool.preparedQuery(EstateSql.BEHIND)
        .execute(Tuple.of(week))
        .compose(
            rows -> {
              Future<Void> chain = Future.succeededFuture();
              for (Row r : rows) {
                String plot = r.getString("plot_id");
                for (long w = r.getLong("charged_week") + 1; w <= week; w++) {
                  long charged = w;
                  chain = chain.compose(v -> charge(plot, charged, gameMinutes));
                }
              }
              return chain;
            })
        .compose(v -> sellUnclaimed(gameMinutes))
        .compose(v -> deliver());
  }

  /** One house, one week: the charge, the new rung and its notice, in one transaction. */
  private Future<Void> charge(String plotId, long week, long gameMinutes) {
    Estates.Plot plot = estates.plot(plotId).orElse(null);
    if (plot == null) {
      LOG.warn("Plot {} has an owner but is no longer in estates.json: no upkeep charged", plotId);
      return Future.succeededFuture();
    }
    Estates.Ladder ladder = estates.ladder();
    return db.<Void>transaction(
        tx ->
            tx.preparedQuery(EstateSql.LOCK_FOR_UPKEEP)
                .execute(Tuple.of(plotId))
                .compose(
                    rows -> {
                      if (rows.size() == 0
                          || rows.iterator().next().getLong("charged_week") >= week) {
                        return Future.succeededFuture(); // sold, seized or charged meanwhile
                      }
                      Row t = rows.iterator().next();
                      long owner = t.getLong("owner_id");
                      long due =
                          Upkeep.due(
                              // The town's upkeep rate in force when the week began.
                              laws.upkeep(
                                  plot.town(), plot.upkeep(), Upkeep.weekStart(week, daysPerWeek)),
                              t.getLong("arrears"),
                              t.getInteger("weeks_unpaid"),
                              ladder);
                      return pay(tx, plot, owner, due)
                          .compose(
                              paid -> {
                                long owed = due - paid;
                                int unpaid = owed == 0 ? 0 : t.getInteger("weeks_unpaid") + 1;
                                String status = Upkeep.status(unpaid, ladder);
                                Future<Void> step =
                                    Upkeep.SEIZED.equals(status)
                                        ? seize(tx, plot, owner, gameMinutes)
                                        : tx.preparedQuery(EstateSql.SET_UPKEEP)
                                            .execute(Tuple.of(plotId, week, owed, unpaid, status))
                                            .mapEmpty();
                                return step.compose(
                                        v ->
                                            tx.preparedQuery(EstateSql.INSERT_UPKEEP)
                                                .execute(
                                                    Tuple.of(
                                                        plotId, week, owner, due, paid, owed,
                                                        status)))
                                    .compose(
                                        v ->
                                            notice(
                                                tx,
                                                owner,
                                                gameMinutes,
                                                Upkeep.notice(plot.name(), status, paid, owed),
                                                new JsonObject()
                                                    .put("plot", plotId)
                                                    .put("week", week)
                                                    .put("status", status)
                                                    .put("owed", owed)));
                              });
                    }));
  }

  /** Takes up to {@code due} from the prepaid credit, then the house's coin, then the purse. */
  private static Future<Long> pay(SqlConnection tx, Estates.Plot plot, long owner, long due) {
    String town = Ledger.town(plot.town());
    List<String> sources =
        List.of(Ledger.credit(plot.id()), Ledger.house(plot.id()), Ledger.player(owner));
    List<Ledger.Key> keys = new ArrayList<>();
    sources.forEach(s -> keys.add(new Ledger.Key(s, Ledger.COIN)));
    keys.add(new Ledger.Key(town, Ledger.COIN));
    return Ledger.lock(tx, keys)
        .compose(
            locked -> {
              long left = due;
              for (String source : sources) {
                long take = Math.min(left, locked.balance(source, Ledger.COIN));
                if (take > 0) {
                  locked.move(source, town, Ledger.COIN, take, "upkeep of " + plot.id());
                  left -= take;
                }
              }
              long paid = due - left;
              return Ledger.write(tx, locked).map(paid);
            });
  }

  /**
   * The house goes back to the town's plots: everything it held and its credit go to a new impound,
   * its keys and title end, and what was owed ends with it.
   */
  private Future<Void> seize(SqlConnection tx, Estates.Plot plot, long owner, long gameMinutes) {
    Estates.Ladder ladder = estates.ladder();
    long fee = plot.price() * ladder.reclaimFeePercent() / 100;
    long until = gameMinutes + ladder.reclaimDays() * Upkeep.MINUTES_PER_DAY;
    return tx.preparedQuery(EstateSql.INSERT_IMPOUND)
        .execute(Tuple.of(plot.id(), plot.town(), owner, gameMinutes, until, fee))
        .compose(
            rows -> {
              String impound = Ledger.impound(Long.toString(rows.iterator().next().getLong("id")));
              return Shops.close(tx, plot.id(), gameMinutes)
                  .compose(
                      v ->
                          moveEverything(
                              tx, Ledger.house(plot.id()), impound, "seized " + plot.id()))
                  .compose(
                      v ->
                          moveEverything(
                              tx, Ledger.credit(plot.id()), impound, "seized " + plot.id()));
            })
        .compose(
            v -> tx.preparedQuery(EstateSql.VOID_SALES).execute(Tuple.of(plot.id(), gameMinutes)))
        .compose(
            v ->
                tx.preparedQuery(EstateSql.KEYS_END)
                    .execute(Tuple.of(plot.id(), gameMinutes, "seized")))
        .compose(v -> tx.preparedQuery(EstateSql.DELETE_TITLE).execute(Tuple.of(plot.id())))
        .compose(
            v ->
                tx.preparedQuery(EstateSql.OWNERSHIP_ENDS)
                    .execute(Tuple.of(plot.id(), gameMinutes, "seized")))
        .onSuccess(
            v -> LOG.info("Plot {} seized from player {} for unpaid upkeep", plot.id(), owner))
        .mapEmpty();
  }

  /** Moves every asset {@code from} holds to {@code to}. */
  static Future<Void> moveEverything(SqlConnection tx, String from, String to, String reason) {
    return Ledger.holdings(tx, from)
        .compose(
            held -> {
              List<Ledger.Key> keys = new ArrayList<>();
              held.forEach(
                  (asset, qty) -> {
                    if (qty > 0) {
                      keys.add(new Ledger.Key(from, asset));
                      keys.add(new Ledger.Key(to, asset));
                    }
                  });
              if (keys.isEmpty()) {
                return Future.succeededFuture();
              }
              return Ledger.lock(tx, keys)
                  .compose(
                      locked -> {
                        for (Map.Entry<String, Long> e : held.entrySet()) {
                          if (e.getValue() > 0) {
                            locked.move(from, to, e.getKey(), e.getValue(), reason);
                          }
                        }
                        return Ledger.write(tx, locked);
                      });
            });
  }

  /** Impounds past their time: goods to the town's market, coin to its treasury. */
  private Future<Void> sellUnclaimed(long gameMinutes) {
    return pool.preparedQuery(EstateSql.EXPIRED_IMPOUNDS)
        .execute(Tuple.of(gameMinutes))
        .compose(
            rows -> {
              Future<Void> chain = Future.succeededFuture();
              for (Row r : rows) {
                long id = r.getLong("id");
                chain = chain.compose(v -> sell(id, gameMinutes));
              }
              return chain;
            });
  }

  private Future<Void> sell(long id, long gameMinutes) {
    String impound = Ledger.impound(Long.toString(id));
    return db.<Void>transaction(
        tx ->
            tx.preparedQuery(EstateSql.LOCK_IMPOUND)
                .execute(Tuple.of(id))
                .compose(
                    rows -> {
                      Row i = rows.iterator().next();
                      if (!"held".equals(i.getString("status"))) {
                        return Future.succeededFuture();
                      }
                      String town = i.getString("town");
                      return Ledger.holdings(tx, impound)
                          .compose(
                              held -> {
                                Future<Void> moves = Future.succeededFuture();
                                for (Map.Entry<String, Long> e : held.entrySet()) {
                                  if (e.getValue() <= 0) {
                                    continue;
                                  }
                                  String to =
                                      Ledger.COIN.equals(e.getKey())
                                          ? Ledger.town(town)
                                          : Ledger.market(town);
                                  moves =
                                      moves.compose(
                                          v ->
                                              Ledger.transfer(
                                                  tx,
                                                  impound,
                                                  to,
                                                  e.getKey(),
                                                  e.getValue(),
                                                  "unclaimed impound " + id + " sold"));
                                }
                                return moves;
                              })
                          .compose(
                              v ->
                                  tx.preparedQuery(EstateSql.SET_IMPOUND)
                                      .execute(Tuple.of(id, "sold", gameMinutes)))
                          .compose(
                              v ->
                                  notice(
                                      tx,
                                      i.getLong("owner_id"),
                                      gameMinutes,
                                      "Nobody reclaimed what was seized from "
                                          + estates
                                              .plot(i.getString("plot_id"))
                                              .map(Estates.Plot::name)
                                              .orElse(i.getString("plot_id"))
                                          + ": the town has sold it.",
                                      new JsonObject().put("impound", id)));
                    }));
  }

  /** A notice written in the caller's transaction, delivered after it commits. */
  static Future<Void> notice(
      SqlConnection tx, long player, long gameMinutes, String text, JsonObject data) {
    return tx.preparedQuery(EstateSql.INSERT_NOTICE)
        .execute(Tuple.of(player, gameMinutes, text, data))
        .mapEmpty();
  }

  /**
   * Hands the written notices to the player verticle, each deleted once it is stored there; one
   * that fails waits for the next hour (a crash between the two sends it twice, never not at all).
   */
  Future<Void> deliver() {
    return pool.preparedQuery(EstateSql.OUTBOX)
        .execute()
        .compose(
            rows -> {
              Future<Void> chain = Future.succeededFuture();
              for (Row r : rows) {
                long id = r.getLong("id");
                PlayerContract.Notice n =
                    new PlayerContract.Notice(
                        r.getLong("player_id"),
                        r.getLong("game_minutes"),
                        "estate",
                        r.getString("text"),
                        (JsonObject) r.getValue("data"));
                chain =
                    chain.compose(
                        v ->
                            PlayerContract.RECORD_NOTICE
                                .request(vertx, n, timeoutMillis)
                                .compose(
                                    stored ->
                                        pool.preparedQuery(EstateSql.DELETE_NOTICE)
                                            .execute(Tuple.of(id)))
                                .mapEmpty());
              }
              return chain;
            })
        .recover(
            err -> {
              LOG.warn("Estate notices not all delivered, again next hour: {}", err.toString());
              return Future.succeededFuture();
            });
  }

  /** Reclaiming what was seized: the fee to the town, everything back to the former owner. */
  Future<Long> reclaim(SqlConnection tx, long impoundId, long playerId, long gameMinutes) {
    String impound = Ledger.impound(Long.toString(impoundId));
    return tx.preparedQuery(EstateSql.LOCK_IMPOUND)
        .execute(Tuple.of(impoundId))
        .compose(
            rows -> {
              if (rows.size() == 0 || rows.iterator().next().getLong("owner_id") != playerId) {
                return Refusal.fail(
                    Failures.NOT_FOUND, "nothing of yours is in impound " + impoundId);
              }
              Row i = rows.iterator().next();
              if ("reclaimed".equals(i.getString("status"))) {
                return Future.succeededFuture(impoundId);
              }
              if (!"held".equals(i.getString("status"))) {
                return Refusal.fail(Failures.CONFLICT, "the town has sold what it held");
              }
              String purse = Ledger.player(playerId);
              Future<Void> fee =
                  i.getLong("fee") == 0
                      ? Future.succeededFuture()
                      : Ledger.transfer(
                          tx,
                          purse,
                          Ledger.town(i.getString("town")),
                          Ledger.COIN,
                          i.getLong("fee"),
                          "reclaiming impound " + impoundId);
              return fee.compose(
                      v -> moveEverything(tx, impound, purse, "reclaimed impound " + impoundId))
                  .compose(
                      v ->
                          tx.preparedQuery(EstateSql.SET_IMPOUND)
                              .execute(Tuple.of(impoundId, "reclaimed", gameMinutes)))
                  .map(impoundId);
            });
  }
}
