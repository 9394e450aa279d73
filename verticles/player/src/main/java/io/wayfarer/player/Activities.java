package io.wayfarer.player;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.KeepNewest;
import io.wayfarer.shared.Money;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.Replies;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.GameClock;
import io.wayfarer.shared.events.ActiveEvents;
import io.wayfarer.shared.events.WorldEvent;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.player.PlayerContract.Rest;
import io.wayfarer.shared.player.PlayerContract.Travel;
import io.wayfarer.shared.player.PlayerContract.Work;
import io.wayfarer.shared.town.TownLaws;
import io.wayfarer.shared.world.WorldData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What characters do over game time: journeys along roads, shifts of work, stays at an inn.
 * Starting one is a command; finishing it (and the road's encounter) happens when {@code
 * world.clock} reaches its time. A character with an open activity is busy. Every payment goes
 * through the ledger in the same transaction.
 */
final class Activities {
  private static final Logger LOG = LoggerFactory.getLogger(Activities.class);

  private final Vertx vertx;
  private final Db db;
  private final Pool pool;
  private final Replies replies;
  private final WorldData world;
  private final Dice dice;
  private final GameClock clock;
  private final Whereabouts whereabouts;
  private final ActiveEvents events;
  private final TownLaws laws;

  /** The minutes whose due activities are settled: one pass at a time, the newest kept. */
  private final KeepNewest<Long> minutes;

  Activities(
      Vertx vertx,
      Db db,
      WorldData world,
      Dice dice,
      GameClock clock,
      Whereabouts whereabouts,
      ActiveEvents events,
      TownLaws laws,
      Replies replies) {
    this.vertx = vertx;
    this.laws = laws;
    this.db = db;
    this.pool = db.pool();
    this.replies = replies;
    this.minutes =
        new KeepNewest<>(
            ClockContract.Jobs.ACTIVITIES, LOG, replies, minute -> minute, this::settleDue);
    this.world = world;
    this.dice = dice;
    this.clock = clock;
    this.whereabouts = whereabouts;
    this.events = events;
  }

  /** Locks the player's character, which must exist. */
  private static Future<Row> lockCharacter(SqlConnection tx, long playerId) {
    return tx.preparedQuery(PlayerSql.LOCK_CHARACTER)
        .execute(Tuple.of(playerId))
        .compose(
            rows ->
                rows.size() == 0
                    ? Refusal.<Row>fail(Failures.CONFLICT, "create a character first")
                    : Future.succeededFuture(rows.iterator().next()));
  }

  /** The character must be idle and stand in a town. */
  private static Future<Row> idleInTown(SqlConnection tx, Row c) {
    return tx.preparedQuery(PlayerSql.OPEN_ACTIVITY)
        .execute(Tuple.of(c.getLong("id")))
        .compose(
            acts -> {
              if (acts.size() > 0) {
                Row a = acts.iterator().next();
                return Refusal.<Row>fail(
                    Failures.CONFLICT,
                    "you are busy "
                        + busyWith(a.getString("kind"))
                        + " until minute "
                        + a.getLong("ends_at"));
              }
              if (c.getString("town") == null) {
                return Refusal.<Row>fail(Failures.CONFLICT, "you are on the road");
              }
              return Future.succeededFuture(c);
            });
  }

