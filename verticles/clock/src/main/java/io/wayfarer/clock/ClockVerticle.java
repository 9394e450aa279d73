package io.wayfarer.clock;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.config.WorldFiles;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.infra.SingleInstance;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The world's heartbeat. Publishes {@link ClockContract#TICKS} every game minute, announces phase and season
 * changes, answers {@link ClockContract#NOW}, obeys the admin commands, and keeps its state in PostgreSQL so
 * that a restart resumes the same world time. Game rules live in {@link WorldClock} and {@link Calendar}.
 *
 * <p>Exactly one clock runs against a database: a second refuses to start ({@link SingleInstance}).
 */
public class ClockVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ClockVerticle.class);
  /** Save at least this often while time runs, so a crash loses at most about a second of world time. */
  private static final long SAVE_EVERY_MILLIS = 1000;

  private Pool pool;
  private WorldClock clock;
  private long timerId = -1;
  private double nextTickAt;
  private long lastSavedAt;
  private Future<?> saving = Future.succeededFuture();
  private SingleInstance single;

  @Override
  public Future<?> start() {
    JsonObject conf = config().getJsonObject("clock");
    pool = Clients.pgPool(vertx, config());
    String calendarPath = conf.getString("calendar");
    return SingleInstance.claim(pool, "clock").onSuccess(lock -> single = lock)
        .compose(v -> WorldFiles.read(vertx, calendarPath))
        .map(json -> Calendar.fromJson(json, calendarPath))
        .compose(calendar -> loadClock(calendar, conf))
        .compose(loaded -> {
          clock = loaded;
          EventBus bus = vertx.eventBus();
          List<MessageConsumer<JsonObject>> consumers = List.of(
              bus.consumer(ClockContract.NOW, this::now),
              bus.consumer(ClockContract.ADMIN_PAUSE, this::pause),
              bus.consumer(ClockContract.ADMIN_RESUME, this::resume),
              bus.consumer(ClockContract.ADMIN_SCALE, this::scale),
              bus.consumer(ClockContract.ADMIN_ADVANCE, this::advance));
          return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
        })
        .compose(v -> save())
        .onSuccess(v -> {
          LOG.info("Clock at {} ({} s per game hour{})", clock.now().toJson().encode(), clock.secondsPerGameHour(),
              clock.paused() ? ", paused" : "");
          schedule(true);
        })
        // A refused start (a second clock) must not leave its connections open.
        .onFailure(err -> pool.close());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timerId);
    Future<?> last = clock == null ? Future.succeededFuture() : save();
    return last.eventually(() -> single == null ? Future.succeededFuture() : single.release()).eventually(pool::close);
  }

  private Future<WorldClock> loadClock(Calendar calendar, JsonObject conf) {
    long seed = conf.getLong("weatherSeed");
    double scale = conf.getDouble("secondsPerGameHour");
    return pool.preparedQuery(ClockSql.LOAD).execute().map(rows -> {
      if (rows.size() == 0) {
        LOG.info("No saved world time: the world begins at the calendar's epoch");
        return new WorldClock(calendar, seed, calendar.epoch(), false, scale);
      }
      Row row = rows.iterator().next();
      WorldClock c = new WorldClock(calendar, seed, row.getLong("game_minutes"), row.getBoolean("paused"), scale);
      if (!conf.getBoolean("ignoreDowntime")) {
        long caughtUp = c.minutesIn(row.getLong("millis_since_save"));
        c.advance(caughtUp);
        LOG.info("Catching up {} game minutes of downtime", caughtUp);
      }
      return c;
    });
  }

  private void schedule(boolean restart) {
    vertx.cancelTimer(timerId);
    if (clock.paused()) {
      timerId = -1;
      return;
    }
    double now = System.nanoTime() / 1e6;
    nextTickAt = restart ? now + clock.millisPerGameMinute() : nextTickAt + clock.millisPerGameMinute();
    if (nextTickAt < now - 1000) {
      // Far behind (a long GC or a stalled machine): don't race to catch up, just carry on from now.
      nextTickAt = now;
    }
    timerId = vertx.setTimer(Math.max(1, Math.round(nextTickAt - now)), id -> onTick());
  }

  private void onTick() {
    publish(clock.tick());
    if (System.currentTimeMillis() - lastSavedAt >= SAVE_EVERY_MILLIS) {
      save();
    }
    schedule(false);
  }

  private void publish(WorldClock.Step step) {
    EventBus bus = vertx.eventBus();
    bus.publish(ClockContract.TICKS, step.time().toJson());
    step.phaseChange().ifPresent(c -> bus.publish(ClockContract.PHASE_CHANGED, c.toJson()));
    step.seasonChange().ifPresent(c -> bus.publish(ClockContract.SEASON_CHANGED, c.toJson()));
  }

  /** Saves are chained so they reach the database in the order they were taken. */
  private Future<?> save() {
    long minutes = clock.gameMinutes();
    boolean paused = clock.paused();
    lastSavedAt = System.currentTimeMillis();
    saving = saving.eventually(() -> pool.preparedQuery(ClockSql.SAVE).execute(Tuple.of(minutes, paused))
        .onFailure(err -> LOG.warn("Could not save the clock at minute {}: {}", minutes, err.getMessage())));
    return saving;
  }

  private void now(Message<JsonObject> msg) {
    msg.reply(clock.now().toJson());
  }

  private void pause(Message<JsonObject> msg) {
    clock.pause();
    schedule(true);
    LOG.info("Clock paused by an admin at minute {}", clock.gameMinutes());
    replyAfterSave(msg);
  }

  private void resume(Message<JsonObject> msg) {
    clock.resume();
    schedule(true);
    LOG.info("Clock resumed by an admin at minute {}", clock.gameMinutes());
    replyAfterSave(msg);
  }

  private void scale(Message<JsonObject> msg) {
    Object value = msg.body() == null ? null : msg.body().getValue("secondsPerGameHour");
    if (!(value instanceof Number n) || !(n.doubleValue() >= ClockContract.MIN_SECONDS_PER_GAME_HOUR
        && n.doubleValue() <= ClockContract.MAX_SECONDS_PER_GAME_HOUR)) {
      msg.fail(Failures.BAD_REQUEST, "secondsPerGameHour must be a number from " + ClockContract.MIN_SECONDS_PER_GAME_HOUR
          + " to " + ClockContract.MAX_SECONDS_PER_GAME_HOUR);
      return;
    }
    clock.scale(n.doubleValue());
    schedule(true);
    LOG.info("Clock scale set by an admin to {} s per game hour", clock.secondsPerGameHour());
    replyAfterSave(msg);
  }

  private void advance(Message<JsonObject> msg) {
    Object value = msg.body() == null ? null : msg.body().getValue("minutes");
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 1
        || ((Number) value).longValue() > ClockContract.MAX_ADVANCE_MINUTES) {
      msg.fail(Failures.BAD_REQUEST, "minutes must be a whole number from 1 to " + ClockContract.MAX_ADVANCE_MINUTES);
      return;
    }
    WorldClock.Step step = clock.advance(((Number) value).longValue());
    publish(step);
    LOG.info("Clock advanced by an admin {} minutes to minute {}", value, clock.gameMinutes());
    replyAfterSave(msg);
  }

  /** Admin changes are saved before the reply, so an acknowledged change survives a crash. */
  private void replyAfterSave(Message<JsonObject> msg) {
    save().onComplete(ar -> {
      if (ar.succeeded()) {
        msg.reply(clock.now().toJson());
      } else {
        msg.fail(Failures.UNAVAILABLE, "the change was made but could not be saved: " + ar.cause().getMessage());
      }
    });
  }
}
