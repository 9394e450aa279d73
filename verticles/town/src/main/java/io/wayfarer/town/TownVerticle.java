package io.wayfarer.town;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.KeepNewest;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.Replies;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.GameClock;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.infra.SingleInstance;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.town.TownContract;
import io.wayfarer.shared.world.Charters;
import io.wayfarer.shared.world.World;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Town politics: each town's charter ({@code conf/world/charters.json}), its mayor and council,
 * elections by ranked ballot, the treasury's public list, the taxes the mayor sets and the decrees
 * the mayor makes. Every coin moves through the ledger; every rate reaches the verticles that
 * charge it as a schedule ({@link TownContract#LAWS}); every decree reaches the world as a world
 * event. One per database ({@link SingleInstance}): the count and the hourly work must run once.
 */
public class TownVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TownVerticle.class);
  private static final int HALL_FLOWS = 10;
  private static final int TREASURY_FLOWS = 500;

  private Pool pool;
  private Db db;
  private Replies replies;
  private GameClock clock;
  private SingleInstance single;
  private Charters charters;
  private Map<String, String> townNames;
  private News news;
  private Elections elections;
  private Treasury treasury;
  private Rates rates;
  private Decrees decrees;
  private When when;
  private KeepNewest<WorldTime> hours;

  /** The game minute of the last hour run, or -1 before the first. */
  private long lastHour = -1;

  @Override
  public Future<?> start() {
    pool = Clients.pgPool(vertx, config());
    db = new Db(vertx, pool, config());
    replies = new Replies(vertx, "towns", config());
    long timeout = Clients.busTimeoutMillis(config());
    clock = new GameClock(vertx, timeout);
    hours =
        new KeepNewest<>(
            ClockContract.Jobs.TOWN_HOUR, LOG, replies, t -> t.gameMinutes() / 60, this::hour);
    return Db.reachable(vertx, pool, config(), "towns")
        .compose(v -> SingleInstance.claim(vertx, pool, "town politics"))
        .onSuccess(lock -> single = lock)
        .compose(v -> World.load(vertx, config()))
        .compose(
            world -> {
              charters = world.charters();
              townNames = new LinkedHashMap<>();
              world.map().towns().values().forEach(t -> townNames.put(t.id(), t.name()));
              when = new When(world.calendar());
              news = new News(vertx, pool, timeout);
              elections = new Elections(pool, db, charters, townNames, news);
              treasury = new Treasury(pool, charters.towns().keySet());
              rates = new Rates(pool, db, elections, news, when);
              decrees =
                  new Decrees(
                      pool, db, elections, rates, news, world.events(), world.markets().markets());
              ClockContract.CLOCK.listen(replies, this::hear);
              PlayerContract.WHEREABOUTS.listen(replies, m -> replies.track(residents()));
              TownContract.LAWS_LIST.serve(replies, none -> rates.all().map(Document::new));
              TownContract.HALL.serve(replies, this::hall);
              TownContract.TREASURY.serve(
                  replies,
                  t ->
                      known(t.town())
                          .compose(v -> clock.now())
                          .compose(
                              now -> treasury.list(t.town(), now.gameMinutes(), TREASURY_FLOWS))
                          .map(Document::new));
              TownContract.DECLARE.serve(
                  replies,
                  d ->
                      clock
                          .now()
                          .compose(now -> elections.declare(d, now.gameMinutes()))
                          .compose(
                              id ->
                                  changed(
                                      d.town(),
                                      "candidate",
                                      new JsonObject().put("candidate", id))));
              TownContract.BALLOT.serve(
                  replies,
                  b ->
                      clock
                          .now()
                          .compose(now -> elections.cast(b, now.gameMinutes()))
                          .compose(
                              v ->
                                  told(
                                      b.town(),
                                      new JsonObject()
                                          .put("cast", true)
                                          .put("ranking", new JsonArray(b.ranking())))));
              TownContract.SET_RATE.serve(
                  replies,
                  s ->
                      clock
                          .now()
                          .compose(now -> rates.set(s, now.gameMinutes()))
                          .compose(id -> publishLaws(s.town()).map(id))
                          .compose(
                              id -> changed(s.town(), "rate", new JsonObject().put("rate", id))));
              TownContract.DECREE.serve(
                  replies,
                  d ->
                      clock
                          .now()
                          .compose(now -> decrees.make(d, now.gameMinutes()))
                          .compose(r -> changed(d.town(), "decree", r)));
              TownContract.DECREE_VOTE.serve(
                  replies,
                  v ->
                      clock
                          .now()
                          .compose(now -> decrees.vote(v, now.gameMinutes()))
                          .compose(r -> changed(v.town(), "vote", r)));
              TownContract.RECALL.serve(
                  replies,
                  r ->
                      clock
                          .now()
                          .compose(now -> elections.sign(r, now.gameMinutes()))
                          .compose(x -> changed(r.town(), "petition", x)));
              return replies.ready();
            })
        .compose(v -> clock.now())
        // A new world's first election opens now, not at the first hour a paused clock may never
        // bring.
        .compose(now -> elections.found(now.gameMinutes()).onSuccess(x -> hear(now)))
        // Whoever charges taxes and started first takes these as the truth (see TownLaws).
        .compose(
            v -> Future.all(charters.towns().keySet().stream().map(this::publishLaws).toList()))
        .onSuccess(v -> LOG.info("Town halls open in {} towns", charters.towns().size()));
  }

  @Override
  public Future<?> stop() {
    return replies
        .stop()
        .eventually(() -> single == null ? Future.succeededFuture() : single.release())
        .eventually(pool::close);
  }

  private void hear(WorldTime t) {
    clock.heard(t);
    if (single.held()) {
      hours.offer(t, t.gameMinutes());
    }
  }

  /**
   * Each game hour: residents, the treasury's list, counts and new elections, votes, news; and the
   * pages of towns where something the hall shows began or ended are told.
   */
  private Future<Void> hour(WorldTime t) {
    long now = t.gameMinutes();
    long before = lastHour < 0 ? now : lastHour;
    lastHour = now;
    Set<String> changed = new LinkedHashSet<>();
    return residents(now)
        .compose(v -> pool.preparedQuery(TownSql.PASSED).execute(Tuple.of(before, now)))
        .map(
            rows -> {
              rows.forEach(r -> changed.add(r.getString("town")));
              return null;
            })
        .compose(v -> treasury.catchUp(now))
        .compose(v -> elections.hour(now))
        .compose(
            towns -> {
              changed.addAll(towns);
              return decrees.hour(now);
            })
        .compose(
            towns -> {
              changed.addAll(towns);
              changed.forEach(town -> hallChanged(town, "hour"));
              return news.send();
            });
  }

  private Future<Void> residents() {
    return clock.now().compose(now -> residents(now.gameMinutes()));
  }

  private Future<Void> residents(long now) {
    return pool.query(TownSql.RESIDENTS_LEFT)
        .execute()
        .compose(v -> pool.preparedQuery(TownSql.RESIDENTS_ARRIVED).execute(Tuple.of(now)))
        .mapEmpty();
  }

  private Future<Void> known(String town) {
    return charters.of(town).isPresent()
        ? Future.succeededFuture()
        : Refusal.fail(Failures.NOT_FOUND, "no such town: " + town);
  }

  private Future<Void> publishLaws(String town) {
    return rates
        .of(town)
        .map(
            laws -> {
              TownContract.LAWS.publish(vertx.eventBus(), laws);
              return null;
            });
  }

  private void hallChanged(String town, String what) {
    TownContract.HALL_CHANGED.publish(
        vertx.eventBus(), town, new TownContract.HallChanged(town, what));
  }

  /** After a change: tells the town's pages, sends the news, and answers with {@code reply}. */
  private Future<Document> changed(String town, String what, JsonObject reply) {
    hallChanged(town, what);
    replies.track(news.send());
    return Future.succeededFuture(new Document(reply));
  }

  private Future<Document> told(String town, JsonObject reply) {
    return changed(town, "ballot", reply);
  }

  // ---- the hall ----

  private Future<Document> hall(TownContract.Hall h) {
    Charters.Charter c = charters.of(h.town()).orElse(null);
    if (c == null) {
      return Refusal.fail(Failures.NOT_FOUND, "no such town: " + h.town());
    }
    JsonObject out =
        new JsonObject()
            .put("town", h.town())
            .put("name", townNames.get(h.town()))
            .put("charter", c.toJson())
            .put(
                "decreeKinds",
                new JsonArray(
                    c.powers().stream().map(p -> charters.decrees().get(p).toJson()).toList()));
    return clock
        .now()
        .compose(
            t -> {
              long now = t.gameMinutes();
              out.put("gameMinutes", now);
              return pool.preparedQuery(TownSql.OFFICE)
                  .execute(Tuple.of(h.town()))
                  .compose(
                      rows -> office(out, rows.size() == 0 ? null : rows.iterator().next(), c, now))
                  .compose(v -> election(out, h, now))
                  .compose(v -> treasury.list(h.town(), now, HALL_FLOWS))
                  .compose(
                      money -> {
                        out.put("treasury", money);
                        return rates.of(h.town());
                      })
                  .compose(
                      laws -> {
                        out.put("rates", rateView(c, laws, now));
                        return pool.preparedQuery(TownSql.DECREES_IN)
                            .execute(Tuple.of(h.town(), now));
                      })
                  .compose(
                      rows -> {
                        JsonArray list = new JsonArray();
                        rows.forEach(r -> list.add(decree(r)));
                        out.put("decrees", list);
                        return me(out, h, c, now);
                      })
                  .map(v -> new Document(out));
            });
  }

  private Future<Void> office(JsonObject out, Row office, Charters.Charter c, long now) {
    if (office == null) {
      out.put("mayor", (Object) null).put("council", new JsonArray());
      return Future.succeededFuture();
    }
    Long mayor = office.getLong("mayor_id");
    long termFrom = office.getLong("term_from");
    out.put(
            "mayor",
            mayor == null ? null : new JsonObject().put("name", office.getString("mayor_name")))
        .put("steward", c.steward())
        .put("council", office.getJsonArray("council"))
        .put(
            "term",
            new JsonObject().put("from", termFrom).put("until", office.getLong("term_until")))
        .put("firstWeekUntil", termFrom + c.firstWeekDays() * Elections.DAY);
    if (mayor == null) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(TownSql.SIGNATURES)
        .execute(Tuple.of(c.town(), termFrom, 0L))
        .compose(
            sig ->
                elections
                    .citizens(pool, c.town(), now)
                    .map(
                        n -> {
                          out.put(
                              "petition",
                              new JsonObject()
                                  .put("signatures", sig.iterator().next().getLong("n"))
                                  .put("needed", Elections.needed(c, n))
                                  .put("citizens", n));
                          return null;
                        }));
  }

  private Future<Void> election(JsonObject out, TownContract.Hall h, long now) {
    return pool.preparedQuery(TownSql.LAST_ELECTION)
        .execute(Tuple.of(h.town()))
        .compose(
            last -> {
              if (last.size() > 0) {
                Row r = last.iterator().next();
                out.put(
                    "lastResult",
                    r.getJsonObject("result")
                        .copy()
                        .put("election", r.getLong("id"))
                        .put("closedAt", r.getLong("closes_at")));
              }
              return pool.preparedQuery(TownSql.OPEN_ELECTION).execute(Tuple.of(h.town()));
            })
        .compose(
            open -> {
              if (open.size() == 0) {
                return Future.succeededFuture();
              }
              Row e = open.iterator().next();
              long id = e.getLong("id");
              String phase =
                  now < e.getLong("voting_from")
                      ? "candidacy"
                      : now < e.getLong("closes_at") ? "voting" : "counting";
              JsonObject election =
                  new JsonObject()
                      .put("id", id)
                      .put("kind", e.getString("kind"))
                      .put("phase", phase)
                      .put("candidacyFrom", e.getLong("candidacy_from"))
                      .put("votingFrom", e.getLong("voting_from"))
                      .put("closesAt", e.getLong("closes_at"));
              out.put("election", election);
              return pool.preparedQuery(TownSql.CANDIDATES)
                  .execute(Tuple.of(id))
                  .compose(
                      rows -> {
                        JsonArray list = new JsonArray();
                        rows.forEach(
                            r ->
                                list.add(
                                    new JsonObject()
                                        .put("id", r.getLong("id"))
                                        .put("name", r.getString("name"))
                                        .put("statement", r.getString("statement"))
                                        .put("mine", r.getLong("player_id") == h.playerId())));
                        election.put("candidates", list);
                        return pool.preparedQuery(TownSql.BALLOT_COUNT).execute(Tuple.of(id));
                      })
                  .compose(
                      n -> {
                        election.put("ballots", n.iterator().next().getLong("n"));
                        return h.playerId() == 0
                            ? Future.succeededFuture(null)
                            : pool.preparedQuery(TownSql.MY_BALLOT)
                                .execute(Tuple.of(id, h.playerId()));
                      })
                  .map(
                      mine -> {
                        if (mine != null && mine.size() > 0) {
                          election.put(
                              "myBallot",
                              new JsonArray(
                                  Arrays.asList(
                                      mine.iterator().next().getArrayOfLongs("ranking"))));
                        }
                        return null;
                      });
            });
  }

  private Future<Void> me(JsonObject out, TownContract.Hall h, Charters.Charter c, long now) {
    if (h.playerId() == 0) {
      return Future.succeededFuture();
    }
    return Elections.standing(pool, h.playerId(), h.town())
        .compose(
            s -> {
              JsonObject me =
                  new JsonObject()
                      .put("citizen", s.name() != null && s.citizenOf(c, now))
                      .put("rule", s.why(c, townNames.get(h.town())));
              out.put("me", me);
              JsonObject mayor = out.getJsonObject("mayor");
              me.put("mayor", mayor != null && mayor.getString("name").equals(s.name()));
              me.put(
                  "council",
                  out.getJsonArray("council", new JsonArray()).stream()
                      .anyMatch(m -> ((JsonObject) m).getLong("playerId") == h.playerId()));
              JsonObject petition = out.getJsonObject("petition");
              if (petition == null) {
                return Future.succeededFuture();
              }
              return pool.preparedQuery(TownSql.SIGNATURES)
                  .execute(
                      Tuple.of(h.town(), out.getJsonObject("term").getLong("from"), h.playerId()))
                  .map(
                      rows -> {
                        petition.put(
                            "signed",
                            Boolean.TRUE.equals(rows.iterator().next().getBoolean("mine")));
                        return null;
                      });
            });
  }

  /** Each tax's rate now, and the changes announced that have not applied yet. */
  private static JsonArray rateView(Charters.Charter c, TownContract.Laws laws, long now) {
    JsonArray out = new JsonArray();
    for (String kind : Charters.TAXES) {
      Charters.Tax tax = c.tax(kind);
      long rate = tax.start();
      long since = -1;
      JsonArray announced = new JsonArray();
      long lastAnnounced = -1;
      for (TownContract.RateChange ch : laws.changes()) {
        if (!ch.kind().equals(kind)) {
          continue;
        }
        if (ch.from() <= now) {
          rate = ch.rate();
          since = ch.from();
        } else {
          announced.add(ch.toJson());
        }
        lastAnnounced = ch.from();
      }
      out.add(
          tax.toJson()
              .put("rate", rate)
              .put("since", since)
              .put("shown", Rates.show(tax, rate))
              .put("announced", announced)
              .put("lastChangeFrom", lastAnnounced));
    }
    return out;
  }

  private static JsonObject decree(Row r) {
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("kind", r.getString("kind"))
        .put("amount", r.getInteger("amount"))
        .put("cost", r.getLong("cost"))
        .put("status", r.getString("status"))
        .put("mayor", r.getString("mayor_name"))
        .put("proposedAt", r.getLong("proposed_at"))
        .put("voteCloses", r.getLong("vote_closes"))
        .put("startsAt", r.getLong("starts_at"))
        .put("endsAt", r.getLong("ends_at"))
        .put("yes", r.getInteger("yes"))
        .put("no", r.getInteger("no"));
  }
}
