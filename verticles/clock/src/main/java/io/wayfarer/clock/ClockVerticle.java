package io.wayfarer.clock;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Replies;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.config.ConfigException;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.infra.SingleInstance;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.world.Calendar;
import io.wayfarer.shared.world.World;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The world's heartbeat. Publishes {@link ClockContract#TICKS} every game minute, announces phase
 * and season changes, answers {@link ClockContract#NOW}, obeys the admin commands, and keeps its
 * state in PostgreSQL so that a restart resumes the same world time. Game rules live in {@link
 * WorldClock} and {@link Calendar}.
 *
 * <p>Which minute it is comes from real time and the scale ({@link Pace}), never from counting the
 * timer's firings, so no load can slow the world: a held-up clock announces late, and the minutes
 * that came meanwhile as one tick. A minute is saved before it is announced, so a restart (even
 * after {@code kill -9}) never announces a minute twice: it resumes after the last one announced.
 * If PostgreSQL cannot take a save, the minutes wait and are announced once it can. Every change of
 * state (ticks, admin commands) goes through one queue, so saves reach the database in the order
 * the world lived them.
 *
 * <p>Exactly one clock runs against a database: a second refuses to start ({@link SingleInstance}).
 */
public class ClockVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ClockVerticle.class);

  private Pool pool;
  private WorldClock clock;
  private Replies replies;
  private long timerId = -1;

  /** Which minute real time says it is; the timer only says when to look. */
  private final Pace pace = new Pace();

  /**
   * Game minutes that real time has brought and that are not announced yet (saved first, then
   * announced).
   */
  private long dueMinutes;

  private boolean catchingUp;
  private boolean saveFailing;
  private Future<?> queue = Future.succeededFuture();
  private SingleInstance single;

  /**
   * A stepped clock ({@code clock.stepped}, for simulations): no real time; the next minute is
   * announced as soon as every clock-driven job ({@link ClockContract.Jobs}) is done with the last,
   * so no hour's work is ever skipped and the world runs as fast as its work allows.
   */
  private boolean stepped;

  /** For a stepped clock: the jobs it waits for, every world's and those configured. */
  private List<String> waitsFor = ClockContract.Jobs.ALL;

  /** For a stepped clock: the newest minute each job is done with. */
  private final Map<String, Long> jobsDone = new HashMap<>();

  private boolean stepping;
  private long waitingSince;

  /**
   * For a stepped clock, where its real time goes: when the minute it is at was announced, the job
   * that said last that it was done with it (and when), and the totals.
   */
  private long announcedNanos;

  private String lastJob;
  private long lastJobNanos;
  private long minutesStepped;
  private long announcingNanos;
  private final Map<String, Long> heldNanos = new TreeMap<>();

  /**
   * For a stepped clock: the minute it pauses itself at (0: none), so a run ends where it should.
   */
  private long stepUntil;

  @Override
  public Future<?> start() {
    JsonObject conf = config().getJsonObject("clock");
    stepped = conf.getBoolean("stepped", false);
    long steppedMinutes = conf.getLong("steppedMinutes", 0L);
    List<String> also = new ArrayList<>();
    for (Object job : conf.getJsonArray("steppedAlsoWaitsFor", new JsonArray())) {
      if (!ClockContract.Jobs.OPTIONAL.contains(job)) {
        return Future.failedFuture(
            new ConfigException(
                "clock.steppedAlsoWaitsFor: '"
                    + job
                    + "' is not one of "
                    + ClockContract.Jobs.OPTIONAL));
      }
      also.add((String) job);
    }
    List<String> jobs = new ArrayList<>(ClockContract.Jobs.ALL);
    jobs.addAll(also);
    waitsFor = List.copyOf(jobs);
    pool = Clients.pgPool(vertx, config());
    replies = new Replies(vertx, "clock", config());
    return Db.reachable(vertx, pool, config(), "clock")
        .compose(v -> SingleInstance.claim(vertx, pool, "clock"))
        .onSuccess(lock -> single = lock)
        .compose(v -> World.load(vertx, config()))
        .compose(world -> loadClock(world.calendar(), conf))
        .compose(
            loaded -> {
              clock = loaded;
              stepUntil = steppedMinutes > 0 ? clock.gameMinutes() + steppedMinutes : 0;
              ClockContract.TIME.serve(replies, none -> Future.succeededFuture(clock.now()));
              ClockContract.PAUSE.serve(replies, none -> change(() -> pauseOrResume(true)));
              ClockContract.RESUME.serve(replies, none -> change(() -> pauseOrResume(false)));
              ClockContract.SCALE.serve(replies, this::scale);
              ClockContract.ADVANCE.serve(replies, this::advance);
              ClockContract.STEPPING.serve(replies, none -> Future.succeededFuture(stepping()));
              if (stepped) {
                ClockContract.JOB_DONE.listen(replies, this::jobDone);
                vertx.setPeriodic(1000, id -> remind());
              }
              return replies.ready();
            })
        .compose(v -> save(clock.gameMinutes(), clock.paused()))
        .onSuccess(
            v -> {
              LOG.info(
                  "Clock at {} ({} s per game hour{})",
                  clock.now().toJson().encode(),
                  clock.secondsPerGameHour(),
                  clock.paused() ? ", paused" : "");
              schedule(true);
            });
    // A refused start leaves no connections open: Vert.x closes the pool this verticle made when it
    // rolls the start
    // back. Closing it here as well raced that close inside the pool and could leave the rollback
    // hanging.
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timerId);
    timerId = -1;
    // Every minute announced is already saved: what is left is to let queued changes finish.
    return replies
        .stop()
        .compose(v -> queue.transform(ar -> Future.succeededFuture()))
        .eventually(() -> single == null ? Future.succeededFuture() : single.release())
        .eventually(pool::close);
  }

  private Future<WorldClock> loadClock(Calendar calendar, JsonObject conf) {
    long seed = conf.getLong("weatherSeed");
    double scale = conf.getDouble("secondsPerGameHour");
    return pool.preparedQuery(ClockSql.LOAD)
        .execute()
        .map(
            rows -> {
              if (rows.size() == 0) {
                LOG.info("No saved world time: the world begins at the calendar's epoch");
                return new WorldClock(calendar, seed, calendar.epoch(), false, scale);
              }
              Row row = rows.iterator().next();
              WorldClock c =
                  new WorldClock(
                      calendar, seed, row.getLong("game_minutes"), row.getBoolean("paused"), scale);
              if (!conf.getBoolean("ignoreDowntime")) {
                long caughtUp = c.minutesIn(row.getLong("millis_since_save"));
                c.advance(caughtUp);
                LOG.info("Catching up {} game minutes of downtime", caughtUp);
              }
              return c;
            });
  }

  /**
   * Looks again when the next game minute begins; {@code restart} (a start, a resume, a new scale)
   * anchors real time to the minute the world is at.
   */
  private void schedule(boolean restart) {
    vertx.cancelTimer(timerId);
    if (stepped) {
      step();
      return;
    }
    if (clock.paused()) {
      timerId = -1;
      return;
    }
    long now = System.nanoTime();
    if (restart) {
      pace.anchor(now, clock.gameMinutes() + dueMinutes, clock.millisPerGameMinute());
    }
    timerId = vertx.setTimer(pace.millisUntilNext(now), id -> onTick());
  }

  /**
   * The minutes due are those real time has brought, counted from the anchor, not from the timer's
   * firings: a late timer (a starved thread, a long collection) makes a tick late, never time slow.
   */
  private void onTick() {
    dueMinutes = Math.max(dueMinutes, pace.minuteAt(System.nanoTime()) - clock.gameMinutes());
    if (!catchingUp) {
      catchingUp = true;
      change(this::announceDue).onComplete(ar -> catchingUp = false);
    }
    schedule(false);
  }

  /** A job is done with the ticks up to a minute: the next minute may be due. */
  private void jobDone(ClockContract.JobDone done) {
    long at = clock.gameMinutes();
    if (jobsDone.getOrDefault(done.job(), Long.MIN_VALUE) < at && done.minute() >= at) {
      lastJob = done.job();
      lastJobNanos = System.nanoTime();
    }
    jobsDone.merge(done.job(), done.minute(), Math::max);
    step();
  }

  private ClockContract.Stepping stepping() {
    Map<String, Double> held = new LinkedHashMap<>();
    heldNanos.forEach((job, nanos) -> held.put(job, Math.round(nanos / 1e6) / 1e3));
    return new ClockContract.Stepping(
        minutesStepped, Math.round(announcingNanos / 1e6) / 1e3, held);
  }

  /** A stepped clock announces the next minute once every job is done with the one it is at. */
  private void step() {
    if (stepping || clock.paused() || !single.held()) {
      return;
    }
    long at = clock.gameMinutes();
    if (!waitsFor.stream().allMatch(job -> jobsDone.getOrDefault(job, Long.MIN_VALUE) >= at)) {
      return;
    }
    if (stepUntil > 0 && at >= stepUntil) {
      // The run is over once every job is done with its last minute: paused (and saved so) there.
      stepping = true;
      change(() -> pauseOrResume(true))
          .onComplete(
              ar -> {
                stepping = false;
                LOG.info("The stepped clock paused itself at minute {}, as configured", at);
              });
      return;
    }
    stepping = true;
    long started = System.nanoTime();
    if (lastJob != null && announcedNanos > 0) {
      // The minute waited for its last job from its announcement until that job said it was done.
      heldNanos.merge(lastJob, Math.max(0, lastJobNanos - announcedNanos), Long::sum);
    }
    lastJob = null;
    waitingSince = started;
    dueMinutes = 1;
    change(this::announceDue)
        .onComplete(
            ar -> {
              stepping = false;
              announcedNanos = System.nanoTime();
              announcingNanos += announcedNanos - started;
              if (clock.gameMinutes() > at) {
                minutesStepped++;
              }
              step();
            });
  }

  /**
   * While a stepped clock waits, the minute it is at is told again every second: a job that started
   * after it was announced (or a clock that started at a saved minute) hears it and says when it is
   * done. A wait of ten seconds names who it waits for.
   */
  private void remind() {
    if (stepping || clock.paused()) {
      return;
    }
    long at = clock.gameMinutes();
    ClockContract.CLOCK.publish(vertx.eventBus(), clock.now());
    if (waitingSince == 0) {
      waitingSince = System.nanoTime();
    }
    if (System.nanoTime() - waitingSince > 10_000_000_000L) {
      waitingSince = System.nanoTime();
      LOG.warn(
          "The stepped clock waits at minute {} for {}",
          at,
          waitsFor.stream()
              .filter(job -> jobsDone.getOrDefault(job, Long.MIN_VALUE) < at)
              .toList());
    }
  }

  /** Saves the minutes real time has brought, then announces each of them in order. */
  private Future<Void> announceDue() {
    long n = dueMinutes;
    if (n == 0 || clock.paused()) {
      dueMinutes = 0;
      return Future.succeededFuture();
    }
    if (!single.held()) {
      // PostgreSQL came back without this clock's lock yet: no minute is announced until it is ours
      // again.
      return Future.succeededFuture();
    }
    long target = clock.gameMinutes() + n;
    return save(target, false)
        .transform(
            ar -> {
              if (ar.failed()) {
                if (!saveFailing) {
                  saveFailing = true;
                  LOG.warn(
                      "The clock cannot save minute {} ({}): minutes wait until PostgreSQL takes them, then are announced in order",
                      target,
                      ar.cause().getMessage());
                }
                return Future.succeededFuture();
              }
              if (saveFailing) {
                saveFailing = false;
                LOG.info("The clock saves again; announcing the {} minutes that waited", n);
              }
              dueMinutes -= n;
              // Minutes that came together (the clock was held up) are announced as one tick: the
              // listeners want the time it is, not a burst of the times it was.
              publish(n == 1 ? clock.tick() : clock.advance(n));
              closeTheBooks(target, n);
              return Future.succeededFuture();
            });
  }

  /**
   * An hour after each midnight, the ledger's checkpoint at that midnight ({@link
   * Ledger#checkpoint}): by then every entry the clock stamped with an earlier minute is written
   * (on a stepped clock every job has said it is done with those minutes). A replay starts from it.
   * It runs beside the ticks, never holding them up; a failure is logged, and the next day's is
   * made from the one before it.
   */
  private void closeTheBooks(long now, long minutesAnnounced) {
    long midnight = Math.floorDiv(now - 60, 1440) * 1440;
    if (now - minutesAnnounced >= midnight + 60) {
      return;
    }
    Ledger.checkpoint(pool, midnight)
        .onSuccess(
            made -> {
              if (made) {
                LOG.debug("Ledger checkpoint made at game minute {}", midnight);
              }
            })
        .onFailure(
            err -> LOG.warn("The ledger checkpoint at game minute {} failed", midnight, err));
  }

  private void publish(WorldClock.Step step) {
    EventBus bus = vertx.eventBus();
    ClockContract.CLOCK.publish(bus, step.time());
    step.phaseChange().ifPresent(c -> ClockContract.PHASE.publish(bus, c));
    step.seasonChange().ifPresent(c -> ClockContract.SEASON.publish(bus, c));
  }

  /**
   * Runs a change of the clock's state after those before it; answers with the world time after it.
   */
  private Future<WorldTime> change(Supplier<Future<?>> work) {
    Future<WorldTime> done = queue.transform(ar -> work.get()).map(v -> clock.now());
    queue = done.transform(ar -> Future.succeededFuture());
    return done;
  }

  private Future<Void> save(long minutes, boolean paused) {
    return pool.preparedQuery(ClockSql.SAVE).execute(Tuple.of(minutes, paused)).mapEmpty();
  }

  /**
   * Saved first: a pause an admin was told about holds across a restart. Minutes due before a pause
   * are dropped.
   */
  private Future<Void> pauseOrResume(boolean pause) {
    return save(clock.gameMinutes(), pause)
        .map(
            v -> {
              if (pause) {
                clock.pause();
                dueMinutes = 0;
              } else {
                clock.resume();
              }
              schedule(true);
              LOG.info(
                  "Clock {} by an admin at minute {}",
                  pause ? "paused" : "resumed",
                  clock.gameMinutes());
              return null;
            });
  }

  private Future<WorldTime> scale(ClockContract.Scale request) {
    // The scale is configuration, not saved state: nothing to save before it takes effect.
    return change(
        () -> {
          clock.scale(request.secondsPerGameHour());
          schedule(true);
          LOG.info("Clock scale set by an admin to {} s per game hour", clock.secondsPerGameHour());
          return Future.succeededFuture();
        });
  }

  private Future<WorldTime> advance(ClockContract.Advance request) {
    long minutes = request.minutes();
    // A jump, saved before it is announced: the world moves only if the save took.
    return change(
        () ->
            save(clock.gameMinutes() + minutes, clock.paused())
                .map(
                    v -> {
                      publish(clock.advance(minutes));
                      pace.shift(minutes);
                      LOG.info(
                          "Clock advanced by an admin {} minutes to minute {}",
                          minutes,
                          clock.gameMinutes());
                      return null;
                    }));
  }
}
