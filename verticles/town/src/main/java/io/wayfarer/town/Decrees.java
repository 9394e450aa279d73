package io.wayfarer.town;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Money;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.town.TownContract;
import io.wayfarer.shared.world.Charters;
import io.wayfarer.shared.world.EventTypes;
import io.wayfarer.shared.world.MarketData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only way a mayor spends the treasury: a decree of a kind the charter allows, paid by one
 * ledger transfer from {@code town:<town>} whose reason names the decree (and the vote, when there
 * was one), with an effect the other verticles react to on their own: the decree's world event
 * (guards, festival, road repairs, relief). Above the charter's spending limit a decree goes to a
 * vote of the council, or of the citizens where there is no council; in their first game week a new
 * mayor may not spend more than the limit at all.
 */
final class Decrees {
  private static final Logger LOG = LoggerFactory.getLogger(Decrees.class);

  private final Pool pool;
  private final Db db;
  private final Elections offices;
  private final Rates rates;
  private final News news;
  private final EventTypes events;
  private final Map<String, MarketData.Market> markets;

  Decrees(
      Pool pool,
      Db db,
      Elections offices,
      Rates rates,
      News news,
      EventTypes events,
      Map<String, MarketData.Market> markets) {
    this.pool = pool;
    this.db = db;
    this.offices = offices;
    this.rates = rates;
    this.news = news;
    this.events = events;
    this.markets = markets;
  }

  /** Makes a decree, or puts it to a vote: {@code {decree, status, cost}}. */
  Future<JsonObject> make(TownContract.Decree d, long now) {
    Charters.Charter c = offices.charter(d.town());
    Charters.DecreeKind kind =
        c.powers().contains(d.kind()) ? offices.charters().decrees().get(d.kind()) : null;
    if (kind == null) {
      return Refusal.fail(
          Failures.BAD_REQUEST,
          "the charter of " + offices.name(d.town()) + " allows these decrees: " + c.powers());
    }
    if (d.amount() < kind.min() || d.amount() > kind.max()) {
      return Refusal.fail(
          Failures.BAD_REQUEST,
          kind.name() + " takes from " + kind.min() + " to " + kind.max() + " " + unit(kind));
    }
    long cost = d.amount() * kind.costPer();
    return db.transaction(
        tx ->
            rates
                .mayor(tx, d.town(), d.playerId())
                .compose(
                    office ->
                        replayed(tx, d)
                            .compose(
                                again ->
                                    again != null
                                        ? Future.succeededFuture(again)
                                        : decide(tx, d, c, kind, cost, office, now))));
  }

