package io.wayfarer.town;

/** Every statement the town verticle runs, by name (tables: V17__town.sql). */
final class TownSql {
  private TownSql() {}

  // ---- offices ----

  /** A town's first term: the steward's, ending at once so that the first election opens. */
  static final String FOUND_OFFICE =
      "INSERT INTO town_offices (town, term_from, term_until) VALUES ($1, $2, $2) ON CONFLICT (town) DO NOTHING";

  static final String OFFICE = "SELECT * FROM town_offices WHERE town = $1";
  static final String OFFICE_FOR_UPDATE = "SELECT * FROM town_offices WHERE town = $1 FOR UPDATE";

  static final String NEW_TERM =
      "UPDATE town_offices SET mayor_id = $2, mayor_name = $3, council = $4, term_from = $5, term_until = $6,"
          + " election_id = $7 WHERE town = $1";

  // ---- citizens ----

  /** Characters that left a town stop being its residents. */
  static final String RESIDENTS_LEFT =
      "DELETE FROM town_residents r WHERE NOT EXISTS (SELECT 1 FROM character_locations c"
          + " WHERE c.player_id = r.player_id AND c.town = r.town)";

  /** Characters in a town they were not known to live in become residents from $1. */
  static final String RESIDENTS_ARRIVED =
      "INSERT INTO town_residents (player_id, town, since)"
          + " SELECT player_id, town, $1 FROM character_locations WHERE town IS NOT NULL"
          + " ON CONFLICT (player_id) DO UPDATE SET town = EXCLUDED.town, since = EXCLUDED.since"
          + " WHERE town_residents.town <> EXCLUDED.town";

  /**
   * Where $1's character stands and is called, since when it has lived there, and whether $1 owns a
   * house in $2.
   */
  static final String CITIZEN =
      "SELECT c.town, c.name, r.since,"
          + " EXISTS (SELECT 1 FROM house_owners h WHERE h.player_id = $1 AND h.town = $2) AS owns"
          + " FROM character_locations c LEFT JOIN town_residents r ON r.player_id = c.player_id AND r.town = c.town"
          + " WHERE c.player_id = $1";

  /** How many accounts are citizens of $1: resident since $2 or earlier, or ($3) house owners. */
  static final String CITIZENS =
      "SELECT count(*) AS n FROM (SELECT player_id FROM town_residents WHERE town = $1 AND since <= $2"
          + " UNION SELECT player_id FROM house_owners WHERE town = $1 AND $3) c";

  // ---- elections ----

  static final String OPEN_ELECTION =
      "SELECT * FROM town_elections WHERE town = $1 AND NOT counted";
  static final String ELECTION_FOR_UPDATE = "SELECT * FROM town_elections WHERE id = $1 FOR UPDATE";
  static final String LAST_ELECTION =
      "SELECT * FROM town_elections WHERE town = $1 AND counted ORDER BY id DESC LIMIT 1";
  static final String DUE_ELECTIONS =
      "SELECT id, town FROM town_elections WHERE NOT counted AND closes_at <= $1";

  static final String INSERT_ELECTION =
      "INSERT INTO town_elections (town, kind, candidacy_from, voting_from, closes_at) VALUES ($1, $2, $3, $4, $5)"
          + " ON CONFLICT (town) WHERE NOT counted DO NOTHING RETURNING id";

  static final String COUNTED =
      "UPDATE town_elections SET counted = true, result = $2 WHERE id = $1";

  static final String CANDIDATES =
      "SELECT * FROM town_candidates WHERE election_id = $1 ORDER BY declared_at, id";

  static final String DECLARE =
      "INSERT INTO town_candidates (election_id, player_id, name, statement, declared_at) VALUES ($1, $2, $3, $4, $5)"
          + " ON CONFLICT (election_id, player_id) DO UPDATE SET statement = EXCLUDED.statement RETURNING id";

  static final String CAST =
      "INSERT INTO town_ballots (election_id, player_id, ranking, cast_at) VALUES ($1, $2, $3, $4)"
          + " ON CONFLICT (election_id, player_id) DO UPDATE SET ranking = EXCLUDED.ranking, cast_at = EXCLUDED.cast_at";

  static final String BALLOTS = "SELECT ranking FROM town_ballots WHERE election_id = $1";
  static final String MY_BALLOT =
      "SELECT ranking FROM town_ballots WHERE election_id = $1 AND player_id = $2";
  static final String BALLOT_COUNT =
      "SELECT count(*) AS n FROM town_ballots WHERE election_id = $1";

  // ---- recall ----

  static final String SIGN =
      "INSERT INTO town_recalls (town, term_from, player_id, signed_at) VALUES ($1, $2, $3, $4)"
          + " ON CONFLICT DO NOTHING";
  static final String SIGNATURES =
      "SELECT count(*) AS n, bool_or(player_id = $3) AS mine FROM town_recalls WHERE town = $1 AND term_from = $2";

