package io.wayfarer.town;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Money;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.town.TownContract;
import io.wayfarer.shared.world.Charters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The taxes a mayor sets: each rate within the charter's caps, announced at least the charter's
 * notice before it applies, and changed at most once per the charter's period (a game week). A rate
 * is never changed in place: each change is a row, and every verticle that charges it reads the
 * schedule ({@code TownLaws}), so the rate charged at a minute is the rate the hall showed for it.
 */
final class Rates {
  private final Pool pool;
  private final Db db;
  private final Elections offices;
  private final News news;
  private final When when;

  Rates(Pool pool, Db db, Elections offices, News news, When when) {
    this.pool = pool;
    this.db = db;
    this.offices = offices;
    this.news = news;
    this.when = when;
  }

  /** Announces a new rate; the town whose schedule changed. */
  Future<Long> set(TownContract.SetRate s, long now) {
    Charters.Charter c = offices.charter(s.town());
    Charters.Tax tax = c.tax(s.kind());
    if (s.rate() < tax.min() || s.rate() > tax.max()) {
      return Refusal.fail(
          Failures.BAD_REQUEST,
          "the charter of "
              + offices.name(s.town())
              + " keeps its "
              + tax.name().toLowerCase()
              + " from "
              + show(tax, tax.min())
              + " to "
              + show(tax, tax.max()));
    }
    long notice = c.noticeDays() * Elections.DAY;
    if (s.noticeHours() != null && s.noticeHours() * 60 < notice) {
      return Refusal.fail(
          Failures.CONFLICT,
          "a new rate is announced at least "
              + c.noticeDays()
              + " game day(s) before it applies, never sooner");
    }
    long from = now + Math.max(notice, s.noticeHours() == null ? 0 : s.noticeHours() * 60);
    // Rates apply from the top of a game hour, when markets redraw their boards.
    from = (from + 59) / 60 * 60;
    long applies = from;
    return db.transaction(
        tx ->
            mayor(tx, s.town(), s.playerId())
                .compose(
                    office ->
                        replayed(tx, s)
                            .compose(
                                again ->
                                    again != null
                                        ? Future.succeededFuture(again)
                                        : announce(tx, s, c, tax, office, now, applies))));
  }

  /** The change an earlier try of the same request made, or null. */
  private static Future<Long> replayed(SqlClient tx, TownContract.SetRate s) {
    if (s.requestId() == null) {
      return Future.succeededFuture(null);
    }
    return tx.preparedQuery(TownSql.RATE_BY_REQUEST)
        .execute(Tuple.of(s.town(), s.requestId()))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("id"));
  }

  private Future<Long> announce(
      SqlClient tx,
      TownContract.SetRate s,
      Charters.Charter c,
      Charters.Tax tax,
      Row office,
      long now,
      long applies) {
    return tx.preparedQuery(TownSql.LAST_RATE)
        .execute(Tuple.of(s.town(), s.kind()))
        .compose(
            last -> {
              if (last.size() > 0) {
                long at = last.iterator().next().getLong("announced_at");
                long again = at + c.changeEveryDays() * Elections.DAY;
                if (now < again) {
                  return Refusal.fail(
                      Failures.CONFLICT,
                      "the "
                          + tax.name().toLowerCase()
                          + " was last changed "
                          + when.of(at)
                          + "; it may change again from "
                          + when.of(again));
                }
              }
              String who = office.getString("mayor_name");
              return tx.preparedQuery(TownSql.INSERT_RATE)
                  .execute(
                      Tuple.tuple(
                          Arrays.asList(
                              s.town(), s.kind(), s.rate(), now, applies, who, s.requestId())))
                  .compose(
                      rows -> {
                        long id = rows.iterator().next().getLong("id");
                        return news.write(
                                tx,
                                "rate:" + id,
                                s.town(),
                                "proclamation",
                                24,
                                who
                                    + ", mayor of "
                                    + offices.name(s.town())
                                    + ", sets the "
                                    + tax.name().toLowerCase()
                                    + " at "
                                    + show(tax, s.rate())
                                    + " from "
                                    + when.of(applies)
                                    + ".")
                            .map(id);
                      });
            });
  }

  /** The town's office row, when {@code playerId} is its mayor; else a refusal. */
  Future<Row> mayor(SqlClient tx, String town, long playerId) {
    return tx.preparedQuery(TownSql.OFFICE_FOR_UPDATE)
        .execute(Tuple.of(town))
        .compose(
            rows -> {
              Row office = rows.size() == 0 ? null : rows.iterator().next();
              Long mayor = office == null ? null : office.getLong("mayor_id");
              if (mayor == null || mayor != playerId) {
                return Refusal.fail(
                    Failures.FORBIDDEN,
                    "only the mayor of "
                        + offices.name(town)
                        + " may do that"
                        + (mayor == null
                            ? "; " + offices.charter(town).steward() + " keeps the laws"
                            : ""));
              }
              return Future.succeededFuture(office);
            });
  }

  /** Every town's schedule, for {@code TownLaws}: {@code {towns: {town: [changes]}}}. */
  Future<JsonObject> all() {
    return pool.query(TownSql.RATES)
        .execute()
        .map(
            rows -> {
              Map<String, JsonArray> byTown = new LinkedHashMap<>();
              offices.charters().towns().keySet().forEach(t -> byTown.put(t, new JsonArray()));
              rows.forEach(
                  r ->
                      byTown
                          .computeIfAbsent(r.getString("town"), t -> new JsonArray())
                          .add(change(r).toJson()));
              JsonObject towns = new JsonObject();
              byTown.forEach(towns::put);
              return new JsonObject().put("towns", towns);
            });
  }

  /** One town's schedule. */
  Future<TownContract.Laws> of(String town) {
    return pool.preparedQuery(TownSql.RATES_IN)
        .execute(Tuple.of(town))
        .map(
            rows -> {
              List<TownContract.RateChange> changes = new ArrayList<>();
              rows.forEach(r -> changes.add(change(r)));
              return new TownContract.Laws(town, changes);
            });
  }

  private static TownContract.RateChange change(Row r) {
    return new TownContract.RateChange(
        r.getString("kind"), r.getLong("rate"), r.getLong("applies_from"));
  }

  /** A rate in words: "8 %" or "2 sp". */
  static String show(Charters.Tax tax, long rate) {
    return "percent".equals(tax.unit()) ? rate + " %" : Money.format(rate);
  }
}
