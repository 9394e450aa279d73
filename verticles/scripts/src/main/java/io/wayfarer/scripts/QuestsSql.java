package io.wayfarer.scripts;

/**
 * Every statement the scripts verticle runs. It owns quest_progress, quest_hand_ins, quest_pots and
 * quest_awards, and reads the player verticle's views character_locations and finished_activities.
 */
final class QuestsSql {
  private QuestsSql() {}

  static final String TOWN_OF = "SELECT town FROM character_locations WHERE player_id = $1";

  static final String PROGRESS_OF =
      "SELECT id, quest, state, step, step_started_at, accepted_at, due_at, finished_at, note, rewarded"
          + " FROM quest_progress WHERE player_id = $1 ORDER BY id DESC LIMIT 50";

  static final String BY_REQUEST =
      "SELECT id, quest FROM quest_progress WHERE player_id = $1 AND request_id = $2";

  /** A row back means taken; none means it is open or was completed already. */
  static final String TAKE =
      "INSERT INTO quest_progress (player_id, quest, state, step, step_started_at, accepted_at, due_at, request_id,"
          + " step_minutes) VALUES ($1, $2, 'active', 0, $3, $3, $4, $5, ARRAY[$3::bigint])"
          + " ON CONFLICT DO NOTHING RETURNING id";

  static final String STANDING =
      "SELECT state FROM quest_progress WHERE player_id = $1 AND quest = $2 AND state IN ('active', 'completed')";

  static final String LOCK_OPEN =
      "SELECT id, player_id, quest, step, step_started_at FROM quest_progress"
          + " WHERE player_id = $1 AND quest = $2 AND state = 'active' FOR UPDATE";

  static final String ON_A_QUEST =
      "SELECT 1 FROM quest_progress WHERE player_id = $1 AND state = 'active' LIMIT 1";

  static final String LOCK_OPEN_OF_PLAYER =
      "SELECT id, player_id, quest, step, step_started_at FROM quest_progress"
          + " WHERE player_id = $1 AND state = 'active' ORDER BY id FOR UPDATE";

  static final String NEXT_STEP =
      "UPDATE quest_progress SET step = step + 1, step_started_at = $2,"
          + " step_minutes = CASE WHEN step_minutes IS NOT NULL"
          + " THEN array_append(step_minutes, $2::bigint) END WHERE id = $1";

  static final String COMPLETE =
      "UPDATE quest_progress SET step = step + 1, state = 'completed', finished_at = $2 WHERE id = $1";

  static final String REWARDED = "UPDATE quest_progress SET rewarded = true WHERE id = $1";

  static final String END =
      "UPDATE quest_progress SET state = $3, finished_at = $4, note = $5"
          + " WHERE player_id = $1 AND quest = $2 AND state = 'active' RETURNING id";

  /** Every open one of a quest ($2 null) or one player's, failed by its script. */
  static final String FAIL_OPEN =
      "UPDATE quest_progress SET state = 'failed', finished_at = $3, note = $4"
          + " WHERE quest = $1 AND state = 'active' AND ($2::bigint IS NULL OR player_id = $2)"
          + " RETURNING player_id";

  static final String PLAYERS_ON_QUESTS =
      "SELECT DISTINCT player_id FROM quest_progress WHERE state = 'active'";

  static final String EXPIRE =
      "UPDATE quest_progress SET state = 'failed', finished_at = due_at, note = 'out of time'"
          + " WHERE state = 'active' AND due_at <= $1 RETURNING player_id, quest";

  static final String OWED =
      "SELECT id, player_id, quest FROM quest_progress WHERE state = 'completed' AND NOT rewarded"
          + " ORDER BY finished_at, id LIMIT 100 FOR UPDATE SKIP LOCKED";

  static final String CLAIM_HAND_IN =
      "INSERT INTO quest_hand_ins (player_id, request_id, quest) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING quest";

  // Deeds, from the player verticle's view: started within the step, finished.
  static final String JOURNEY_SINCE =
      "SELECT details FROM finished_activities WHERE player_id = $1 AND kind = 'travel' AND started_at >= $2"
          + " AND details->>'from' = $3 AND details->>'to' = $4 ORDER BY ends_at DESC LIMIT 1";

  static final String HOURS_WORKED_SINCE =
      "SELECT COALESCE(sum((details->>'hours')::int), 0) AS hours FROM finished_activities"
          + " WHERE player_id = $1 AND kind = 'work' AND started_at >= $2"
          + " AND details->>'town' = $3 AND details->>'job' = $4";

  // Pots
  static final String OPEN_POT =
      "INSERT INTO quest_pots (quest, game_day) VALUES ($1, $2) ON CONFLICT DO NOTHING";

  static final String LOCK_POT =
      "SELECT coin, xp FROM quest_pots WHERE quest = $1 AND game_day = $2 FOR UPDATE";

  static final String DRAW_POT =
      "UPDATE quest_pots SET coin = coin + $3, xp = xp + $4 WHERE quest = $1 AND game_day = $2";

  // Awards
  static final String KEEP_AWARD =
      "INSERT INTO quest_awards (player_id, xp, game_minutes, kind, text, data) VALUES ($1, $2, $3, $4, $5, $6)";

  static final int AWARDS_PER_BATCH = 200;

  static final String UNSENT_AWARDS =
      "SELECT id, player_id, xp, game_minutes, kind, text, data FROM quest_awards WHERE NOT sent ORDER BY id LIMIT "
          + AWARDS_PER_BATCH;

  static final String AWARD_SENT = "UPDATE quest_awards SET sent = true WHERE id = $1";
}
