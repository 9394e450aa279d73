package io.wayfarer.town;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.town.TownContract;
import io.wayfarer.shared.world.Calendar;
import io.wayfarer.shared.world.Charters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offices and elections: who is a citizen, the election calendar (an election opens when the term
 * has its candidacy and voting windows left, and closes when the term ends), declaring, ranked
 * ballots, the count (once per election, in one transaction with the new term) and the recall
 * petition.
 */
final class Elections {
  private static final Logger LOG = LoggerFactory.getLogger(Elections.class);
  static final long DAY = Calendar.MINUTES_PER_DAY;

  private final Pool pool;
  private final Db db;
  private final Charters charters;
  private final Map<String, String> townNames;
  private final News news;

  Elections(Pool pool, Db db, Charters charters, Map<String, String> townNames, News news) {
    this.pool = pool;
    this.db = db;
    this.charters = charters;
    this.townNames = townNames;
    this.news = news;
  }

  /** Where a player's character stands, since when it has lived there, and its houses' towns. */
  record Standing(long playerId, String at, String name, Long since, boolean owns) {
    boolean citizenOf(Charters.Charter c, long now) {
      long lived = since == null ? now : since;
      boolean resident = c.town().equals(at) && lived <= now - c.residentDays() * DAY;
      return resident || (c.houseOwnersAreCitizens() && owns);
    }

    String why(Charters.Charter c, String townName) {
      return "citizens of "
          + townName
          + " have lived there "
          + c.residentDays()
          + " game days"
          + (c.houseOwnersAreCitizens() ? " or own a house there" : "");
    }
  }

