package io.wayfarer.events;

/**
 * Every statement the events verticle runs. It owns world_events (created by migration V6, when the
 * NPC verticle still kept the events; V11 records the new owner).
 */
final class EventsSql {
  private EventsSql() {}

  static final String INSERT_EVENT =
      "INSERT INTO world_events (type, name, town, severity, starts_at, ends_at, text, effects, source, raised_by)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *";

  /** A town's proclamation: none when its cause has raised one already. */
  static final String INSERT_PROCLAIMED =
      "INSERT INTO world_events (type, name, town, severity, starts_at, ends_at, text, effects, source, raised_by, cause)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'town', $9, $10)"
          + " ON CONFLICT (cause) WHERE cause IS NOT NULL DO NOTHING RETURNING *";

  static final String BY_CAUSE = "SELECT * FROM world_events WHERE cause = $1";

  static final String OPEN_EVENTS = "SELECT * FROM world_events WHERE NOT ended ORDER BY id";

  /** An event whose time is over; only the first of two enders gets the row back. */
  static final String END_EVENT =
      "UPDATE world_events SET ended = true WHERE id = $1 AND NOT ended RETURNING *";

  /**
   * An event an admin ends at game minute $2 (kept after its start, as the table requires); only
   * the first of two enders gets the row back.
   */
  static final String END_EVENT_NOW =
      "UPDATE world_events SET ended = true, ends_at = GREATEST(starts_at + 1, LEAST(ends_at, $2))"
          + " WHERE id = $1 AND NOT ended RETURNING *";

  /** An event in force given a new end ($2, game minutes, after its start). */
  static final String RESCHEDULE =
      "UPDATE world_events SET ends_at = GREATEST(starts_at + 1, $2) WHERE id = $1 AND NOT ended RETURNING *";

  static final String RECENT_EVENTS = "SELECT * FROM world_events ORDER BY id DESC LIMIT 20";
}
