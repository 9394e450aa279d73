package io.wayfarer.social;

/**
 * Every statement the social verticle runs. It owns chat_lines, chat_ignores, chat_mutes,
 * chat_reports, moderation_log and trade_offers, and reads the player verticle's
 * character_locations and account_activity views.
 */
final class SocialSql {
  private SocialSql() {}

  private static final String LINE_COLUMNS =
      "id, channel, town, player_id, name, text, emote, to_char(at AT TIME ZONE 'UTC',"
          + " 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS at";

  // Presence: a player is online while a valid session of theirs was used in the last $N minutes
  // (an HTTP request, or an open page that the gateway touches each minute).
  private static final String PRESENCE_COLUMNS =
      "SELECT c.town, c.name, COALESCE(a.active_at > now() - make_interval(mins => $N), false)"
          + " AS online, to_char(a.last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI\"Z\"')"
          + " AS last_seen FROM character_locations c LEFT JOIN account_activity a"
          + " ON a.player_id = c.player_id";

  static final String PRESENCE =
      PRESENCE_COLUMNS.replace("$N", "$1") + " WHERE c.town IS NOT NULL ORDER BY c.town, c.name";
  static final String PRESENT_IN =
      PRESENCE_COLUMNS.replace("$N", "$2") + " WHERE c.town = ANY($1) ORDER BY c.town, c.name";

  /** Players online in the world: in a town, on the road, or not yet with a character. */
  static final String ONLINE_COUNT =
      "SELECT count(*) FROM account_activity WHERE active_at > now() - make_interval(mins => $1)";

  /** The speaker's character and any mute in force. */
  static final String SPEAKER =
      "SELECT c.name, c.town, m.until, m.reason,"
          + " to_char(m.until AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS until_text"
          + " FROM character_locations c LEFT JOIN chat_mutes m"
          + " ON m.player_id = c.player_id AND m.until > now() WHERE c.player_id = $1";

  static final String CHARACTER_BY_NAME =
      "SELECT player_id, name FROM character_locations WHERE name_key = lower($1)";

  /** A line; a request id already used by this player gets nothing back (see LINE_BY_REQUEST). */
  static final String INSERT_LINE =
      "INSERT INTO chat_lines (channel, town, player_id, name, text, emote, request_id)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (player_id, request_id) DO NOTHING"
          + " RETURNING "
          + LINE_COLUMNS;

  static final String LINE_BY_REQUEST =
      "SELECT " + LINE_COLUMNS + " FROM chat_lines WHERE player_id = $1 AND request_id = $2";

  /** The newest lines of a town before a line (all when $2 is NULL), newest first. */
  static final String TOWN_LINES =
      "SELECT "
          + LINE_COLUMNS
          + " FROM chat_lines WHERE channel = 'town' AND town = $1"
          + " AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3";

  /** An account's latest lines anywhere (town and whispers): what an admin reads before acting. */
  static final String LINES_OF =
      "SELECT " + LINE_COLUMNS + " FROM chat_lines WHERE player_id = $1 ORDER BY id DESC LIMIT 30";

  static final String LINE = "SELECT " + LINE_COLUMNS + " FROM chat_lines WHERE id = $1";

  /** A line and the ten before and after it in the same place: a report's evidence. */
  static final String AROUND =
      "(SELECT "
          + LINE_COLUMNS
          + " FROM chat_lines WHERE channel = $1 AND town IS NOT DISTINCT FROM $2 AND id < $3"
          + " ORDER BY id DESC LIMIT 10)"
          + " UNION ALL (SELECT "
          + LINE_COLUMNS
          + " FROM chat_lines WHERE channel = $1 AND town IS NOT DISTINCT FROM $2 AND id >= $3"
          + " ORDER BY id LIMIT 11) ORDER BY id";

  static final String IGNORES =
      "SELECT ignored_id, name FROM chat_ignores WHERE player_id = $1 ORDER BY name";

  static final String IGNORES_ME =
      "SELECT 1 FROM chat_ignores WHERE player_id = $1 AND ignored_id = $2";

