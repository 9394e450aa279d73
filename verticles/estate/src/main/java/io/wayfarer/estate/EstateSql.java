package io.wayfarer.estate;

/**
 * Every statement the estate verticle runs. It owns estate_titles, estate_ownership, estate_keys
 * and estate_moves, and reads the player verticle's character_locations view.
 */
final class EstateSql {
  private EstateSql() {}

  /** One player's estate steps at a time (two purchases side by side could pass the cap). */
  static final String LOCK_PLAYER =
      "SELECT pg_advisory_xact_lock(hashtext('estate:' || $1::bigint))";

  /** Where a player's character stands, held so it cannot leave while the step commits. */
  static final String WHERE =
      "SELECT name, town FROM character_locations WHERE player_id = $1 FOR SHARE";

  static final String CHARACTER_BY_NAME =
      "SELECT player_id, name FROM character_locations WHERE name_key = lower($1)";

  static final String TITLES_IN =
      "SELECT t.plot_id, t.owner_id, c.name AS owner FROM estate_titles t"
          + " LEFT JOIN character_locations c ON c.player_id = t.owner_id WHERE t.town = $1";

  static final String COUNT_OWNED = "SELECT count(*) FROM estate_titles WHERE owner_id = $1";

  /** A title; a request id already used by this buyer gets nothing back (see TITLE_BY_REQUEST). */
  static final String INSERT_TITLE =
      "INSERT INTO estate_titles (plot_id, town, owner_id, price, bought_at, request_id, charged_week)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING plot_id";

  static final String TITLE_BY_REQUEST =
      "SELECT plot_id FROM estate_titles WHERE owner_id = $1 AND request_id = $2";

  /**
   * A house's title, held until the step commits: a title passed on, or a key taken back (which
   * locks the title first), waits for the step and then applies to every later one.
   */
  static final String ACCESS = "SELECT owner_id FROM estate_titles WHERE plot_id = $1 FOR SHARE";

  static final String LOCK_KEY =
      "SELECT 1 FROM estate_keys WHERE plot_id = $1 AND player_id = $2 FOR SHARE";

  static final String INSERT_MOVE =
      "INSERT INTO estate_moves (plot_id, player_id, asset, qty, request_id, game_minute)"
          + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (player_id, request_id) DO NOTHING"
          + " RETURNING id";

  static final String OWNED =
      "SELECT plot_id FROM estate_titles WHERE owner_id = $1 ORDER BY bought_at, plot_id";
  static final String KEYED =
      "SELECT t.plot_id, c.name AS owner FROM estate_keys k JOIN estate_titles t USING (plot_id)"
          + " LEFT JOIN character_locations c ON c.player_id = t.owner_id"
          + " WHERE k.player_id = $1 ORDER BY t.plot_id";
  static final String KEY_HOLDERS =
      "SELECT k.player_id, c.name FROM estate_keys k"
          + " LEFT JOIN character_locations c ON c.player_id = k.player_id"
          + " WHERE k.plot_id = $1 ORDER BY c.name";

  static final String LOCK_TITLE =
      "SELECT owner_id FROM estate_titles WHERE plot_id = $1 FOR UPDATE";
  static final String INSERT_KEY =
      "INSERT INTO estate_keys (plot_id, player_id, given_minute) VALUES ($1, $2, $3)"
          + " ON CONFLICT DO NOTHING";
  static final String DELETE_KEY = "DELETE FROM estate_keys WHERE plot_id = $1 AND player_id = $2";

  /** A key's history begins at a game minute (a key given twice is one key). */
  static final String KEY_GIVEN =
      "INSERT INTO estate_key_log (plot_id, player_id, given_minute) VALUES ($1, $2, $3)"
          + " ON CONFLICT (plot_id, player_id) WHERE taken_minute IS NULL DO NOTHING";

  /** A key taken back by the owner at a game minute. */
  static final String KEY_TAKEN =
      "UPDATE estate_key_log SET taken_minute = $3, ended_by = 'taken_back'"
          + " WHERE plot_id = $1 AND player_id = $2 AND taken_minute IS NULL";

  /** Every key to a house ends at a game minute with it: sold or seized. */
  static final String KEYS_END =
      "UPDATE estate_key_log SET taken_minute = $2, ended_by = $3"
          + " WHERE plot_id = $1 AND taken_minute IS NULL";

  /** The keys a player held at a game minute. */
  static final String KEYS_AT =
      "SELECT plot_id, given_minute FROM estate_key_log WHERE player_id = $1 AND given_minute <= $2"
          + " AND (taken_minute IS NULL OR taken_minute > $2) ORDER BY given_minute, plot_id";

