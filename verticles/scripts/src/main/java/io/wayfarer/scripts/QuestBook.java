package io.wayfarer.scripts;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
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
import io.wayfarer.shared.Settling;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.UntilTaken;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.GameClock;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.quests.Quests;
import io.wayfarer.shared.quests.Quests.Kind;
import io.wayfarer.shared.quests.Quests.Quest;
import io.wayfarer.shared.quests.Quests.Step;
import io.wayfarer.shared.quests.QuestsContract;
import io.wayfarer.shared.world.WorldData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Players' quests: taking one where its giver stands, handing goods in, steps finished by journeys
 * and shifts (checked against what the player verticle kept, so a deed heard late or not at all
 * still counts), time limits, and rewards paid from each quest's daily pot through the ledger.
 * Every change is one transaction with the notices (and experience) it earns, which are then sent
 * to the player verticle until it takes them; what happened is told to the quest's script after the
 * commit.
 */
final class QuestBook {
  private static final Logger LOG = LoggerFactory.getLogger(QuestBook.class);
  private static final long MINUTES_PER_DAY = 24 * 60;

  /** Where a quest's news goes besides the player: its script, if it names one. */
  interface ToScript {
    void tell(Quest quest, JsonObject happened);
  }

  private record Told(Quest quest, JsonObject happened) {}

  /** One change: its transaction, the game minute it happens at, and what scripts will be told. */
  private static final class Change {
    final SqlConnection tx;
    final long minute;
    final String season;
    final List<Told> told = new ArrayList<>();

    Change(SqlConnection tx, long minute, String season) {
      this.tx = tx;
      this.minute = minute;
      this.season = season;
    }

    void tell(Quest quest, long playerId, String event, int step, JsonObject more) {
      told.add(new Told(quest, happened(quest, playerId, event, step).mergeIn(more)));
    }

    /**
     * Keeps a notice (with experience) in this transaction, to send to the player verticle after
     * the commit.
     */
    Future<Void> notice(long playerId, long xp, String kind, String text, JsonObject data) {
      return tx.preparedQuery(QuestsSql.KEEP_AWARD)
          .execute(Tuple.of(playerId, xp, minute, kind, PlayerContract.Notice.fit(text), data))
          .mapEmpty();
    }
  }

  private final Vertx vertx;
  private final Db db;
  private final Pool pool;
  private final Quests quests;
  private final WorldData map;
  private final GameClock clock;
  private final Replies replies;
  private final ToScript toScript;
  private final long busTimeoutMillis;
  private final KeepNewest<Long> hours;
  private final Settling settling;

  /**
   * On a stepped clock, the minute the player verticle's settlement of activities is done with, and
   * the hourly runs waiting for it: a quest's hour pays owed rewards into purses that the same
   * minute's journeys may rob, so it runs after them, in one order every time.
   */
  private long activitiesDoneThrough = Long.MIN_VALUE;

  private final List<Map.Entry<Long, Promise<Void>>> waitingForActivities = new ArrayList<>();

  private boolean flushing;
  private boolean flushAgain;

  QuestBook(
      Vertx vertx,
      Db db,
      Quests quests,
      WorldData map,
      GameClock clock,
      Replies replies,
      ToScript toScript,
      Settling settling,
      long busTimeoutMillis) {
    this.vertx = vertx;
    this.settling = settling;
    this.db = db;
    this.pool = db.pool();
    this.quests = quests;
    this.map = map;
    this.clock = clock;
    this.replies = replies;
    this.toScript = toScript;
    this.busTimeoutMillis = busTimeoutMillis;
    // A stepped clock moves on once what the quests and scripts did on their own has settled too:
    // a deed's quest step, a reward's notice, a script's gift.
    this.hours =
        new KeepNewest<>(ClockContract.Jobs.QUESTS_HOUR, LOG, replies, hour -> hour, this::hourly)
            .alsoAwaits(settling::settled);
  }

  Quests quests() {
    return quests;
  }

  private Future<Quest> known(String id) {
    return quests
        .get(id)
        .map(Future::succeededFuture)
        .orElseGet(() -> Refusal.fail(Failures.NOT_FOUND, "no quest " + id));
  }

  /** Runs {@code work} as one change now; after the commit, scripts are told and notices sent. */
  private <T> Future<T> change(Function<Change, Future<T>> work) {
    return clock.now().compose(now -> change(now.gameMinutes(), now.season(), work));
  }

