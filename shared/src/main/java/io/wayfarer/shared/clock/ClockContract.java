package io.wayfarer.shared.clock;

import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.bus.Body;
import io.wayfarer.shared.bus.Command;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.bus.Topic;
import io.wayfarer.shared.bus.Topic.Audience;
import io.wayfarer.shared.input.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The clock's bus addresses and message shapes, declared once (ARCHITECTURE.md rule 2).
 *
 * <p>Public addresses ({@code world.*}) are published to everyone and bridged to browsers. Admin
 * addresses ({@code admin.*}) are requests that change the world; they are never bridged.
 */
public final class ClockContract {
  /**
   * The seasons and the kinds of weather a world has. The calendar names its seasons and weights
   * its weather from these, and every other world file (jobs, goods, schedules, events) refers to
   * them by these names.
   */
  public static final List<String> SEASONS = List.of("spring", "summer", "autumn", "winter");

  public static final List<String> WEATHER =
      List.of("clear", "cloudy", "rain", "fog", "storm", "snow");

  /** Published every game minute: a {@link WorldTime}. Bridged to everyone. */
  public static final Topic<WorldTime> CLOCK =
      Topic.fixed(
              "ticks",
              "world.clock",
              Audience.EVERYONE,
              WorldTime::fromJson,
              "the game time `{gameMinutes, year, month, day, hour, minute, season, phase, weather, …}`, every game minute")
          .superseding();

  /** Published when the phase of day changes. Bridged to everyone. */
  public static final Topic<Change> PHASE =
      Topic.fixed(
          "phase",
          "world.clock.phase",
          Audience.EVERYONE,
          Change::fromJson,
          "`{from, to, time}` when dawn, day, dusk or night begins");

  /** Published when the season changes. Bridged to everyone. */
  public static final Topic<Change> SEASON =
      Topic.fixed(
          "season",
          "world.clock.season",
          Audience.EVERYONE,
          Change::fromJson,
          "`{from, to, time}` when a season begins");

  public static final String TICKS = CLOCK.address();
  public static final String PHASE_CHANGED = PHASE.address();
  public static final String SEASON_CHANGED = SEASON.address();

  /** The current {@link WorldTime}. */
  public static final Command<Empty, WorldTime> TIME =
      Command.read(
          "clock.now",
          Empty::fromJson,
          WorldTime::fromJson,
          null,
          "the world's time: date, hour, season, phase of day, weather");

  /** Admin, never bridged: stops time; replies with the current time. */
  public static final Command<Empty, WorldTime> PAUSE =
      Command.change("admin.clock.pause", Empty::fromJson, WorldTime::fromJson, null, "stops time");

  /** Admin, never bridged: lets time run again. */
  public static final Command<Empty, WorldTime> RESUME =
      Command.change(
          "admin.clock.resume", Empty::fromJson, WorldTime::fromJson, null, "lets time run again");

  /** Admin, never bridged: sets the time scale. */
  public static final Command<Scale, WorldTime> SCALE =
      Command.change(
          "admin.clock.scale",
          Scale::fromJson,
          WorldTime::fromJson,
          null,
          "sets how many real seconds a game hour takes");

  /** Admin, never bridged: moves time forward; replies with the new time. */
  public static final Command<Advance, WorldTime> ADVANCE =
      Command.change(
          "admin.clock.advance",
          Advance::fromJson,
          WorldTime::fromJson,
          null,
          "moves time forward");

  /**
   * Server only, never bridged: where a stepped clock's real time went, for a simulation's report
   * and benchmark; all zero on a clock that runs in real time.
   */
  public static final Command<Empty, Stepping> STEPPING =
      Command.read(
          "clock.stepping",
          Empty::fromJson,
          Stepping::fromJson,
          null,
          "a stepped clock's minutes so far and where their real time went");

  public static final String NOW = TIME.address();
  public static final String ADMIN_PAUSE = PAUSE.address();
  public static final String ADMIN_RESUME = RESUME.address();
  public static final String ADMIN_SCALE = SCALE.address();
  public static final String ADMIN_ADVANCE = ADVANCE.address();

  /**
   * Upper bound for one advance: a year of a long calendar, so a typo can't fling the world into
   * the future.
   */
  public static final long MAX_ADVANCE_MINUTES = 60L * 24 * 400;

  /**
   * Bounds for the time scale: faster than 10 ms a game minute floods the bus; slower than a day an
   * hour is a stop.
   */
  public static final double MIN_SECONDS_PER_GAME_HOUR = 0.6;

  public static final double MAX_SECONDS_PER_GAME_HOUR = 86_400;