  // Upkeep
  static final String BEHIND =
      "SELECT plot_id, charged_week FROM estate_titles WHERE charged_week < $1 ORDER BY plot_id";
  static final String LOCK_FOR_UPKEEP =
      "SELECT plot_id, town, owner_id, price, charged_week, arrears, weeks_unpaid, status"
          + " FROM estate_titles WHERE plot_id = $1 FOR UPDATE";
  static final String SET_UPKEEP =
      "UPDATE estate_titles SET charged_week = $2, arrears = $3, weeks_unpaid = $4, status = $5"
          + " WHERE plot_id = $1";
  static final String INSERT_UPKEEP =
      "INSERT INTO estate_upkeep (plot_id, week, owner_id, due, paid, owed_after, status_after)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7)";
  static final String DELETE_TITLE = "DELETE FROM estate_titles WHERE plot_id = $1";

  /** A house becomes its owner's at a game minute: bought or bought_from_player. */
  static final String OWNERSHIP_BEGINS =
      "INSERT INTO estate_ownership (plot_id, town, owner_id, from_minute, came_by)"
          + " VALUES ($1, $2, $3, $4, $5)";

  /** A house stops being its owner's at a game minute: sold or seized. */
  static final String OWNERSHIP_ENDS =
      "UPDATE estate_ownership SET to_minute = $2, ended_by = $3"
          + " WHERE plot_id = $1 AND to_minute IS NULL";

  /** The houses a player owned at a game minute. */
  static final String OWNED_AT =
      "SELECT plot_id, town, from_minute, came_by FROM estate_ownership"
          + " WHERE owner_id = $1 AND from_minute <= $2 AND (to_minute IS NULL OR to_minute > $2)"
          + " ORDER BY from_minute, plot_id";

  static final String INSERT_IMPOUND =
      "INSERT INTO estate_impounds (plot_id, town, owner_id, seized_at, until, fee)"
          + " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
  static final String STANDING =
      "SELECT status, arrears, weeks_unpaid, charged_week FROM estate_titles WHERE plot_id = $1";
  static final String IMPOUNDS_OF =
      "SELECT id, plot_id, town, until, fee FROM estate_impounds WHERE owner_id = $1 AND status = 'held'"
          + " ORDER BY id";
  static final String LOCK_IMPOUND =
      "SELECT id, plot_id, town, owner_id, until, fee, status FROM estate_impounds WHERE id = $1 FOR UPDATE";
  static final String EXPIRED_IMPOUNDS =
      "SELECT id FROM estate_impounds WHERE status = 'held' AND until <= $1 ORDER BY id";
  static final String SET_IMPOUND =
      "UPDATE estate_impounds SET status = $2, closed_minute = $3 WHERE id = $1";

  // Notices
  static final String INSERT_NOTICE =
      "INSERT INTO estate_outbox (player_id, game_minutes, text, data) VALUES ($1, $2, $3, $4)";
  static final String OUTBOX =
      "SELECT id, player_id, game_minutes, text, data FROM estate_outbox ORDER BY id LIMIT 100";
  static final String DELETE_NOTICE = "DELETE FROM estate_outbox WHERE id = $1";

  // Sales
  static final String INSERT_SALE =
      "INSERT INTO estate_sales"
          + " (plot_id, seller_id, buyer_id, price, with_storage, request_id, offered_minute)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id";
  static final String SALE_BY_REQUEST =
      "SELECT id FROM estate_sales WHERE seller_id = $1 AND request_id = $2";
  static final String LOCK_SALE =
      "SELECT id, plot_id, seller_id, buyer_id, price, with_storage, status FROM estate_sales"
          + " WHERE id = $1 FOR UPDATE";
  static final String SET_SALE =
      "UPDATE estate_sales SET status = $2, closed_minute = $3 WHERE id = $1";
  static final String SET_OWNER =
      "UPDATE estate_titles SET owner_id = $2, request_id = NULL WHERE plot_id = $1";
  static final String DELETE_KEYS = "DELETE FROM estate_keys WHERE plot_id = $1";
  static final String VOID_SALES =
      "UPDATE estate_sales SET status = 'void', closed_minute = $2"
          + " WHERE plot_id = $1 AND status = 'open'";
  static final String SALES_OF =
      "SELECT s.id, s.plot_id, s.price, s.with_storage, s.seller_id, s.buyer_id,"
          + " sc.name AS seller, bc.name AS buyer FROM estate_sales s"
          + " LEFT JOIN character_locations sc ON sc.player_id = s.seller_id"
          + " LEFT JOIN character_locations bc ON bc.player_id = s.buyer_id"
          + " WHERE s.status = 'open' AND (s.seller_id = $1 OR s.buyer_id = $1) ORDER BY s.id";

  // Shops
  static final String UPSERT_LISTING =
      "INSERT INTO estate_listings (plot_id, good, unit_price, price_changed_at) VALUES ($1, $2, $3, $4)"
          + " ON CONFLICT (plot_id, good) DO UPDATE SET unit_price = EXCLUDED.unit_price,"
          + " price_changed_at = CASE WHEN estate_listings.unit_price = EXCLUDED.unit_price"
          + " THEN estate_listings.price_changed_at ELSE EXCLUDED.price_changed_at END";
  static final String LOCK_LISTING =
      "SELECT unit_price, price_changed_at FROM estate_listings WHERE plot_id = $1 AND good = $2 FOR UPDATE";

