package io.wayfarer.market;

/**
 * Every statement the market runs. It owns market_trades, price_history, market_seeded,
 * market_hours and supply_batches.
 */
final class MarketSql {
  private MarketSql() {}

  static final String SEED_CLAIM =
      "INSERT INTO market_seeded (town, good) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING town";
  static final String HOUR_CLAIM =
      "INSERT INTO market_hours (town, game_hour) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING town";

  /** The player's own view of where characters stand, locked so a departure waits for the trade. */
  static final String LOCATION =
      "SELECT town FROM character_locations WHERE player_id = $1 FOR SHARE";

  static final String TRADE_BY_REQUEST =
      "SELECT * FROM market_trades WHERE player_id = $1 AND request_id = $2";
  static final String INSERT_TRADE =
      "INSERT INTO market_trades (player_id, request_id, side, town, good, qty, player_coin, market_coin, tax_coin, stock_after, game_minutes)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (player_id, request_id) DO NOTHING RETURNING id, created_at";
  static final String TRADES_OF =
      "SELECT * FROM market_trades WHERE player_id = $1 ORDER BY id DESC LIMIT 50";

  /** Claims a supply batch's id; no row back means it was taken before. */
  static final String SUPPLY_CLAIM =
      "INSERT INTO supply_batches (batch_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING batch_id";

  static final String SUPPLY_APPLIED = "UPDATE supply_batches SET applied = $2 WHERE batch_id = $1";
  static final String SUPPLY_TAKEN = "SELECT applied FROM supply_batches WHERE batch_id = $1";

  static final String INSERT_SAMPLE =
      "INSERT INTO price_history (town, good, game_hour, buy, sell, stock) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING";
  static final String HISTORY =
      "SELECT game_hour, buy::float8 AS buy, sell::float8 AS sell, stock FROM price_history"
          + " WHERE town = $1 AND good = $2 AND game_hour > $3 ORDER BY game_hour";
  static final String LAST_SAMPLES =
      "SELECT DISTINCT ON (good) good, buy::float8 AS buy FROM price_history WHERE town = $1 AND game_hour < $2 ORDER BY good, game_hour DESC";
}
