package io.wayfarer.player;

/**
 * Every statement the player verticle runs. It owns accounts, sessions, auth_attempts, characters,
 * activities, notices and admin_grants.
 */
final class PlayerSql {
  private PlayerSql() {}

  // Accounts
  static final String INSERT_ACCOUNT =
      "INSERT INTO accounts (username, username_key, password_hash, role) VALUES ($1, lower($1), $2, $3)"
          + " ON CONFLICT (username_key) DO NOTHING RETURNING id";
  static final String ACCOUNT_BY_NAME =
      "SELECT id, username, password_hash, role, banned_until > now() AS banned,"
          + " to_char(banned_until AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"') AS banned_until, ban_reason"
          + " FROM accounts WHERE username_key = lower($1)";

  // Moderation
  /**
   * Accounts whose username or character's name holds $1 (a LIKE pattern), with $2 online minutes.
   */
  static final String FIND_PLAYERS =
      "SELECT a.id, a.username, a.role, c.name, c.town,"
          + " CASE WHEN a.banned_until > now() THEN to_char(a.banned_until AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') END AS banned_until,"
          + " EXISTS (SELECT 1 FROM sessions s WHERE s.account_id = a.id AND s.revoked_at IS NULL"
          + " AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => $2)) AS online"
          + " FROM accounts a LEFT JOIN characters c ON c.account_id = a.id"
          + " WHERE a.username_key LIKE $1 ESCAPE '\\' OR c.name_key LIKE $1 ESCAPE '\\'"
          + " ORDER BY a.username_key LIMIT 50";

  static final String ACCOUNT_STANDING =
      "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS created_at,"
          + " CASE WHEN banned_until > now() THEN to_char(banned_until AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') END AS banned_until,"
          + " CASE WHEN banned_until > now() THEN ban_reason END AS ban_reason,"
          + " CASE WHEN banned_until > now() THEN banned_by END AS banned_by,"
          + " (SELECT count(*) FROM sessions s WHERE s.account_id = accounts.id AND s.revoked_at IS NULL AND s.expires_at > now()) AS sessions"
          + " FROM accounts WHERE id = $1";
  static final String REVOKE_ALL_SESSIONS =
      "UPDATE sessions SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL RETURNING token_hash";
  static final String BAN =
      "UPDATE accounts SET banned_until = now() + make_interval(hours => $2), ban_reason = $3, banned_by = $4"
          + " WHERE id = $1 AND role <> 'admin'"
          + " RETURNING to_char(banned_until AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS banned_until";
  static final String UNBAN =
      "UPDATE accounts SET banned_until = NULL, ban_reason = NULL, banned_by = NULL WHERE id = $1 RETURNING id";
  static final String ROLE_OF = "SELECT role FROM accounts WHERE id = $1";
  static final String GRANT_CLAIM =
      "INSERT INTO admin_grants (request_id, account_id, asset, amount, reason, granted_by)"
          + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING request_id";
  static final String GRANT_BY_REQUEST =
      "SELECT account_id, asset, amount FROM admin_grants WHERE request_id = $1";
  static final String ACCOUNT_BY_ID =
      "SELECT id, username, role, created_at FROM accounts WHERE id = $1";
  static final String MAKE_ADMIN = "UPDATE accounts SET role = 'admin' WHERE id = $1";

  // Throttling
  static final String COUNT_ATTEMPTS =
      "SELECT count(*) FROM auth_attempts WHERE key = $1 AND at > now() - make_interval(mins => $2)";
  static final String RECORD_ATTEMPT = "INSERT INTO auth_attempts (key) VALUES ($1)";

  /**
   * A login attempt, counted against its name and address, its name, and its address before the
   * password is checked.
   */
  static final String RECORD_LOGIN =
      "INSERT INTO auth_attempts (key) VALUES ($1), ($2), ($3) RETURNING id";

  static final String COUNT_LOGINS =
      "SELECT count(*) FILTER (WHERE key = $1) AS by_pair, count(*) FILTER (WHERE key = $2) AS by_name,"
          + " count(*) FILTER (WHERE key = $3) AS by_address"
          + " FROM auth_attempts WHERE key IN ($1, $2, $3) AND at > now() - make_interval(mins => $4)";