  /**
   * Starts an activity once per request id, in one transaction with the character locked: the same
   * id again answers with the activity it started ({@code replayed: true}) and changes nothing;
   * without an id every call is new.
   */
  private Future<JsonObject> startOnce(
      long playerId,
      String requestId,
      String kind,
      Function<SqlConnection, Function<Row, Future<JsonObject>>> start) {
    return db.transaction(
        tx ->
            lockCharacter(tx, playerId)
                .compose(
                    c -> {
                      Future<RowSet<Row>> prior =
                          requestId == null
                              ? Future.succeededFuture(null)
                              : tx.preparedQuery(PlayerSql.ACTIVITY_BY_REQUEST)
                                  .execute(Tuple.of(c.getLong("id"), requestId));
                      return prior.compose(
                          rows -> {
                            if (rows != null && rows.size() > 0) {
                              Row a = rows.iterator().next();
                              return kind.equals(a.getString("kind"))
                                  ? Future.succeededFuture(
                                      Characters.activityJson(a).put("replayed", true))
                                  : Refusal.<JsonObject>fail(
                                      Failures.CONFLICT,
                                      "requestId "
                                          + requestId
                                          + " was already used for another action");
                            }
                            return idleInTown(tx, c)
                                .compose(idle -> start.apply(tx).apply(idle))
                                .map(json -> json.put("replayed", false));
                          });
                    }));
  }

  private static String busyWith(String kind) {
    return switch (kind) {
      case "travel" -> "travelling";
      case "work" -> "working";
      default -> "resting";
    };
  }

  Future<JsonObject> travel(Travel request) {
    long playerId = request.playerId();
    String to = request.to();
    String requestId = request.requestId();
    if (world.town(to).isEmpty()) {
      return Refusal.fail(Failures.NOT_FOUND, "no such town: " + to);
    }
    return clock
        .now()
        .compose(
            now ->
                startOnce(
                    playerId,
                    requestId,
                    "travel",
                    tx ->
                        c -> {
                          String from = c.getString("town");
                          if (from.equals(to)) {
                            return Refusal.<JsonObject>fail(
                                Failures.CONFLICT,
                                "you are already in " + world.town(to).orElseThrow().name());
                          }
                          WorldData.Road road = world.road(from, to).orElse(null);
                          if (road == null) {
                            return Refusal.<JsonObject>fail(
                                Failures.CONFLICT,
                                "no road leads from "
                                    + world.town(from).orElseThrow().name()
                                    + " to "
                                    + world.town(to).orElseThrow().name());
                          }
                          long start = now.gameMinutes();
                          // Road repairs at either end shorten the journey.
                          int hours =
                              Math.max(
                                  1,
                                  (int)
                                      Math.ceil(
                                          road.hours()
                                              * Math.min(
                                                  journeyFactor(from, start),
                                                  journeyFactor(to, start))));
                          long minutes = hours * 60L;
                          // The toll in force when the traveller arrives; it must be affordable
                          // on leaving, and is paid on arrival.
                          long toll = laws.toll(to, start + minutes);
                          JsonObject details =
                              new JsonObject()
                                  .put("from", from)
                                  .put("to", to)
                                  .put("hours", hours)
                                  .put("roadHours", road.hours())
                                  .put("danger", road.danger())
                                  .put("check", road.check())
                                  .put("toll", toll);
                          Future<Void> purse =
                              toll == 0
                                  ? Future.succeededFuture()
                                  : Ledger.balance(tx, Ledger.player(playerId), Ledger.COIN)
                                      .compose(
                                          coin ->
                                              coin >= toll
                                                  ? Future.succeededFuture()
                                                  : Refusal.fail(
                                                      Failures.CONFLICT,
                                                      "the toll into "
                                                          + world.town(to).orElseThrow().name()
                                                          + " is "
                                                          + Money.format(toll)
                                                          + " and you carry "
                                                          + Money.format(coin)));
                          return purse.compose(
                              paid ->
                                  tx.preparedQuery(PlayerSql.INSERT_ACTIVITY)
                                      .execute(
                                          Tuple.tuple(
                                              Arrays.asList(
                                                  c.getLong("id"),
                                                  "travel",
                                                  start,
                                                  start + minutes,
                                                  start + minutes / 2,
                                                  details,
                                                  requestId)))
                                      .compose(
                                          v ->
                                              tx.preparedQuery(PlayerSql.SET_TOWN)
                                                  .execute(
                                                      Tuple.tuple()
                                                          .addLong(c.getLong("id"))
                                                          .addString(null)))
                                      .map(
                                          v ->
                                              new JsonObject()
                                                  .put("kind", "travel")
                                                  .put("startedAt", start)
                                                  .put("endsAt", start + minutes)
                                                  .put("details", details)));
                        }))
        .map(
            journey -> {
              whereabouts.changed(journey.getJsonObject("details").getString("from"));
              return journey;
            });
  }