  // ---- rates ----

  static final String RATES = "SELECT * FROM town_rates ORDER BY id";
  static final String RATES_IN = "SELECT * FROM town_rates WHERE town = $1 ORDER BY id";
  static final String LAST_RATE =
      "SELECT * FROM town_rates WHERE town = $1 AND kind = $2 ORDER BY id DESC LIMIT 1";
  static final String INSERT_RATE =
      "INSERT INTO town_rates (town, kind, rate, announced_at, applies_from, set_by, request_id)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
  static final String RATE_BY_REQUEST =
      "SELECT id FROM town_rates WHERE town = $1 AND request_id = $2";

  // ---- decrees ----

  static final String INSERT_DECREE =
      "INSERT INTO town_decrees (town, kind, amount, cost, status, mayor_id, mayor_name, term_from, proposed_at,"
          + " vote_closes, starts_at, ends_at, request_id)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id";
  static final String DECREE_BY_REQUEST =
      "SELECT id, status, cost FROM town_decrees WHERE mayor_id = $1 AND request_id = $2";
  static final String DECREE_FOR_UPDATE = "SELECT * FROM town_decrees WHERE id = $1 FOR UPDATE";
  static final String DECREE_MADE =
      "UPDATE town_decrees SET status = $2, starts_at = $3, ends_at = $4 WHERE id = $1";
  static final String DUE_VOTES =
      "SELECT id FROM town_decrees WHERE status = 'voting' AND vote_closes <= $1";
  static final String DECREES_IN =
      "SELECT * FROM town_decrees WHERE town = $1 AND (status = 'voting' OR ends_at > $2) ORDER BY id DESC LIMIT 20";
  static final String SPENT_IN_TERM =
      "SELECT coalesce(sum(cost), 0) AS spent FROM town_decrees WHERE town = $1 AND term_from = $2"
          + " AND status IN ('voting', 'made')";
  static final String VOTE =
      "INSERT INTO town_decree_votes (decree_id, player_id, yes, cast_minute) VALUES ($1, $2, $3, $4)"
          + " ON CONFLICT (decree_id, player_id)"
          + " DO UPDATE SET yes = EXCLUDED.yes, cast_minute = EXCLUDED.cast_minute";
  static final String VOTES =
      "SELECT count(*) FILTER (WHERE yes) AS yes, count(*) FILTER (WHERE NOT yes) AS no"
          + " FROM town_decree_votes WHERE decree_id = $1";
  static final String SET_VOTES = "UPDATE town_decrees SET yes = $2, no = $3 WHERE id = $1";

  // ---- treasury ----

  /**
   * Stamps every ledger entry into or out of a treasury not yet listed. It looks back past the
   * newest listed entry, because ids are taken when a transaction writes and one that began earlier
   * may commit later; an entry listed already is left as it is.
   */
  static final String CATCH_UP =
      "INSERT INTO treasury_flows (entry_id, town, game_minutes, qty, other, cause)"
          + " SELECT e.id, substr(t.holder, 6), $2,"
          + " CASE WHEN e.to_holder = t.holder THEN e.qty ELSE -e.qty END,"
          + " CASE WHEN e.to_holder = t.holder THEN e.from_holder ELSE e.to_holder END, e.reason"
          + " FROM unnest($1::text[]) AS t(holder)"
          + " JOIN ledger_entries e ON (e.to_holder = t.holder OR e.from_holder = t.holder)"
          + " AND e.asset = 'coin'"
          + " AND e.id > (SELECT coalesce(max(entry_id), 0) - 10000 FROM treasury_flows)"
          + " ON CONFLICT (entry_id) DO NOTHING";

  static final String FLOWS =
      "SELECT * FROM treasury_flows WHERE town = $1 ORDER BY entry_id DESC LIMIT $2";
  static final String FLOW_TOTALS =
      "SELECT coalesce(sum(qty) FILTER (WHERE qty > 0), 0) AS inflow,"
          + " coalesce(-sum(qty) FILTER (WHERE qty < 0), 0) AS outflow, count(*) AS n"
          + " FROM treasury_flows WHERE town = $1";

  /**
   * Towns where a moment the hall shows passed in ($1, $2]: voting opened, a rate began to apply, a
   * decree ended.
   */
  static final String PASSED =
      "SELECT town FROM town_elections WHERE NOT counted AND voting_from > $1 AND voting_from <= $2"
          + " UNION SELECT town FROM town_rates WHERE applies_from > $1 AND applies_from <= $2"
          + " UNION SELECT town FROM town_decrees WHERE ends_at > $1 AND ends_at <= $2";

  // ---- news ----

  static final String NEWS =
      "INSERT INTO town_news (key, town, type, hours, text) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING";
  static final String UNSENT = "SELECT * FROM town_news WHERE NOT sent ORDER BY key LIMIT 50";
  static final String SENT = "UPDATE town_news SET sent = true WHERE key = $1";
}
