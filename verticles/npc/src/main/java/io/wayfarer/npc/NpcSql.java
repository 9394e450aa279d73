package io.wayfarer.npc;

/** Every statement the NPC verticle runs. It owns world_events and npc_snapshot. */
final class NpcSql {
  private NpcSql() {}

  static final String INSERT_EVENT =
      "INSERT INTO world_events (type, name, town, severity, starts_at, ends_at, text, effects, source, raised_by)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
  static final String OPEN_EVENTS = "SELECT * FROM world_events WHERE NOT ended ORDER BY id";
  static final String END_EVENT =
      "UPDATE world_events SET ended = true WHERE id = $1 AND NOT ended RETURNING id";
  static final String RECENT_EVENTS = "SELECT * FROM world_events ORDER BY id DESC LIMIT 20";

  static final String SAVE_SNAPSHOT =
      "INSERT INTO npc_snapshot (id, game_hour, population, seed, places, accumulated, caravans) VALUES (1, $1, $2, $3, $4, $5, $6)"
          + " ON CONFLICT (id) DO UPDATE SET game_hour = EXCLUDED.game_hour, population = EXCLUDED.population, seed = EXCLUDED.seed,"
          + " places = EXCLUDED.places, accumulated = EXCLUDED.accumulated, caravans = EXCLUDED.caravans, saved_at = now()";
  static final String LOAD_SNAPSHOT = "SELECT * FROM npc_snapshot WHERE id = 1";
}