  private <T> Future<T> change(long minute, String season, Function<Change, Future<T>> work) {
    List<Told> told = new ArrayList<>();
    return db.transaction(
            tx -> {
              Change c = new Change(tx, minute, season);
              return work.apply(c).onSuccess(v -> told.addAll(c.told));
            })
        .onSuccess(
            v -> {
              told.forEach(t -> toScript.tell(t.quest(), t.happened()));
              flushAwards();
            });
  }

  // ---- reads ----

  Future<Document> mine(QuestsContract.Mine request) {
    return mine(request.playerId());
  }

  private Future<Document> mine(long playerId) {
    return clock
        .now()
        .compose(
            now ->
                pool.preparedQuery(QuestsSql.TOWN_OF)
                    .execute(Tuple.of(playerId))
                    .compose(
                        loc ->
                            pool.preparedQuery(QuestsSql.PROGRESS_OF)
                                .execute(Tuple.of(playerId))
                                .compose(rows -> describe(playerId, townOf(loc), now, rows))));
  }

  private static String townOf(RowSet<Row> location) {
    return location.size() == 0 ? null : location.iterator().next().getString("town");
  }

  private Future<Document> describe(long playerId, String town, WorldTime now, Iterable<Row> rows) {
    Set<String> taken = new HashSet<>();
    JsonArray finished = new JsonArray();
    List<Future<JsonObject>> active = new ArrayList<>();
    for (Row r : rows) {
      Quest quest = quests.get(r.getString("quest")).orElse(null);
      if (quest == null) {
        continue; // its file is gone; the row stays for the record
      }
      String state = r.getString("state");
      if (state.equals("active") || state.equals("completed")) {
        taken.add(quest.id());
      }
      if (state.equals("active")) {
        active.add(progress(playerId, quest, r, town));
      } else if (finished.size() < 20) {
        finished.add(
            new JsonObject()
                .put("quest", quest.id())
                .put("name", quest.name())
                .put("state", state)
                .put("at", r.getLong("finished_at"))
                .put("note", r.getString("note"))
                .put("rewarded", r.getBoolean("rewarded")));
      }
    }
    JsonArray offered = new JsonArray();
    if (town != null) {
      for (Quest q : quests.all()) {
        if (q.giverTown().equals(town) && q.offeredIn(now.season()) && !taken.contains(q.id())) {
          offered.add(q.toJson().put("giver", giver(q)));
        }
      }
    }
    return Future.all(active)
        .map(
            all ->
                new Document(
                    new JsonObject()
                        .put("town", town)
                        .put("season", now.season())
                        .put("gameMinutes", now.gameMinutes())
                        .put("offered", offered)
                        .put("active", new JsonArray(all.list()))
                        .put("finished", finished)));
  }

  private JsonObject giver(Quest q) {
    return new JsonObject()
        .put("town", q.giverTown())
        .put("townName", townName(q.giverTown()))
        .put("name", q.giverName());
  }

  /** An active quest as its player sees it: the step it is at and how far along that step is. */
  private Future<JsonObject> progress(long playerId, Quest quest, Row r, String town) {
    int index = r.getInteger("step");
    Step step = quest.steps().get(Math.min(index, quest.steps().size() - 1));
    JsonObject json =
        quest
            .toJson()
            .put("giver", giver(quest))
            .put("step", index)
            .put("acceptedAt", r.getLong("accepted_at"))
            .put("dueAt", r.getLong("due_at"))
            .put("canHandIn", step.kind() == Kind.DELIVER && step.town().equals(town));
    if (step.kind() != Kind.WORK) {
      return Future.succeededFuture(json);
    }
    return pool.preparedQuery(QuestsSql.HOURS_WORKED_SINCE)
        .execute(Tuple.of(playerId, r.getLong("step_started_at"), step.town(), step.job()))
        .map(rows -> json.put("worked", rows.iterator().next().getInteger("hours")));
  }

  // ---- commands ----

  Future<Document> accept(QuestsContract.Take request) {
    return known(request.quest())
        .compose(
            quest -> change(c -> takeOnce(c, request.playerId(), quest, request.requestId(), true)))
        .compose(v -> mine(request.playerId()));
  }

