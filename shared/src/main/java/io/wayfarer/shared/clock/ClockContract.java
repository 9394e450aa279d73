package io.wayfarer.shared.clock;

import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.bus.Body;
import io.wayfarer.shared.bus.Topic;
import io.wayfarer.shared.bus.Topic.Audience;
import java.util.List;

/**
 * The clock's bus addresses and message shapes, declared once (ARCHITECTURE.md rule 2).
 *
 * <p>Public addresses ({@code world.*}) are published to everyone and bridged to browsers. Admin
 * addresses ({@code admin.*}) are requests that change the world; they are never bridged.
 */
public final class ClockContract {
  /**
   * The seasons and the kinds of weather a world has. The calendar names its seasons and weights its weather from
   * these, and every other world file (jobs, goods, schedules, events) refers to them by these names.
   */
  public static final List<String> SEASONS = List.of("spring", "summer", "autumn", "winter");
  public static final List<String> WEATHER = List.of("clear", "cloudy", "rain", "fog", "storm", "snow");

  /** Published every game minute: a {@link WorldTime}. Bridged to everyone. */
  public static final Topic<WorldTime> CLOCK = Topic.fixed("ticks", "world.clock", Audience.EVERYONE, WorldTime::fromJson,
      "the game time `{gameMinutes, year, month, day, hour, minute, season, phase, weather, …}`, every game minute");
  /** Published when the phase of day changes. Bridged to everyone. */
  public static final Topic<Change> PHASE = Topic.fixed("phase", "world.clock.phase", Audience.EVERYONE, Change::fromJson,
      "`{from, to, time}` when dawn, day, dusk or night begins");
  /** Published when the season changes. Bridged to everyone. */
  public static final Topic<Change> SEASON = Topic.fixed("season", "world.clock.season", Audience.EVERYONE, Change::fromJson,
      "`{from, to, time}` when a season begins");
  public static final String TICKS = CLOCK.address();
  public static final String PHASE_CHANGED = PHASE.address();
  public static final String SEASON_CHANGED = SEASON.address();
  /** Request, empty body: replies with the current {@link WorldTime}. */
  public static final String NOW = "clock.now";

  /** Admin request, empty body: stops time. Replies with the current {@link WorldTime}. */
  public static final String ADMIN_PAUSE = "admin.clock.pause";
  /** Admin request, empty body: lets time run again. Replies with the current {@link WorldTime}. */
  public static final String ADMIN_RESUME = "admin.clock.resume";
  /** Admin request {@code {secondsPerGameHour}}: sets the time scale. Replies with the current {@link WorldTime}. */
  public static final String ADMIN_SCALE = "admin.clock.scale";
  /** Admin request {@code {minutes}}: moves time forward. Replies with the new {@link WorldTime}. */
  public static final String ADMIN_ADVANCE = "admin.clock.advance";

  /** Upper bound for one advance: a year of a long calendar, so a typo can't fling the world into the future. */
  public static final long MAX_ADVANCE_MINUTES = 60L * 24 * 400;
  /** Bounds for the time scale: faster than 10 ms a game minute floods the bus; slower than a day an hour is a stop. */
  public static final double MIN_SECONDS_PER_GAME_HOUR = 0.6;
  public static final double MAX_SECONDS_PER_GAME_HOUR = 86_400;

  private ClockContract() {}

  /** The body of {@link #PHASE_CHANGED} and {@link #SEASON_CHANGED}. */
  public record Change(String from, String to, WorldTime time) implements Body {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("from", from).put("to", to).put("time", time.toJson());
    }

    public static Change fromJson(JsonObject json) {
      return new Change(json.getString("from"), json.getString("to"), WorldTime.fromJson(json.getJsonObject("time")));
    }
  }
}