  /** A login that succeeded was no failure: its attempt is forgotten. */
  static final String FORGET_ATTEMPT = "DELETE FROM auth_attempts WHERE id = ANY($1)";

  static final String FORGET_OLD_ATTEMPTS =
      "DELETE FROM auth_attempts WHERE at < now() - make_interval(mins => $1)";

  // Sessions
  static final String INSERT_SESSION =
      "INSERT INTO sessions (token_hash, account_id, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3))"
          + " RETURNING (extract(epoch FROM expires_at) * 1000)::bigint AS expires_ms";
  static final String RESOLVE_SESSION =
      "SELECT s.account_id, a.username, a.role, (extract(epoch FROM s.expires_at) * 1000)::bigint AS expires_ms"
          + " FROM sessions s JOIN accounts a ON a.id = s.account_id"
          + " WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()"
          + " AND s.last_seen_at > now() - make_interval(mins => $2)";
  static final String TOUCH_SESSION =
      "UPDATE sessions SET last_seen_at = now() WHERE token_hash = $1 AND revoked_at IS NULL";

  /**
   * Sessions still alive, touched because a page holds a socket open with them: what comes back is
   * alive; any other is over (revoked, expired, idle) and its sockets are closed.
   */
  static final String TOUCH_SESSIONS =
      "UPDATE sessions SET last_seen_at = now() WHERE token_hash = ANY($1) AND revoked_at IS NULL"
          + " AND expires_at > now() AND last_seen_at > now() - make_interval(mins => $2) RETURNING token_hash";

  static final String REVOKE_SESSION =
      "UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL RETURNING account_id";

  // Characters
  static final String INSERT_CHARACTER =
      "WITH made AS (INSERT INTO characters (account_id, name, name_key, class, str, dex, con, int, wis, cha, rolls,"
          + " max_hp, hp, town, created_minute)"
          + " VALUES ($1, $2, lower($2), $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13)"
          + " ON CONFLICT DO NOTHING RETURNING id, hp, max_hp, created_minute),"
          + " kept AS (INSERT INTO character_hit_points (character_id, game_minute, hp, max_hp)"
          + " SELECT id, created_minute, hp, max_hp FROM made)"
          + " SELECT id FROM made";
  static final String CHARACTER_BY_ACCOUNT =
      "SELECT id, account_id, name, class, str, dex, con, int, wis, cha, rolls, max_hp, hp, xp, level, town FROM characters WHERE account_id = $1";
  static final String LOCK_CHARACTER = CHARACTER_BY_ACCOUNT + " FOR UPDATE";
  static final String CHARACTER_BY_ID =
      "SELECT id, account_id, name, class, str, dex, con, int, wis, cha, rolls, max_hp, hp, xp, level, town FROM characters WHERE id = $1 FOR UPDATE";
  static final String SET_TOWN = "UPDATE characters SET town = $2 WHERE id = $1";

  // A character's past, from its activities' game minutes (WhereaboutsAt).
  static final String CHARACTER_OF =
      "SELECT id, town, created_minute FROM characters WHERE account_id = $1";

  static final String ACTIVITY_UNDER_WAY =
      "SELECT kind, ends_at, details->>'from' AS from_town, details->>'to' AS to_town"
          + " FROM activities WHERE character_id = $1 AND started_at <= $2 AND ends_at > $2"
          + " ORDER BY started_at DESC, id DESC LIMIT 1";

  static final String LAST_JOURNEY_BY =
      "SELECT details->>'to' AS to_town FROM activities"
          + " WHERE character_id = $1 AND kind = 'travel' AND ends_at <= $2"
          + " ORDER BY started_at DESC, id DESC LIMIT 1";

  static final String EXPERIENCE_AT =
      "SELECT COALESCE(sum(xp), 0)::bigint FROM experience_awards"
          + " WHERE account_id = $1 AND COALESCE(game_minute, -1) <= $2";