  static final String IGNORE =
      "INSERT INTO chat_ignores (player_id, ignored_id, name) VALUES ($1, $2, $3)"
          + " ON CONFLICT (player_id, ignored_id) DO UPDATE SET name = EXCLUDED.name";

  static final String UNIGNORE =
      "DELETE FROM chat_ignores WHERE player_id = $1 AND ignored_id = $2";

  static final String REPORT =
      "INSERT INTO chat_reports (reporter_id, line_id, reason, evidence) VALUES ($1, $2, $3, $4)"
          + " ON CONFLICT (reporter_id, line_id) DO NOTHING RETURNING id";

  static final String REPORTS =
      "SELECT r.id, r.line_id, r.reason, r.evidence, c.name AS reporter,"
          + " to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS at"
          + " FROM chat_reports r LEFT JOIN character_locations c ON c.player_id = r.reporter_id"
          + " ORDER BY r.id DESC LIMIT 50";

  static final String MUTE =
      "INSERT INTO chat_mutes (player_id, until, reason, muted_by)"
          + " VALUES ($1, now() + make_interval(mins => $2), $3, $4)"
          + " ON CONFLICT (player_id) DO UPDATE SET until = EXCLUDED.until, reason = EXCLUDED.reason,"
          + " muted_by = EXCLUDED.muted_by, at = now()"
          + " RETURNING to_char(until AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS until";

  static final String UNMUTE = "DELETE FROM chat_mutes WHERE player_id = $1";

  static final String LOG =
      "INSERT INTO moderation_log (actor, action, target, reason, detail) VALUES ($1, $2, $3, $4, $5)";

  // ---- offers ----

  private static final String OFFER_WITH_NAMES =
      "SELECT o.*, f.name AS from_name, t.name AS to_name FROM trade_offers o"
          + " LEFT JOIN character_locations f ON f.player_id = o.from_id"
          + " LEFT JOIN character_locations t ON t.player_id = o.to_id";

  /** An offer; the same request id again from the same player gets nothing back (BY_REQUEST). */
  static final String INSERT =
      "INSERT INTO trade_offers"
          + " (from_id, to_id, town, gives, wants, expires_at, request_id, created_minute)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (from_id, request_id) DO NOTHING"
          + " RETURNING *";

  static final String BY_REQUEST =
      "SELECT * FROM trade_offers WHERE from_id = $1 AND request_id = $2";

  /**
   * The offer's row, first in every transaction that ends it: one ends it, the others see it ended.
   */
  static final String LOCK = "SELECT * FROM trade_offers WHERE id = $1 FOR UPDATE";

  static final String CLOSE =
      "UPDATE trade_offers SET status = $2, closed_at = now(), closed_minute = $3 WHERE id = $1"
          + " RETURNING *";

  /**
   * Where two players' characters stand, locked against leaving while an offer is made or taken.
   */
  static final String TOWNS =
      "SELECT player_id, town FROM character_locations WHERE player_id IN ($1, $2)"
          + " ORDER BY player_id FOR SHARE";

  static final String WITH_NAMES = OFFER_WITH_NAMES + " WHERE o.id = $1";

  /** A player's open offers and those that ended in the last day, newest first. */
  static final String OF_PLAYER =
      OFFER_WITH_NAMES
          + " WHERE (o.from_id = $1 OR o.to_id = $1)"
          + " AND (o.status = 'open' OR o.closed_at > now() - interval '1 day') ORDER BY o.id DESC LIMIT 50";

  /**
   * Open offers a game day old (at game minute $1), or whose players are not both in their town.
   */
  static final String TO_END =
      "SELECT o.id, o.expires_at FROM trade_offers o"
          + " LEFT JOIN character_locations f ON f.player_id = o.from_id"
          + " LEFT JOIN character_locations t ON t.player_id = o.to_id"
          + " WHERE o.status = 'open' AND (o.expires_at <= $1 OR f.town IS DISTINCT FROM o.town"
          + " OR t.town IS DISTINCT FROM o.town) ORDER BY o.id";
}