  static Future<Standing> standing(SqlClient client, long playerId, String town) {
    return client
        .preparedQuery(TownSql.CITIZEN)
        .execute(Tuple.of(playerId, town))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return new Standing(playerId, null, null, null, false);
              }
              Row r = rows.iterator().next();
              return new Standing(
                  playerId,
                  r.getString("town"),
                  r.getString("name"),
                  r.getLong("since"),
                  r.getBoolean("owns"));
            });
  }

  /** The citizen's standing, or a refusal saying who may act. */
  Future<Standing> citizen(SqlClient client, long playerId, String town, long now) {
    Charters.Charter c = charter(town);
    return standing(client, playerId, town)
        .compose(
            s -> {
              if (s.name() == null) {
                return Refusal.fail(Failures.CONFLICT, "create a character first");
              }
              if (!s.citizenOf(c, now)) {
                return Refusal.fail(
                    Failures.FORBIDDEN,
                    "you are not a citizen of " + name(town) + ": " + s.why(c, name(town)));
              }
              return Future.succeededFuture(s);
            });
  }

  Charters charters() {
    return charters;
  }

  Charters.Charter charter(String town) {
    return charters.of(town).orElseThrow(() -> Refusal.notFound("no such town: " + town));
  }

  String name(String town) {
    return townNames.getOrDefault(town, town);
  }

  /** How many accounts are citizens of {@code town} now. */
  Future<Long> citizens(SqlClient client, String town, long now) {
    Charters.Charter c = charter(town);
    return client
        .preparedQuery(TownSql.CITIZENS)
        .execute(Tuple.of(town, now - c.residentDays() * DAY, c.houseOwnersAreCitizens()))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  // ---- the calendar ----

  /** Every town's office exists; a new world starts with its stewards and a first election. */
  Future<Void> found(long now) {
    Future<Void> chain = Future.succeededFuture();
    for (String town : charters.towns().keySet()) {
      chain =
          chain.compose(
              v ->
                  pool.preparedQuery(TownSql.FOUND_OFFICE).execute(Tuple.of(town, now)).mapEmpty());
    }
    return chain;
  }

  /** Counts every election that has closed, then opens those whose term is ending. */
  Future<List<String>> hour(long now) {
    List<String> changed = new ArrayList<>();
    return pool.preparedQuery(TownSql.DUE_ELECTIONS)
        .execute(Tuple.of(now))
        .compose(
            due -> {
              Future<Void> chain = Future.succeededFuture();
              for (Row r : due) {
                long id = r.getLong("id");
                String town = r.getString("town");
                chain =
                    chain.compose(
                        v ->
                            count(id)
                                .map(
                                    done -> {
                                      if (done) {
                                        changed.add(town);
                                      }
                                      return null;
                                    }));
              }
              return chain;
            })
        .compose(
            v -> {
              Future<Void> chain = Future.succeededFuture();
              for (String town : charters.towns().keySet()) {
                chain = chain.compose(x -> openIfDue(town, now, changed));
              }
              return chain;
            })
        .map(v -> changed);
  }

  private Future<Void> openIfDue(String town, long now, List<String> changed) {
    Charters.Charter c = charter(town);
    return pool.preparedQuery(TownSql.OFFICE)
        .execute(Tuple.of(town))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture();
              }
              long until = rows.iterator().next().getLong("term_until");
              long windows = (c.candidacyDays() + c.votingDays()) * DAY;
              if (now < until - windows) {
                return Future.succeededFuture();
              }
              return open(pool, town, "regular", now)
                  .map(
                      id -> {
                        if (id != null) {
                          changed.add(town);
                        }
                        return null;
                      });
            });
  }

  /** Opens an election now unless one is open; its id, or null. */
  Future<Long> open(SqlClient client, String town, String kind, long now) {
    Charters.Charter c = charter(town);
    long voting = now + c.candidacyDays() * DAY;
    long closes = voting + c.votingDays() * DAY;
    return client
        .preparedQuery(TownSql.INSERT_ELECTION)
        .execute(Tuple.of(town, kind, now, voting, closes))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              long id = rows.iterator().next().getLong("id");
              LOG.info(
                  "Election {} ({}) opens in {}: voting from {} to {}",
                  id,
                  kind,
                  town,
                  voting,
                  closes);
              return id;
            });
  }

  // ---- declaring and voting ----

  Future<Long> declare(TownContract.Declare d, long now) {
    return db.transaction(
        tx ->
            openElection(tx, d.town())
                .compose(
                    e -> {
                      if (now < e.getLong("candidacy_from") || now >= e.getLong("voting_from")) {
                        return Refusal.fail(
                            Failures.CONFLICT,
                            "candidates declare during the candidacy window; "
                                + (now >= e.getLong("voting_from")
                                    ? "voting has begun"
                                    : "it has not opened"));
                      }
                      return citizen(tx, d.playerId(), d.town(), now)
                          .compose(
                              s ->
                                  tx.preparedQuery(TownSql.DECLARE)
                                      .execute(
                                          Tuple.of(
                                              e.getLong("id"),
                                              d.playerId(),
                                              s.name(),
                                              d.statement(),
                                              now)))
                          .map(rows -> rows.iterator().next().getLong("id"));
                    }));
  }

  Future<Void> cast(TownContract.Ballot b, long now) {
    return db.transaction(
        tx ->
            openElection(tx, b.town())
                .compose(
                    e -> {
                      if (now < e.getLong("voting_from") || now >= e.getLong("closes_at")) {
                        return Refusal.fail(
                            Failures.CONFLICT,
                            "ballots are cast during the voting window; "
                                + (now < e.getLong("voting_from")
                                    ? "it has not opened"
                                    : "it has closed"));
                      }
                      long id = e.getLong("id");
                      return citizen(tx, b.playerId(), b.town(), now)
                          .compose(s -> tx.preparedQuery(TownSql.CANDIDATES).execute(Tuple.of(id)))
                          .compose(
                              rows -> {
                                List<Long> ids = new ArrayList<>();
                                rows.forEach(r -> ids.add(r.getLong("id")));
                                for (Long c : b.ranking()) {
                                  if (!ids.contains(c)) {
                                    return Refusal.fail(
                                        Failures.BAD_REQUEST,
                                        "no candidate " + c + " stands in this election");
                                  }
                                }
                                return tx.preparedQuery(TownSql.CAST)
                                    .execute(
                                        Tuple.of(
                                            id,
                                            b.playerId(),
                                            b.ranking().toArray(new Long[0]),
                                            now))
                                    .mapEmpty();
                              });
                    }));
  }

  private Future<Row> openElection(SqlClient client, String town) {
    charter(town);
    return client
        .preparedQuery(TownSql.OPEN_ELECTION)
        .execute(Tuple.of(town))
        .compose(
            rows ->
                rows.size() == 0
                    ? Refusal.fail(Failures.CONFLICT, "no election is open in " + name(town))
                    : Future.succeededFuture(rows.iterator().next()));
  }

  // ---- the count ----

  /**
   * Counts election {@code id} if nobody has: the result, the new term and the news are written in
   * one transaction that holds the election's row, so a count interrupted by a crash runs again
   * whole, and one that finished never runs twice. Whether this call counted it.
   */
  Future<Boolean> count(long id) {
    return db.transaction(
        tx ->
            tx.preparedQuery(TownSql.ELECTION_FOR_UPDATE)
                .execute(Tuple.of(id))
                .compose(
                    rows -> {
                      Row e = rows.iterator().next();
                      if (e.getBoolean("counted")) {
                        return Future.succeededFuture(false);
                      }
                      String town = e.getString("town");
                      return tx.preparedQuery(TownSql.OFFICE_FOR_UPDATE)
                          .execute(Tuple.of(town))
                          .compose(
                              office ->
                                  tx.preparedQuery(TownSql.CANDIDATES)
                                      .execute(Tuple.of(id))
                                      .compose(
                                          cands ->
                                              tx.preparedQuery(TownSql.BALLOTS)
                                                  .execute(Tuple.of(id))
                                                  .compose(
                                                      ballots ->
                                                          settle(
                                                              tx,
                                                              e,
                                                              office.iterator().next(),
                                                              cands,
                                                              ballots))))
                          .map(true);
                    }));
  }

  private Future<Void> settle(
      SqlClient tx, Row e, Row office, Iterable<Row> cands, Iterable<Row> ballotRows) {
    long id = e.getLong("id");
    String town = e.getString("town");
    Charters.Charter c = charter(town);
    List<Count.Candidate> candidates = new ArrayList<>();
    Map<Long, Count.Candidate> byId = new HashMap<>();
    for (Row r : cands) {
      Count.Candidate cand =
          new Count.Candidate(
              r.getLong("id"),
              r.getLong("player_id"),
              r.getString("name"),
              r.getLong("declared_at"));
      candidates.add(cand);
      byId.put(cand.id(), cand);
    }
    List<List<Long>> ballots = new ArrayList<>();
    for (Row r : ballotRows) {
      ballots.add(Arrays.asList(r.getArrayOfLongs("ranking")));
    }
    Long incumbent = office.getLong("mayor_id");
    Count.Result result =
        Count.run(
            candidates, ballots, incumbent == null ? 0 : incumbent, c.ties(), c.emptyBallots());
    long closes = e.getLong("closes_at");
    Count.Candidate winner = result.winner() == null ? null : byId.get(result.winner());
    JsonArray council = new JsonArray();
    if (winner != null) {
      result.order().stream()
          .limit(c.council())
          .map(byId::get)
          .forEach(
              x ->
                  council.add(
                      new JsonObject().put("playerId", x.playerId()).put("name", x.name())));
    }
    // Without a winner the steward keeps the laws, and the next election opens at once.
    long until = winner == null ? closes : closes + c.termDays() * DAY;
    JsonObject summary =
        result
            .toJson()
            .put("ballots", ballots.size())
            .put("winnerName", winner == null ? null : winner.name())
            .put(
                "candidates",
                new JsonArray(
                    candidates.stream()
                        .map(x -> new JsonObject().put("id", x.id()).put("name", x.name()))
                        .toList()))
            .put("council", council);
    String text =
        winner != null
            ? winner.name()
                + " is elected mayor of "
                + name(town)
                + " ("
                + ballots.size()
                + " ballots, instant-runoff)."
            : candidates.isEmpty()
                ? null
                : "No mayor is elected in "
                    + name(town)
                    + " ("
                    + result.why()
                    + "): "
                    + c.steward()
                    + " keeps the laws.";
    LOG.info(
        "Election {} in {} counted: {} ({})",
        id,
        town,
        winner == null ? "no winner" : winner.name(),
        result.why());
    return tx.preparedQuery(TownSql.NEW_TERM)
        .execute(
            Tuple.tuple(
                Arrays.asList(
                    town,
                    winner == null ? null : winner.playerId(),
                    winner == null ? null : winner.name(),
                    council,
                    closes,
                    until,
                    id)))
        .compose(v -> tx.preparedQuery(TownSql.COUNTED).execute(Tuple.of(id, summary)))
        .compose(
            v ->
                text == null
                    ? Future.succeededFuture()
                    : news.write(tx, "election:" + id, town, "proclamation", 24, text));
  }

  // ---- recall ----

  /** Signs the petition; with enough signatures an early election opens. */
  Future<JsonObject> sign(TownContract.Recall r, long now) {
    Charters.Charter c = charter(r.town());
    return db.transaction(
        tx ->
            tx.preparedQuery(TownSql.OFFICE_FOR_UPDATE)
                .execute(Tuple.of(r.town()))
                .compose(
                    rows -> {
                      Row office = rows.iterator().next();
                      if (office.getLong("mayor_id") == null) {
                        return Refusal.fail(
                            Failures.CONFLICT,
                            name(r.town())
                                + " has no mayor to recall: "
                                + c.steward()
                                + " keeps the laws");
                      }
                      long term = office.getLong("term_from");
                      return citizen(tx, r.playerId(), r.town(), now)
                          .compose(
                              s ->
                                  tx.preparedQuery(TownSql.SIGN)
                                      .execute(Tuple.of(r.town(), term, r.playerId(), now)))
                          .compose(
                              v ->
                                  tx.preparedQuery(TownSql.SIGNATURES)
                                      .execute(Tuple.of(r.town(), term, r.playerId())))
                          .compose(
                              sig ->
                                  citizens(tx, r.town(), now)
                                      .compose(
                                          n -> {
                                            long signed = sig.iterator().next().getLong("n");
                                            long needed = needed(c, n);
                                            if (signed < needed) {
                                              return Future.succeededFuture(
                                                  new JsonObject()
                                                      .put("signatures", signed)
                                                      .put("needed", needed)
                                                      .put("election", (Long) null));
                                            }
                                            return open(tx, r.town(), "recall", now)
                                                .compose(
                                                    id ->
                                                        id == null
                                                            ? Future.succeededFuture((Long) null)
                                                            : news.write(
                                                                    tx,
                                                                    "recall:" + id,
                                                                    r.town(),
                                                                    "proclamation",
                                                                    24,
                                                                    "A petition recalls "
                                                                        + office.getString(
                                                                            "mayor_name")
                                                                        + ", mayor of "
                                                                        + name(r.town())
                                                                        + ": an early election opens.")
                                                                .map(id))
                                                .map(
                                                    id ->
                                                        new JsonObject()
                                                            .put("signatures", signed)
                                                            .put("needed", needed)
                                                            .put("election", id));
                                          }));
                    }));
  }

  /** Signatures a recall needs: the charter's share of the citizens, at least one. */
  static long needed(Charters.Charter c, long citizens) {
    return Math.max(1, (citizens * c.recallPercent() + 99) / 100);
  }
}