  Future<JsonObject> work(Work request) {
    long playerId = request.playerId();
    int hours = request.hours();
    String jobId = request.job();
    String requestId = request.requestId();
    return clock
        .now()
        .compose(
            now ->
                startOnce(
                    playerId,
                    requestId,
                    "work",
                    tx ->
                        c -> {
                          WorldData.Town town = world.town(c.getString("town")).orElseThrow();
                          WorldData.Job job = town.job(jobId).orElse(null);
                          if (job == null) {
                            return Refusal.<JsonObject>fail(
                                Failures.NOT_FOUND,
                                "nobody in " + town.name() + " offers the job " + jobId);
                          }
                          if (!job.seasons().contains(now.season())) {
                            return Refusal.<JsonObject>fail(
                                Failures.CONFLICT,
                                job.name() + " is not offered in " + now.season());
                          }
                          int left = job.hoursLeftAt(now.hour());
                          if (left == 0) {
                            return Refusal.<JsonObject>fail(
                                Failures.CONFLICT,
                                job.name()
                                    + " is offered from "
                                    + job.from()
                                    + ":00 to "
                                    + job.to()
                                    + ":00");
                          }
                          if (hours > left) {
                            return Refusal.<JsonObject>fail(
                                Failures.CONFLICT,
                                "only " + left + " hours of " + job.name() + " are left today");
                          }
                          long start = now.gameMinutes();
                          // A wounded character works slower: the same wage takes longer.
                          long minutes =
                              Journeys.shiftMinutes(
                                  hours, c.getInteger("hp"), c.getInteger("max_hp"));
                          JsonObject details =
                              new JsonObject()
                                  .put("town", town.id())
                                  .put("job", job.id())
                                  .put("jobName", job.name())
                                  .put("hours", hours)
                                  .put("wagePerHour", job.wagePerHour())
                                  .put("wage", job.wagePerHour() * hours)
                                  .put("slowedByWounds", minutes > hours * 60L);
                          return tx.preparedQuery(PlayerSql.INSERT_ACTIVITY)
                              .execute(
                                  Tuple.tuple(
                                      Arrays.asList(
                                          c.getLong("id"),
                                          "work",
                                          start,
                                          start + minutes,
                                          null,
                                          details,
                                          requestId)))
                              .map(
                                  v ->
                                      new JsonObject()
                                          .put("kind", "work")
                                          .put("startedAt", start)
                                          .put("endsAt", start + minutes)
                                          .put("details", details));
                        }));
  }

  Future<JsonObject> rest(Rest request) {
    long playerId = request.playerId();
    int hours = request.hours();
    String requestId = request.requestId();
    return clock
        .now()
        .compose(
            now ->
                startOnce(
                    playerId,
                    requestId,
                    "rest",
                    tx ->
                        c -> {
                          WorldData.Town town = world.town(c.getString("town")).orElseThrow();
                          long cost = town.inn().pricePerHour() * hours;
                          long start = now.gameMinutes();
                          JsonObject details =
                              new JsonObject()
                                  .put("town", town.id())
                                  .put("inn", town.inn().name())
                                  .put("hours", hours)
                                  .put("cost", cost);
                          return Ledger.transfer(
                                  tx,
                                  Ledger.player(playerId),
                                  Ledger.town(town.id()),
                                  Ledger.COIN,
                                  cost,
                                  "a room at " + town.inn().name() + " for " + hours + " hours")
                              .compose(
                                  v ->
                                      tx.preparedQuery(PlayerSql.INSERT_ACTIVITY)
                                          .execute(
                                              Tuple.tuple(
                                                  Arrays.asList(
                                                      c.getLong("id"),
                                                      "rest",
                                                      start,
                                                      start + hours * 60L,
                                                      null,
                                                      details,
                                                      requestId))))
                              .map(
                                  v ->
                                      new JsonObject()
                                          .put("kind", "rest")
                                          .put("startedAt", start)
                                          .put("endsAt", start + hours * 60L)
                                          .put("details", details));
                        }));
  }