  /** A retried take (the same request id) changes nothing and answers as the first did. */
  private Future<Void> takeOnce(
      Change c, long playerId, Quest quest, String requestId, boolean inPerson) {
    if (requestId == null) {
      return take(c, playerId, quest, null, inPerson);
    }
    return c.tx
        .preparedQuery(QuestsSql.BY_REQUEST)
        .execute(Tuple.of(playerId, requestId))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return take(c, playerId, quest, requestId, inPerson);
              }
              return rows.iterator().next().getString("quest").equals(quest.id())
                  ? Future.succeededFuture()
                  : Refusal.fail(
                      Failures.CONFLICT,
                      "requestId " + requestId + " was already used for another quest");
            });
  }

  /**
   * Takes {@code quest} for the player: where its giver stands ({@code inPerson}) unless a script
   * starts it, in a season it is offered, once while open and never after it was completed.
   */
  private Future<Void> take(
      Change c, long playerId, Quest quest, String requestId, boolean inPerson) {
    return c.tx
        .preparedQuery(QuestsSql.TOWN_OF)
        .execute(Tuple.of(playerId))
        .compose(
            loc -> {
              if (loc.size() == 0) {
                return Refusal.<Void>fail(Failures.CONFLICT, "create a character first");
              }
              String town = townOf(loc);
              if (inPerson && !quest.giverTown().equals(town)) {
                return Refusal.<Void>fail(
                    Failures.CONFLICT,
                    quest.giverName()
                        + " offers "
                        + quest.name()
                        + " in "
                        + townName(quest.giverTown())
                        + where(town));
              }
              if (!quest.offeredIn(c.season)) {
                return Refusal.<Void>fail(
                    Failures.CONFLICT,
                    quest.name() + " is offered only in " + String.join(" and ", quest.seasons()));
              }
              Long due = quest.hours() == 0 ? null : c.minute + quest.hours() * 60L;
              return c.tx
                  .preparedQuery(QuestsSql.STANDING)
                  .execute(Tuple.of(playerId, quest.id()))
                  .compose(
                      standing ->
                          standing.size() > 0
                              ? Future.succeededFuture(false)
                              : c.tx
                                  .preparedQuery(QuestsSql.TAKE)
                                  .execute(
                                      Tuple.tuple(
                                          Arrays.asList(
                                              playerId, quest.id(), c.minute, due, requestId)))
                                  // None back: another take of the same quest won a race.
                                  .map(rows -> rows.size() > 0))
                  .compose(
                      taken -> {
                        if (!taken) {
                          return alreadyTaken(c, playerId, quest);
                        }
                        c.tell(quest, playerId, "accepted", 0, new JsonObject());
                        return c.notice(
                            playerId,
                            0,
                            "quest",
                            "You take up "
                                + quest.name()
                                + " for "
                                + quest.giverName()
                                + ". "
                                + quest.steps().get(0).text()
                                + (due == null ? "" : " You have " + quest.hours() + " hours."),
                            new JsonObject().put("quest", quest.id()).put("step", 0));
                      });
            });
  }

  private static Future<Void> alreadyTaken(Change c, long playerId, Quest quest) {
    return c.tx
        .preparedQuery(QuestsSql.STANDING)
        .execute(Tuple.of(playerId, quest.id()))
        .compose(
            rows ->
                Refusal.fail(
                    Failures.CONFLICT,
                    rows.size() > 0 && "completed".equals(rows.iterator().next().getString("state"))
                        ? "you have done " + quest.name() + " already"
                        : "you are on " + quest.name() + " already"));
  }

  /** A retried hand-in (the same request id) hands nothing over again. */
  Future<Document> handIn(QuestsContract.Take request) {
    long playerId = request.playerId();
    return known(request.quest())
        .compose(
            quest ->
                change(
                    c ->
                        (request.requestId() == null
                                ? Future.succeededFuture(true)
                                : c.tx
                                    .preparedQuery(QuestsSql.CLAIM_HAND_IN)
                                    .execute(Tuple.of(playerId, request.requestId(), quest.id()))
                                    .map(rows -> rows.size() > 0))
                            .compose(
                                fresh ->
                                    fresh
                                        ? handOver(c, playerId, quest)
                                        : Future.succeededFuture())))
        .compose(v -> mine(playerId));
  }

  private Future<Void> handOver(Change c, long playerId, Quest quest) {
    return openQuest(c, playerId, quest)
        .compose(
            r -> {
              Step step = quest.steps().get(r.getInteger("step"));
              if (step.kind() != Kind.DELIVER) {
                return Refusal.<Void>fail(
                    Failures.CONFLICT, "nothing to hand in yet: " + step.text());
              }
              return c.tx
                  .preparedQuery(QuestsSql.TOWN_OF)
                  .execute(Tuple.of(playerId))
                  .compose(
                      loc ->
                          step.town().equals(townOf(loc))
                              ? Ledger.balance(c.tx, Ledger.player(playerId), step.good())
                              : Refusal.<Long>fail(
                                  Failures.CONFLICT,
                                  "hand it in at " + townName(step.town()) + where(townOf(loc))))
                  .compose(
                      held ->
                          held < step.quantity()
                              ? Refusal.<Void>fail(
                                  Failures.CONFLICT,
                                  step.text()
                                      + ": you carry "
                                      + held
                                      + " of the "
                                      + step.quantity()
                                      + " "
                                      + step.good())
                              : Ledger.transfer(
                                  c.tx,
                                  Ledger.player(playerId),
                                  Ledger.WORLD,
                                  step.good(),
                                  step.quantity(),
                                  "handed in for the quest " + quest.id()))
                  .compose(v -> advance(c, r, quest, new JsonObject()));
            });
  }

  /** The player's open row of {@code quest}, locked, or "you are not on it". */
  private static Future<Row> openQuest(Change c, long playerId, Quest quest) {
    return c.tx
        .preparedQuery(QuestsSql.LOCK_OPEN)
        .execute(Tuple.of(playerId, quest.id()))
        .compose(
            rows ->
                rows.size() == 0
                    ? Refusal.fail(Failures.NOT_FOUND, "you are not on " + quest.name())
                    : Future.succeededFuture(rows.iterator().next()));
  }

  Future<Document> abandon(QuestsContract.Take request) {
    long playerId = request.playerId();
    return known(request.quest())
        .compose(
            quest ->
                change(
                    c ->
                        openQuest(c, playerId, quest)
                            .compose(
                                r ->
                                    c.tx
                                        .preparedQuery(QuestsSql.END)
                                        .execute(
                                            Tuple.of(
                                                playerId,
                                                quest.id(),
                                                "abandoned",
                                                c.minute,
                                                "given up")))
                            .compose(
                                v -> {
                                  c.tell(quest, playerId, "abandoned", -1, new JsonObject());
                                  return c.notice(
                                      playerId,
                                      0,
                                      "quest",
                                      "You give up " + quest.name() + ".",
                                      new JsonObject().put("quest", quest.id()));
                                })))
        .compose(v -> mine(playerId));
  }

  // ---- progress ----

  /**
   * Moves a quest past its current step (which is done): to the next one, or to its end and its
   * reward. {@code deed} is what finished the step (a journey's details), for its script.
   */
  private Future<Void> advance(Change c, Row r, Quest quest, JsonObject deed) {
    long playerId = r.getLong("player_id");
    int done = r.getInteger("step");
    JsonObject withDeed = new JsonObject().put("deed", deed);
    c.tell(quest, playerId, "step", done, withDeed);
    if (done + 1 < quest.steps().size()) {
      Step next = quest.steps().get(done + 1);
      return c.tx
          .preparedQuery(QuestsSql.NEXT_STEP)
          .execute(Tuple.of(r.getLong("id"), c.minute))
          .compose(
              v ->
                  c.notice(
                      playerId,
                      0,
                      "quest",
                      quest.name()
                          + ": "
                          + quest.steps().get(done).text()
                          + " — done. Next: "
                          + next.text(),
                      new JsonObject().put("quest", quest.id()).put("step", done + 1)));
    }
    c.tell(quest, playerId, "completed", done, withDeed);
    return c.tx
        .preparedQuery(QuestsSql.COMPLETE)
        .execute(Tuple.of(r.getLong("id"), c.minute))
        .compose(v -> reward(c, r.getLong("id"), playerId, quest));
  }

  /**
   * Pays a completed quest's reward from its pot for the day; if the pot cannot cover it, the quest
   * stays owed and is paid on a later day ({@link #hourly}).
   */
  private Future<Void> reward(Change c, long progressId, long playerId, Quest quest) {
    Quests.Reward r = quest.reward();
    return draw(c, quest, r.coin(), r.xp())
        .compose(
            drawn ->
                drawn
                    ? pay(
                            c,
                            playerId,
                            quest,
                            r.coin(),
                            r.xp(),
                            "reward",
                            "You complete "
                                + quest.name()
                                + ". "
                                + quest.giverName()
                                + " gives you "
                                + (r.coin() > 0 ? Money.format(r.coin()) + " and " : "")
                                + r.xp()
                                + " experience.")
                        .compose(
                            v ->
                                c.tx
                                    .preparedQuery(QuestsSql.REWARDED)
                                    .execute(Tuple.of(progressId))
                                    .<Void>mapEmpty())
                    : c.notice(
                        playerId,
                        0,
                        "quest",
                        "You complete "
                            + quest.name()
                            + ", but "
                            + quest.giverName()
                            + " has paid out all there is to give today: your reward follows on"
                            + " another day.",
                        new JsonObject().put("quest", quest.id()).put("owed", true)));
  }

  /** Draws coin and experience from the quest's pot for the day; false if it cannot. */
  private static Future<Boolean> draw(Change c, Quest quest, long coin, long xp) {
    long day = Math.floorDiv(c.minute, MINUTES_PER_DAY);
    return c.tx
        .preparedQuery(QuestsSql.OPEN_POT)
        .execute(Tuple.of(quest.id(), day))
        .compose(v -> c.tx.preparedQuery(QuestsSql.LOCK_POT).execute(Tuple.of(quest.id(), day)))
        .compose(
            rows -> {
              Row pot = rows.iterator().next();
              if (pot.getLong("coin") + coin > quest.potPerDay().coin()
                  || pot.getLong("xp") + xp > quest.potPerDay().xp()) {
                return Future.succeededFuture(false);
              }
              return c.tx
                  .preparedQuery(QuestsSql.DRAW_POT)
                  .execute(Tuple.of(quest.id(), day, coin, xp))
                  .map(true);
            });
  }

  /** Coin from {@code world} through the ledger, and the notice with its experience. */
  private static Future<Void> pay(
      Change c, long playerId, Quest quest, long coin, long xp, String kind, String text) {
    Future<Void> paid =
        coin == 0
            ? Future.succeededFuture()
            : Ledger.transfer(
                c.tx,
                Ledger.WORLD,
                Ledger.player(playerId),
                Ledger.COIN,
                coin,
                Quests.paidReason(quest.id(), kind));
    return paid.compose(
        v ->
            c.notice(
                playerId,
                xp,
                kind,
                text,
                new JsonObject().put("quest", quest.id()).put("coin", coin)));
  }

  /**
   * A deed was done: the player's open quests whose step a journey or a shift finishes are checked
   * against what the player verticle kept.
   */
  Future<Void> check(long playerId) {
    // Most deeds are done by players on no quest: one read says so, without a transaction.
    return pool.preparedQuery(QuestsSql.ON_A_QUEST)
        .execute(Tuple.of(playerId))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture() : checkOpen(playerId));
  }

  private Future<Void> checkOpen(long playerId) {
    return change(
        c ->
            c.tx
                .preparedQuery(QuestsSql.LOCK_OPEN_OF_PLAYER)
                .execute(Tuple.of(playerId))
                .compose(
                    rows -> {
                      Future<Void> chain = Future.succeededFuture();
                      for (Row r : rows) {
                        Quest quest = quests.get(r.getString("quest")).orElse(null);
                        if (quest != null) {
                          chain = chain.compose(v -> checkStep(c, r, quest));
                        }
                      }
                      return chain;
                    }));
  }

  private Future<Void> checkStep(Change c, Row r, Quest quest) {
    Step step = quest.steps().get(r.getInteger("step"));
    long playerId = r.getLong("player_id");
    long since = r.getLong("step_started_at");
    return switch (step.kind()) {
      case TRAVEL ->
          c.tx
              .preparedQuery(QuestsSql.JOURNEY_SINCE)
              .execute(Tuple.of(playerId, since, step.from(), step.to()))
              .compose(
                  rows ->
                      rows.size() == 0
                          ? Future.succeededFuture()
                          : advance(c, r, quest, rows.iterator().next().getJsonObject("details")));
      case WORK ->
          c.tx
              .preparedQuery(QuestsSql.HOURS_WORKED_SINCE)
              .execute(Tuple.of(playerId, since, step.town(), step.job()))
              .compose(
                  rows -> {
                    int worked = rows.iterator().next().getInteger("hours");
                    return worked < step.hours()
                        ? Future.succeededFuture()
                        : advance(
                            c,
                            r,
                            quest,
                            new JsonObject().put("hours", worked).put("job", step.job()));
                  });
      default -> Future.succeededFuture();
    };
  }

  /** Every player with an open quest, checked (at start: deeds done while nobody listened). */
  Future<Void> checkAll() {
    return pool.query(QuestsSql.PLAYERS_ON_QUESTS)
        .execute()
        .compose(
            rows -> {
              Future<Void> chain = Future.succeededFuture();
              for (Row r : rows) {
                long playerId = r.getLong("player_id");
                chain = chain.compose(v -> check(playerId));
              }
              return chain;
            });
  }

  // ---- the hour: time limits, owed rewards ----

  void onTick(long gameMinutes) {
    hours.offer(Math.floorDiv(gameMinutes, 60L), gameMinutes);
  }

  /** A stepped clock's job said it is done with a minute. */
  void jobDone(ClockContract.JobDone done) {
    if (!done.job().equals(ClockContract.Jobs.ACTIVITIES)
        || done.minute() <= activitiesDoneThrough) {
      return;
    }
    activitiesDoneThrough = done.minute();
    waitingForActivities.removeIf(
        w -> {
          if (w.getKey() <= activitiesDoneThrough) {
            w.getValue().complete();
            return true;
          }
          return false;
        });
  }

  /** On a stepped clock, once the activities of {@code minute} are settled; else now. */
  private Future<Void> afterActivities(long minute) {
    if (!replies.clockStepped() || activitiesDoneThrough >= minute) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    waitingForActivities.add(Map.entry(minute, p));
    return p.future();
  }

  private Future<Void> hourly(long hour) {
    return afterActivities(hour * 60).compose(v -> hourlyChange(hour));
  }

  private Future<Void> hourlyChange(long hour) {
    return change(
        hour * 60,
        null,
        c ->
            c.tx
                .preparedQuery(QuestsSql.EXPIRE)
                .execute(Tuple.of(c.minute))
                .compose(
                    rows -> {
                      Future<Void> chain = Future.succeededFuture();
                      for (Row r : rows) {
                        Quest quest = quests.get(r.getString("quest")).orElse(null);
                        if (quest != null) {
                          long playerId = r.getLong("player_id");
                          c.tell(
                              quest,
                              playerId,
                              "failed",
                              -1,
                              new JsonObject().put("why", "out of time"));
                          chain =
                              chain.compose(
                                  v ->
                                      c.notice(
                                          playerId,
                                          0,
                                          "quest",
                                          "Time is up: " + quest.name() + " has failed.",
                                          new JsonObject().put("quest", quest.id())));
                        }
                      }
                      return chain;
                    })
                .compose(v -> payOwed(c)));
  }

  /** Completed quests whose pot was empty, paid now if today's pot allows, oldest first. */
  private Future<Void> payOwed(Change c) {
    return c.tx
        .preparedQuery(QuestsSql.OWED)
        .execute()
        .compose(
            rows -> {
              Future<Void> chain = Future.succeededFuture();
              for (Row r : rows) {
                Quest quest = quests.get(r.getString("quest")).orElse(null);
                if (quest != null) {
                  chain =
                      chain.compose(v -> reward(c, r.getLong("id"), r.getLong("player_id"), quest));
                }
              }
              return chain;
            });
  }

  // ---- what scripts ask ----

  /** A script's gift from the pot of the quest that names it; false if the pot is spent. */
  Future<Boolean> gift(Quest quest, long playerId, long coin, long xp, String text) {
    return change(
        c ->
            draw(c, quest, coin, xp)
                .compose(
                    drawn ->
                        drawn
                            ? pay(c, playerId, quest, coin, xp, "gift", text).map(true)
                            : Future.succeededFuture(false)));
  }

  /** A script finishes the current step of a player's quest, if that step is the script's. */
  Future<Boolean> advanceByScript(Quest quest, long playerId) {
    return change(
        c ->
            c.tx
                .preparedQuery(QuestsSql.LOCK_OPEN)
                .execute(Tuple.of(playerId, quest.id()))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.succeededFuture(false);
                      }
                      Row r = rows.iterator().next();
                      return quest.steps().get(r.getInteger("step")).kind() != Kind.SCRIPT
                          ? Future.succeededFuture(false)
                          : advance(c, r, quest, new JsonObject()).map(true);
                    }));
  }

  /** A script starts a quest for a player wherever they stand. */
  Future<Void> startByScript(Quest quest, long playerId) {
    return change(c -> take(c, playerId, quest, null, false));
  }

  /** A script fails a quest for one player, or for everyone on it ({@code playerId} null). */
  Future<Integer> failByScript(Quest quest, Long playerId, String why) {
    return change(
        c ->
            c.tx
                .preparedQuery(QuestsSql.FAIL_OPEN)
                .execute(Tuple.tuple(Arrays.asList(quest.id(), playerId, c.minute, why)))
                .compose(
                    rows -> {
                      Future<Void> chain = Future.succeededFuture();
                      for (Row r : rows) {
                        long who = r.getLong("player_id");
                        chain =
                            chain.compose(
                                v ->
                                    c.notice(
                                        who,
                                        0,
                                        "quest",
                                        quest.name() + " has failed: " + why,
                                        new JsonObject().put("quest", quest.id())));
                      }
                      return chain.map(rows.rowCount());
                    }));
  }

  // ---- notices to the player verticle ----

  /**
   * Sends every kept notice to the player verticle until it takes it (it applies each id once); one
   * pass at a time, another after it if more were kept meanwhile.
   */
  void flushAwards() {
    if (flushing) {
      flushAgain = true;
      return;
    }
    flushing = true;
    flushAgain = false;
    // Counted until this pass has ended and started the next one, if any, so that the count never
    // falls to nothing between passes.
    Promise<Void> pass = Promise.promise();
    settling.track(pass.future());
    replies
        .track(
            pool.query(QuestsSql.UNSENT_AWARDS)
                .execute()
                .compose(
                    rows -> {
                      Future<Void> chain = Future.succeededFuture();
                      for (Row r : rows) {
                        chain = chain.compose(v -> send(r));
                      }
                      // A full batch may have left more behind it.
                      return chain.map(rows.size() == QuestsSql.AWARDS_PER_BATCH);
                    }))
        .onComplete(
            done -> {
              flushing = false;
              if (done.failed()) {
                LOG.warn(
                    "Quest notices not all sent ({}); sent again with the next change or at start",
                    done.cause().getMessage());
              } else if (flushAgain || done.result()) {
                flushAwards();
              }
              pass.complete();
            });
  }

  private Future<Void> send(Row r) {
    long id = r.getLong("id");
    PlayerContract.Award award =
        new PlayerContract.Award(
            "quest-award:" + id,
            r.getLong("xp"),
            new PlayerContract.Notice(
                r.getLong("player_id"),
                r.getLong("game_minutes"),
                r.getString("kind"),
                r.getString("text"),
                r.getJsonObject("data")));
    return UntilTaken.send(
            vertx,
            () -> PlayerContract.AWARD.request(vertx, award, busTimeoutMillis),
            10 * 60_000L,
            LOG,
            "Quest notice " + id)
        .<Void>mapEmpty()
        .recover(
            err -> {
              if (Failures.httpStatus(err) == Failures.UNAVAILABLE) {
                return Future.failedFuture(err); // sent again later, in order
              }
              // Refused for good (it cannot become right by sending it again): said, and not let
              // stand in front of the notices after it.
              LOG.error(
                  "Quest notice {} for player {} refused by the player verticle, not sent again: {}",
                  id,
                  award.notice().playerId(),
                  err.getMessage());
              return Future.succeededFuture();
            })
        .compose(v -> pool.preparedQuery(QuestsSql.AWARD_SENT).execute(Tuple.of(id)).mapEmpty());
  }

  private static JsonObject happened(Quest quest, long playerId, String event, int step) {
    return new JsonObject()
        .put("quest", quest.id())
        .put("playerId", playerId)
        .put("event", event)
        .put("step", step);
  }

  private String where(String town) {
    return town == null ? "; you are on the road" : "; you are in " + townName(town);
  }

  private String townName(String id) {
    return map.town(id).map(WorldData.Town::name).orElse(id);
  }
}