  /** What an earlier try of the same request did, or null. */
  private static Future<JsonObject> replayed(SqlClient tx, TownContract.Decree d) {
    if (d.requestId() == null) {
      return Future.succeededFuture(null);
    }
    return tx.preparedQuery(TownSql.DECREE_BY_REQUEST)
        .execute(Tuple.of(d.playerId(), d.requestId()))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row r = rows.iterator().next();
              return result(r.getLong("id"), r.getString("status"), r.getLong("cost"));
            });
  }

  /** Within the first-week rule: made now, or put to a vote above the spending limit. */
  private Future<JsonObject> decide(
      SqlClient tx,
      TownContract.Decree d,
      Charters.Charter c,
      Charters.DecreeKind kind,
      long cost,
      Row office,
      long now) {
    long term = office.getLong("term_from");
    return tx.preparedQuery(TownSql.SPENT_IN_TERM)
        .execute(Tuple.of(d.town(), term))
        .compose(
            spent -> {
              long before = spent.iterator().next().getLong("spent");
              boolean firstWeek = now < term + c.firstWeekDays() * Elections.DAY;
              if (firstWeek && before + cost > c.spendingLimit()) {
                return Refusal.fail(
                    Failures.CONFLICT,
                    "in their first "
                        + c.firstWeekDays()
                        + " game days a new mayor may spend at most "
                        + Money.format(c.spendingLimit())
                        + "; this term has spent "
                        + Money.format(before)
                        + " and this decree costs "
                        + Money.format(cost));
              }
              boolean vote = cost > c.spendingLimit();
              long closes = now + c.voteDays() * Elections.DAY;
              return tx.preparedQuery(TownSql.INSERT_DECREE)
                  .execute(
                      Tuple.tuple(
                          Arrays.asList(
                              d.town(),
                              kind.id(),
                              (int) d.amount(),
                              cost,
                              "voting",
                              d.playerId(),
                              office.getString("mayor_name"),
                              term,
                              now,
                              vote ? closes : null,
                              null,
                              null,
                              d.requestId())))
                  .compose(
                      rows -> {
                        long id = rows.iterator().next().getLong("id");
                        if (vote) {
                          return news.write(
                                  tx,
                                  "vote:" + id,
                                  d.town(),
                                  "proclamation",
                                  24,
                                  office.getString("mayor_name")
                                      + " asks "
                                      + (office.getJsonArray("council").isEmpty()
                                          ? "the citizens"
                                          : "the council")
                                      + " of "
                                      + offices.name(d.town())
                                      + " to approve: "
                                      + kind.name()
                                      + " ("
                                      + d.amount()
                                      + " "
                                      + unit(kind)
                                      + ") for "
                                      + Money.format(cost)
                                      + ".")
                              .map(v -> result(id, "voting", cost));
                        }
                        return carryOut(
                                tx,
                                id,
                                d.town(),
                                kind,
                                (int) d.amount(),
                                cost,
                                office.getString("mayor_name"),
                                null,
                                now)
                            .map(status -> result(id, status, cost));
                      });
            });
  }

  private static JsonObject result(long id, String status, long cost) {
    return new JsonObject().put("decree", id).put("status", status).put("cost", cost);
  }

  private static String unit(Charters.DecreeKind kind) {
    return kind.perDay() ? "game days" : "units of " + kind.per();
  }

  /**
   * Pays for decree {@code id} and writes its effect, in {@code tx}: {@code made}; a treasury too
   * poor, or relief where there is no shortage, is refused when the mayor asks ({@code vote} null)
   * and ends as {@code unpaid} after a vote.
   */
  private Future<String> carryOut(
      SqlClient tx,
      long id,
      String town,
      Charters.DecreeKind kind,
      int amount,
      long cost,
      String mayor,
      String vote,
      long now) {
    String treasury = Ledger.town(town);
    String market = Ledger.market(town);
    List<Ledger.Key> keys = new ArrayList<>();
    keys.add(new Ledger.Key(treasury, Ledger.COIN));
    keys.add(new Ledger.Key(Ledger.WORLD, Ledger.COIN));
    if (!kind.perDay()) {
      keys.add(new Ledger.Key(market, kind.per()));
      keys.add(new Ledger.Key(Ledger.WORLD, kind.per()));
    }
    return Ledger.lock(tx, keys)
        .compose(
            locked -> {
              String problem = null;
              long balance = locked.balance(treasury, Ledger.COIN);
              if (balance < cost) {
                problem =
                    "the treasury of "
                        + offices.name(town)
                        + " holds "
                        + Money.format(balance)
                        + "; this decree costs "
                        + Money.format(cost);
              } else if (!kind.perDay()) {
                MarketData.Stock stock = markets.get(town).goods().get(kind.per());
                long have = locked.balance(market, kind.per());
                if (stock == null || have >= stock.need()) {
                  problem =
                      kind.name()
                          + " is for a shortage: the market of "
                          + offices.name(town)
                          + " holds "
                          + have
                          + " "
                          + kind.per()
                          + (stock == null
                              ? " and does not trade it"
                              : ", its need is " + stock.need());
                }
              }
              if (problem != null) {
                if (vote == null) {
                  return Refusal.fail(Failures.CONFLICT, problem);
                }
                LOG.info(
                    "Decree {} in {} passed its vote but is not carried out: {}",
                    id,
                    town,
                    problem);
                return tx.preparedQuery(TownSql.DECREE_MADE)
                    .execute(Tuple.tuple(Arrays.asList(id, "unpaid", null, null)))
                    .map("unpaid");
              }
              String cause =
                  "decree "
                      + id
                      + ": "
                      + kind.name()
                      + " ("
                      + amount
                      + " "
                      + unit(kind)
                      + ") by "
                      + mayor
                      + (vote == null ? "" : ", " + vote);
              locked.move(treasury, Ledger.WORLD, Ledger.COIN, cost, cause);
              if (!kind.perDay()) {
                locked.move(Ledger.WORLD, market, kind.per(), amount, cause);
              }
              int hours = kind.perDay() ? amount * 24 : 1;
              long ends = now + hours * 60L;
              EventTypes.Type type = events.type(kind.event()).orElseThrow();
              String text =
                  "By decree of "
                      + mayor
                      + ": "
                      + type.text().replace("{town}", offices.name(town))
                      + (kind.perDay()
                          ? " (" + amount + " days)"
                          : " (" + amount + " " + kind.per() + ")");
              LOG.info("Decree {} in {}: {} for {}", id, town, kind.id(), Money.format(cost));
              return Ledger.write(tx, locked)
                  .compose(
                      v ->
                          tx.preparedQuery(TownSql.DECREE_MADE)
                              .execute(Tuple.of(id, "made", now, ends)))
                  .compose(v -> news.write(tx, "decree:" + id, town, kind.event(), hours, text))
                  .map("made");
            });
  }

  /** A vote on a decree: the council's members, or the citizens where there is no council. */
  Future<JsonObject> vote(TownContract.DecreeVote v, long now) {
    return db.transaction(
        tx ->
            tx.preparedQuery(TownSql.DECREE_FOR_UPDATE)
                .execute(Tuple.of(v.decree()))
                .compose(
                    rows -> {
                      Row d = rows.size() == 0 ? null : rows.iterator().next();
                      if (d == null || !d.getString("town").equals(v.town())) {
                        return Refusal.fail(
                            Failures.NOT_FOUND,
                            "no decree " + v.decree() + " in " + offices.name(v.town()));
                      }
                      if (!"voting".equals(d.getString("status"))
                          || now >= d.getLong("vote_closes")) {
                        return Refusal.fail(
                            Failures.CONFLICT, "the vote on decree " + v.decree() + " has closed");
                      }
                      return tx.preparedQuery(TownSql.OFFICE)
                          .execute(Tuple.of(v.town()))
                          .compose(
                              office -> {
                                var council = office.iterator().next().getJsonArray("council");
                                if (!council.isEmpty()) {
                                  boolean member =
                                      council.stream()
                                          .anyMatch(
                                              m ->
                                                  ((JsonObject) m).getLong("playerId")
                                                      == v.playerId());
                                  return member
                                      ? Future.succeededFuture()
                                      : Refusal.<Void>fail(
                                          Failures.FORBIDDEN,
                                          "the council of "
                                              + offices.name(v.town())
                                              + " votes on this decree");
                                }
                                return offices.citizen(tx, v.playerId(), v.town(), now).mapEmpty();
                              })
                          .compose(
                              x ->
                                  tx.preparedQuery(TownSql.VOTE)
                                      .execute(Tuple.of(v.decree(), v.playerId(), v.yes(), now)))
                          .compose(
                              x -> tx.preparedQuery(TownSql.VOTES).execute(Tuple.of(v.decree())))
                          .compose(
                              votes -> {
                                Row t = votes.iterator().next();
                                long yes = t.getLong("yes");
                                long no = t.getLong("no");
                                return tx.preparedQuery(TownSql.SET_VOTES)
                                    .execute(Tuple.of(v.decree(), (int) yes, (int) no))
                                    .map(
                                        x ->
                                            new JsonObject()
                                                .put("decree", v.decree())
                                                .put("yes", yes)
                                                .put("no", no));
                              });
                    }));
  }

  /** Settles every vote that has closed: carried out when more voted for than against. */
  Future<List<String>> hour(long now) {
    List<String> changed = new ArrayList<>();
    return pool.preparedQuery(TownSql.DUE_VOTES)
        .execute(Tuple.of(now))
        .compose(
            due -> {
              Future<Void> chain = Future.succeededFuture();
              for (Row r : due) {
                long id = r.getLong("id");
                chain = chain.compose(v -> settle(id, now, changed));
              }
              return chain;
            })
        .map(v -> changed);
  }

  private Future<Void> settle(long id, long now, List<String> changed) {
    return db.transaction(
        tx ->
            tx.preparedQuery(TownSql.DECREE_FOR_UPDATE)
                .execute(Tuple.of(id))
                .compose(
                    rows -> {
                      Row d = rows.iterator().next();
                      if (!"voting".equals(d.getString("status"))) {
                        return Future.succeededFuture();
                      }
                      String town = d.getString("town");
                      changed.add(town);
                      int yes = d.getInteger("yes");
                      int no = d.getInteger("no");
                      if (yes <= no) {
                        LOG.info(
                            "Decree {} in {} rejected by the vote, {} for and {} against",
                            id,
                            town,
                            yes,
                            no);
                        return tx.preparedQuery(TownSql.DECREE_MADE)
                            .execute(Tuple.tuple(Arrays.asList(id, "rejected", null, null)))
                            .mapEmpty();
                      }
                      Charters.DecreeKind kind =
                          offices.charters().decrees().get(d.getString("kind"));
                      return carryOut(
                              tx,
                              id,
                              town,
                              kind,
                              d.getInteger("amount"),
                              d.getLong("cost"),
                              d.getString("mayor_name"),
                              "approved by a vote of " + yes + " to " + no,
                              now)
                          .mapEmpty();
                    }));
  }
}
