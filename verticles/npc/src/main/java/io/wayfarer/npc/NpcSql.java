package io.wayfarer.npc;

/** Every statement the NPC verticle runs. It owns npc_snapshot. */
final class NpcSql {
  private NpcSql() {}

  static final String SAVE_SNAPSHOT =
      "INSERT INTO npc_snapshot (id, game_hour, population, seed, places, accumulated, caravans) VALUES (1, $1, $2, $3, $4, $5, $6)"
          + " ON CONFLICT (id) DO UPDATE SET game_hour = EXCLUDED.game_hour, population = EXCLUDED.population, seed = EXCLUDED.seed,"
          + " places = EXCLUDED.places, accumulated = EXCLUDED.accumulated, caravans = EXCLUDED.caravans, saved_at = now()";
  static final String LOAD_SNAPSHOT = "SELECT * FROM npc_snapshot WHERE id = 1";
}