  /**
   * Server only, never bridged: a clock-driven job ({@link Jobs}, run by {@code KeepNewest}) has
   * done all that the ticks up to {@code minute} asked of it. A stepped clock ({@code
   * clock.stepped}) announces the next minute only when every job has said so.
   */
  public static final Topic<JobDone> JOB_DONE =
      Topic.fixed(
          "jobDone",
          "clock.jobs.done",
          Audience.SERVER,
          JobDone::fromJson,
          "`{job, minute}`: a clock-driven job is done with the ticks up to that minute (a stepped clock waits for it)");

  /** {@code {job, minute}}. */
  public record JobDone(String job, long minute) implements Body {
    public static JobDone fromJson(JsonObject json) {
      return new JobDone(json.getString("job"), json.getLong("minute"));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("job", job).put("minute", minute);
    }
  }

  /**
   * Every job the clock drives, by the name it runs under (and says it is done as): a stepped clock
   * waits for all of them, so a world that runs stepped runs every verticle that has one.
   */
  public static final class Jobs {
    public static final String ACTIVITIES = "Settling activities at minute";
    public static final String MARKET_HOUR = "The market hour";
    public static final String NPC_HOUR = "NPC hour";
    public static final String EVENTS_HOUR = "Events hour";
    public static final String TOWN_HOUR = "Town hour";
    public static final String UPKEEP_HOUR = "Upkeep hour";
    public static final String OFFERS_HOUR = "Offers' hour";
    public static final String QUESTS_HOUR = "Quests' hour";

    public static final List<String> ALL =
        List.of(
            ACTIVITIES,
            MARKET_HOUR,
            NPC_HOUR,
            EVENTS_HOUR,
            TOWN_HOUR,
            UPKEEP_HOUR,
            OFFERS_HOUR,
            QUESTS_HOUR);

    /**
     * A simulation's scripted players ({@code --simulate}): their hour runs on each hour's 30th
     * minute, and a stepped clock waits for it only when {@code clock.steppedAlsoWaitsFor} names
     * it.
     */
    public static final String SCRIPTED_PLAYERS = "Scripted players' hour";

    /** The jobs {@code clock.steppedAlsoWaitsFor} may name: those not every world runs. */
    public static final List<String> OPTIONAL = List.of(SCRIPTED_PLAYERS);

    private Jobs() {}
  }

  private ClockContract() {}

  /**
   * {@code {secondsPerGameHour}}, from {@link #MIN_SECONDS_PER_GAME_HOUR} to {@link
   * #MAX_SECONDS_PER_GAME_HOUR}.
   */
  public record Scale(double secondsPerGameHour) implements Body {
    public static Scale fromJson(JsonObject json) {
      if (!(json.getValue("secondsPerGameHour") instanceof Number n)
          || !(n.doubleValue() >= MIN_SECONDS_PER_GAME_HOUR
              && n.doubleValue() <= MAX_SECONDS_PER_GAME_HOUR)) {
        throw Refusal.badInput(
            "secondsPerGameHour must be a number from "
                + MIN_SECONDS_PER_GAME_HOUR
                + " to "
                + MAX_SECONDS_PER_GAME_HOUR);
      }
      return new Scale(n.doubleValue());
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("secondsPerGameHour", secondsPerGameHour);
    }
  }

  /** {@code {minutes}}, from 1 to {@link #MAX_ADVANCE_MINUTES}. */
  public record Advance(long minutes) implements Body {
    public static final Field MINUTES = Field.whole("minutes", 1, MAX_ADVANCE_MINUTES);

    public static Advance fromJson(JsonObject json) {
      return new Advance(MINUTES.whole(json));
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("minutes", minutes);
    }
  }

  /**
   * A stepped clock's minutes announced so far; the real seconds it spent announcing them (saving
   * the minute, publishing the tick) and, for each job, the seconds the clock then waited on it
   * because it was the last to say it was done with a minute: the job that held the world up.
   */
  public record Stepping(long minutes, double announcingSeconds, Map<String, Double> heldSeconds)
      implements Body {
    public static Stepping fromJson(JsonObject json) {
      Map<String, Double> held = new LinkedHashMap<>();
      json.getJsonObject("heldSeconds", new JsonObject())
          .forEach(e -> held.put(e.getKey(), ((Number) e.getValue()).doubleValue()));
      return new Stepping(
          json.getLong("minutes", 0L), json.getDouble("announcingSeconds", 0.0), held);
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject()
          .put("minutes", minutes)
          .put("announcingSeconds", announcingSeconds)
          .put("heldSeconds", new JsonObject(new LinkedHashMap<>(heldSeconds)));
    }
  }

  /** The body of {@link #PHASE_CHANGED} and {@link #SEASON_CHANGED}. */
  public record Change(String from, String to, WorldTime time) implements Body {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("from", from).put("to", to).put("time", time.toJson());
    }

    public static Change fromJson(JsonObject json) {
      return new Change(
          json.getString("from"),
          json.getString("to"),
          WorldTime.fromJson(json.getJsonObject("time")));
    }
  }
}