  static final String NEXT_JOURNEY_AFTER =
      "SELECT details->>'from' AS from_town FROM activities"
          + " WHERE character_id = $1 AND kind = 'travel' AND started_at > $2"
          + " ORDER BY started_at, id LIMIT 1";

  /** A character's hit points from a game minute ($3), kept in their history as well. */
  static final String SET_HP =
      "WITH set AS (UPDATE characters SET hp = $2 WHERE id = $1 RETURNING id, hp, max_hp)"
          + " INSERT INTO character_hit_points (character_id, game_minute, hp, max_hp)"
          + " SELECT id, $3, hp, max_hp FROM set";

  /** A character's hit points at a game minute: the last change by then. */
  static final String HIT_POINTS_AT =
      "SELECT h.hp, h.max_hp FROM character_hit_points h JOIN characters c ON c.id = h.character_id"
          + " WHERE c.account_id = $1 AND h.game_minute <= $2 ORDER BY h.game_minute DESC, h.id DESC"
          + " LIMIT 1";

  // Experience
  /** An award's id, claimed once: a row back means it is new. */
  static final String CLAIM_AWARD =
      "INSERT INTO experience_awards (id, account_id, xp, game_minute) VALUES ($1, $2, $3, $4)"
          + " ON CONFLICT DO NOTHING RETURNING id";

  /**
   * Experience, level and hit points from a game minute ($6), the hit points kept in their history.
   */
  static final String SET_EXPERIENCE =
      "WITH set AS (UPDATE characters SET xp = $2, level = $3, max_hp = $4, hp = $5 WHERE id = $1"
          + " RETURNING id, hp, max_hp)"
          + " INSERT INTO character_hit_points (character_id, game_minute, hp, max_hp)"
          + " SELECT id, $6, hp, max_hp FROM set";

  /** The first statement of a read that must see one moment of the database. */
  static final String SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";

  /** The town a player's character stands in, if any (its presence changes at login and logout). */
  static final String TOWN_OF_PLAYER = "SELECT town FROM characters WHERE account_id = $1";

  // Activities
  static final String OPEN_ACTIVITY =
      "SELECT id, kind, started_at, ends_at, details FROM activities WHERE character_id = $1 AND NOT done";
  static final String INSERT_ACTIVITY =
      "INSERT INTO activities (character_id, kind, started_at, ends_at, encounter_at, details, request_id)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
  static final String ACTIVITY_BY_REQUEST =
      "SELECT id, kind, started_at, ends_at, details FROM activities WHERE character_id = $1 AND request_id = $2";
  static final String DUE_ACTIVITIES =
      "SELECT id FROM activities WHERE NOT done AND (ends_at <= $1 OR (encounter_at <= $1 AND NOT encounter_done))"
          + " ORDER BY LEAST(ends_at, COALESCE(encounter_at, ends_at)), id LIMIT 500";
  static final String LOCK_ACTIVITY =
      "SELECT id, character_id, kind, started_at, ends_at, encounter_at, encounter_done, details FROM activities"
          + " WHERE id = $1 AND NOT done FOR UPDATE SKIP LOCKED";
  static final String ENCOUNTER_DONE =
      "UPDATE activities SET encounter_done = true, details = $2 WHERE id = $1";
  static final String FINISH_ACTIVITY =
      "UPDATE activities SET done = true, details = $2 WHERE id = $1";

  // Notices
  static final String INSERT_NOTICE =
      "INSERT INTO notices (account_id, game_minutes, kind, text, data) VALUES ($1, $2, $3, $4, $5) RETURNING id";

  /** The same notice for every character in town {@code $1}. */
  static final String INSERT_TOWN_NOTICE =
      "INSERT INTO notices (account_id, game_minutes, kind, text, data) SELECT account_id, $2, $3, $4, '{}'::jsonb FROM characters WHERE town = $1 RETURNING id, account_id";

  static final String RECENT_NOTICES =
      "SELECT id, game_minutes, kind, text, data FROM notices WHERE account_id = $1 ORDER BY id DESC LIMIT 30";
}