  /**
   * Called on every tick: settles what is due by {@code minute}, one pass at a time (see {@link
   * KeepNewest}).
   */
  void onTick(long now) {
    minutes.offer(now, now);
  }

  Future<Void> settleDue(long minute) {
    return pool.preparedQuery(PlayerSql.DUE_ACTIVITIES)
        .execute(Tuple.of(minute))
        .compose(
            rows -> {
              Future<Void> chain = Future.succeededFuture();
              for (Row r : rows) {
                long id = r.getLong("id");
                chain =
                    chain.compose(
                        v ->
                            settle(id, minute)
                                .otherwise(
                                    err -> {
                                      LOG.warn(
                                          "Activity {} could not be settled: {}",
                                          id,
                                          err.getMessage());
                                      return null;
                                    }));
              }
              return chain;
            });
  }

  /**
   * Settles one activity in its own transaction; notices and whereabouts go out after the commit.
   */
  private Future<Void> settle(long activityId, long minute) {
    List<JsonObject> notices = new ArrayList<>();
    Set<String> townsChanged = new LinkedHashSet<>();
    List<PlayerContract.Deed> deeds = new ArrayList<>();
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(PlayerSql.LOCK_ACTIVITY)
                    .execute(Tuple.of(activityId))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            return Future.succeededFuture();
                          }
                          Row a = rows.iterator().next();
                          return tx.preparedQuery(PlayerSql.CHARACTER_BY_ID)
                              .execute(Tuple.of(a.getLong("character_id")))
                              .compose(
                                  cs -> {
                                    Row c = cs.iterator().next();
                                    JsonObject details = a.getJsonObject("details");
                                    Future<Void> step = Future.succeededFuture();
                                    Long encounterAt = a.getLong("encounter_at");
                                    if (encounterAt != null
                                        && !a.getBoolean("encounter_done")
                                        && encounterAt <= minute) {
                                      step = encounter(tx, a, c, details, notices);
                                    }
                                    if (a.getLong("ends_at") <= minute) {
                                      step =
                                          step.compose(
                                              v ->
                                                  finish(
                                                      tx,
                                                      a,
                                                      c,
                                                      details,
                                                      notices,
                                                      townsChanged,
                                                      deeds));
                                    }
                                    return step;
                                  });
                        }))
        .onSuccess(
            v -> {
              Notices.publish(vertx, notices);
              whereabouts.changed(townsChanged);
              deeds.forEach(deed -> PlayerContract.DEEDS.publish(vertx.eventBus(), deed));
            });
  }

  private Future<Void> encounter(
      SqlConnection tx, Row a, Row c, JsonObject details, List<JsonObject> notices) {
    long playerId = c.getLong("account_id");
    String ability = details.getString("check");
    int modifier = Abilities.modifier(c.getShort(ability));
    Dice dice = this.dice.forOne(a.getLong("id"));
    int d20 = dice.d(20);
    // The road's own danger, plus what events in either town add (bandits near Redhaven make its
    // roads worse).
    long at = a.getLong("encounter_at");
    int bonus =
        eventDanger(details.getString("from"), at) + eventDanger(details.getString("to"), at);
    int danger = details.getInteger("danger") + bonus;
    boolean passed = Journeys.passes(d20, modifier, danger);
    String road = townName(details.getString("from")) + " to " + townName(details.getString("to"));
    JsonObject roll =
        new JsonObject()
            .put("d20", d20)
            .put("modifier", modifier)
            .put("ability", ability)
            .put("danger", danger)
            .put("eventDanger", bonus)
            .put("passed", passed);
    details.put("encounter", roll);
    // Footpads hurt as well as rob: the wound heals only with rest, and slows work meanwhile.
    int hpBefore = c.getInteger("hp");
    int hp =
        passed ? hpBefore : Journeys.woundedHitPoints(hpBefore, dice.d(6), danger - d20 - modifier);
    roll.put("damage", hpBefore - hp).put("hp", hp).put("maxHp", c.getInteger("max_hp"));
    Future<Void> wounded =
        hp == hpBefore
            ? Future.succeededFuture()
            : tx.preparedQuery(PlayerSql.SET_HP)
                .execute(Tuple.of(c.getLong("id"), hp, at))
                .mapEmpty();
    Future<Long> lost =
        passed
            ? wounded.map(0L)
            : wounded
                .compose(v -> Ledger.balance(tx, Ledger.player(playerId), Ledger.COIN))
                .compose(
                    carried -> {
                      long loss = Journeys.robbery(carried, world.robberyShare());
                      return loss == 0
                          ? Future.succeededFuture(0L)
                          : Ledger.transfer(
                                  tx,
                                  Ledger.player(playerId),
                                  Ledger.WORLD,
                                  Ledger.COIN,
                                  loss,
                                  "robbed on the road " + road)
                              .map(loss);
                    });
    return lost.compose(
        loss -> {
          roll.put("coinLost", loss);
          String text =
              passed
                  ? "On the road from "
                      + road
                      + " you spot trouble ahead and slip past it (d20 "
                      + d20
                      + signed(modifier)
                      + " vs "
                      + danger
                      + ")."
                  : "Footpads waylay you on the road from "
                      + road
                      + " (d20 "
                      + d20
                      + signed(modifier)
                      + " vs "
                      + danger
                      + ")"
                      + (loss > 0 ? ", take " + Money.format(loss) : ", find nothing worth taking")
                      + " and leave you wounded ("
                      + (hpBefore - hp)
                      + " hit points; "
                      + hp
                      + "/"
                      + c.getInteger("max_hp")
                      + " left).";
          return tx.preparedQuery(PlayerSql.ENCOUNTER_DONE)
              .execute(Tuple.of(a.getLong("id"), details))
              .compose(
                  v ->
                      Notices.store(
                          tx,
                          new Notices.Notice(
                              playerId, a.getLong("encounter_at"), "encounter", text, roll)))
              .onSuccess(notices::add)
              .mapEmpty();
        });
  }

  private Future<Void> finish(
      SqlConnection tx,
      Row a,
      Row c,
      JsonObject details,
      List<JsonObject> notices,
      Set<String> townsChanged,
      List<PlayerContract.Deed> deeds) {
    long playerId = c.getLong("account_id");
    long characterId = c.getLong("id");
    long at = a.getLong("ends_at");
    String kind = a.getString("kind");
    // Who did it, as world scripts may read it: the public part of the sheet.
    JsonObject deed =
        details
            .copy()
            .put(
                "character",
                new JsonObject()
                    .put("name", c.getString("name"))
                    .put("class", c.getString("class"))
                    .put("level", (int) c.getShort("level")));
    deeds.add(
        new PlayerContract.Deed(
            playerId,
            switch (kind) {
              case "travel" -> "arrived";
              case "work" -> "worked";
              default -> "rested";
            },
            kind.equals("travel") ? details.getString("to") : details.getString("town"),
            at,
            deed));
    Future<Notices.Notice> outcome =
        switch (kind) {
          case "travel" -> {
            String to = details.getString("to");
            townsChanged.add(to);
            yield tx.preparedQuery(PlayerSql.SET_TOWN)
                .execute(Tuple.of(characterId, to))
                .compose(v -> payToll(tx, playerId, details))
                .map(
                    toll ->
                        new Notices.Notice(
                            playerId,
                            at,
                            "arrival",
                            "You arrive in "
                                + townName(to)
                                + "."
                                + (toll > 0
                                    ? " You pay the toll, " + Money.format(toll) + "."
                                    : ""),
                            new JsonObject()
                                .put("town", to)
                                .put("from", details.getString("from"))
                                .put("toll", toll)));
          }
          case "work" -> {
            long wage = details.getLong("wage");
            yield Ledger.transfer(
                    tx,
                    Ledger.WORLD,
                    Ledger.player(playerId),
                    Ledger.COIN,
                    wage,
                    "wages: "
                        + details.getInteger("hours")
                        + " hours as "
                        + details.getString("job"))
                .map(
                    v ->
                        new Notices.Notice(
                            playerId,
                            at,
                            "wages",
                            "Your shift as "
                                + details.getString("jobName")
                                + " is done: "
                                + Money.format(wage)
                                + " earned.",
                            new JsonObject()
                                .put("coin", wage)
                                .put("job", details.getString("job"))));
          }
          default -> {
            int hp =
                Journeys.restedHitPoints(
                    c.getInteger("hp"), c.getInteger("max_hp"), details.getInteger("hours"));
            yield tx.preparedQuery(PlayerSql.SET_HP)
                .execute(Tuple.of(characterId, hp, at))
                .map(
                    v ->
                        new Notices.Notice(
                            playerId,
                            at,
                            "rested",
                            "You wake rested at "
                                + details.getString("inn")
                                + " ("
                                + hp
                                + "/"
                                + c.getInteger("max_hp")
                                + " hit points).",
                            new JsonObject().put("hp", hp)));
          }
        };
    return outcome
        .compose(
            n ->
                tx.preparedQuery(PlayerSql.FINISH_ACTIVITY)
                    .execute(Tuple.of(a.getLong("id"), details))
                    .compose(v -> Notices.store(tx, n))
                    .onSuccess(notices::add))
        .mapEmpty();
  }

  /**
   * The toll into the town, paid on arrival from the account's purse to its treasury: the rate for
   * the minute of arrival, as it stood when the journey began (announced a day ahead, so the
   * traveller knew it). A traveller robbed on the road pays what is left. What was paid.
   */
  private Future<Long> payToll(SqlConnection tx, long playerId, JsonObject details) {
    long toll = details.getLong("toll", 0L);
    if (toll == 0) {
      return Future.succeededFuture(0L);
    }
    String to = details.getString("to");
    return Ledger.balance(tx, Ledger.player(playerId), Ledger.COIN)
        .compose(
            coin -> {
              long paid = Math.min(coin, toll);
              return paid == 0
                  ? Future.succeededFuture(0L)
                  : Ledger.transfer(
                          tx,
                          Ledger.player(playerId),
                          Ledger.town(to),
                          Ledger.COIN,
                          paid,
                          "toll on the road from " + details.getString("from") + " into " + to)
                      .map(paid);
            });
  }

  /** What events in {@code town} do to the hours of a journey on its roads (road repairs). */
  private double journeyFactor(String town, long gameMinutes) {
    return events.activeAt(gameMinutes).stream()
        .filter(e -> e.town().equals(town))
        .mapToDouble(WorldEvent::journeyFactor)
        .min()
        .orElse(1.0);
  }

  /** Extra danger on the roads into {@code town} from the events there at {@code gameMinutes}. */
  private int eventDanger(String town, long gameMinutes) {
    return events.activeAt(gameMinutes).stream()
        .filter(e -> e.town().equals(town))
        .mapToInt(WorldEvent::roadDanger)
        .sum();
  }

  private String townName(String id) {
    return world.town(id).map(WorldData.Town::name).orElse(id);
  }

  private static String signed(int m) {
    return m >= 0 ? "+" + m : Integer.toString(m);
  }
}