  /** A shelf's price from a game minute, kept only when it differs from the last one kept. */
  static final String SHELF_PRICE =
      "INSERT INTO estate_shelf_prices (plot_id, good, unit_price, from_minute)"
          + " SELECT $1, $2, $3::bigint, $4 WHERE (SELECT unit_price FROM estate_shelf_prices"
          + " WHERE plot_id = $1 AND good = $2 ORDER BY id DESC LIMIT 1) IS DISTINCT FROM $3::bigint";

  /** What each good on a shelf asked at a game minute (a null price: off the shelf then). */
  static final String SHELF_PRICES_AT =
      "SELECT DISTINCT ON (good) good, unit_price FROM estate_shelf_prices"
          + " WHERE plot_id = $1 AND from_minute <= $2 ORDER BY good, from_minute DESC, id DESC";

  /** Goods taken off a shelf at a game minute: one good ($3), or all of them (null). */
  static final String SHELF_CLEARED =
      "INSERT INTO estate_shelf_prices (plot_id, good, unit_price, from_minute)"
          + " SELECT plot_id, good, NULL, $2 FROM estate_listings"
          + " WHERE plot_id = $1 AND ($3::text IS NULL OR good = $3) ORDER BY good";

  static final String DELETE_LISTING =
      "DELETE FROM estate_listings WHERE plot_id = $1 AND good = $2";
  static final String DELETE_LISTINGS = "DELETE FROM estate_listings WHERE plot_id = $1";
  static final String LISTINGS_OF =
      "SELECT good, unit_price, price_changed_at FROM estate_listings WHERE plot_id = $1 ORDER BY good";
  static final String SHOPS_IN =
      "SELECT l.plot_id, l.good, l.unit_price, l.price_changed_at, t.status, c.name AS owner"
          + " FROM estate_listings l JOIN estate_titles t USING (plot_id)"
          + " LEFT JOIN character_locations c ON c.player_id = t.owner_id"
          + " WHERE t.town = $1 ORDER BY l.good, l.unit_price, l.plot_id";
  static final String INSERT_SHOP_SALE =
      "INSERT INTO estate_shop_sales (plot_id, owner_id, buyer_id, good, qty, unit_price, total, tax, at, request_id)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
          + " ON CONFLICT (buyer_id, request_id) DO NOTHING RETURNING id";
  static final String SHOP_SALE_BY_REQUEST =
      "SELECT id, plot_id, good, qty, unit_price, total, tax, at FROM estate_shop_sales"
          + " WHERE buyer_id = $1 AND request_id = $2";

  // Buy orders
  static final String INSERT_ORDER =
      "INSERT INTO estate_orders (town, buyer_id, good, unit_price, qty, request_id, posted_minute)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (buyer_id, request_id) DO NOTHING"
          + " RETURNING id";
  static final String ORDER_BY_REQUEST =
      "SELECT id FROM estate_orders WHERE buyer_id = $1 AND request_id = $2";
  static final String LOCK_ORDER =
      "SELECT id, town, buyer_id, good, unit_price, qty, filled, status FROM estate_orders"
          + " WHERE id = $1 FOR UPDATE";
  static final String ORDER =
      "SELECT o.id, o.town, o.buyer_id, o.good, o.unit_price, o.qty, o.filled, o.status,"
          + " c.name AS buyer FROM estate_orders o"
          + " LEFT JOIN character_locations c ON c.player_id = o.buyer_id WHERE o.id = $1";
  static final String SET_FILLED =
      "UPDATE estate_orders SET filled = $2, status = $3,"
          + " closed_minute = CASE WHEN $3 = 'open' THEN NULL ELSE $4::bigint END WHERE id = $1";
  static final String INSERT_FILL =
      "INSERT INTO estate_order_fills (order_id, seller_id, qty, total, tax, request_id, game_minute)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (seller_id, request_id) DO NOTHING"
          + " RETURNING id";
  static final String WANTED_IN =
      "SELECT o.id, o.town, o.buyer_id, o.good, o.unit_price, o.qty, o.filled, o.status,"
          + " c.name AS buyer FROM estate_orders o"
          + " LEFT JOIN character_locations c ON c.player_id = o.buyer_id"
          + " WHERE o.town = $1 AND o.status = 'open' ORDER BY o.good, o.unit_price DESC, o.id";

  static final String RECENT_SHOP_SALES =
      "SELECT s.good, s.qty, s.total, s.tax, s.at, c.name AS buyer FROM estate_shop_sales s"
          + " LEFT JOIN character_locations c ON c.player_id = s.buyer_id"
          + " WHERE s.plot_id = $1 ORDER BY s.id DESC LIMIT 10";
}
