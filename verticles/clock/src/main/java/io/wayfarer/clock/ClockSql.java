package io.wayfarer.clock;

/** Every statement the clock runs; it owns the {@code clock_state} table and no other. */
final class ClockSql {
  static final String LOAD =
      "SELECT game_minutes, paused, (extract(epoch FROM now() - saved_at) * 1000)::bigint AS millis_since_save"
          + " FROM clock_state WHERE id = 1";
  static final String SAVE =
      "INSERT INTO clock_state (id, game_minutes, paused, saved_at) VALUES (1, $1, $2, now())"
          + " ON CONFLICT (id) DO UPDATE SET game_minutes = EXCLUDED.game_minutes, paused = EXCLUDED.paused,"
          + " saved_at = EXCLUDED.saved_at"
          // Time never runs backwards, even if a late save from a previous deployment lands after a
          // newer one.
          + " WHERE clock_state.game_minutes <= EXCLUDED.game_minutes";

  private ClockSql() {}
}
