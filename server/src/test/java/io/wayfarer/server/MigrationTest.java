package io.wayfarer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.infra.Migrations;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.test.TestInfra;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every module's migrations, as the one jar carries them, apply to an empty database once and only
 * once.
 */
@ExtendWith(VertxExtension.class)
class MigrationTest {

  /** Runs statements on a database by its URI. */
  static void sql(Pool pool, String... statements) {
    for (String st : statements) {
      pool.query(st).execute().await();
    }
  }

  static long one(Pool pool, String query) {
    return pool.query(query).execute().await().iterator().next().getLong(0);
  }

  @Test
  void goldBecomesCopperExactlyAndTheBooksStillBalance(Vertx vertx) {
    String uri = TestInfra.emptyDatabase();
    // A world of the whole-gold days (schema version 7), with money everywhere it used to be.
    Migrations.apply(uri, "7");
    JsonObject config = new JsonObject().put("pg", new JsonObject().put("uri", uri));
    Pool pool = Clients.pgPool(vertx, config);
    try {
      sql(
          pool,
          "INSERT INTO holdings VALUES ('world', 'gold', -5253), ('player:1', 'gold', 150), ('market:redhaven', 'gold', 5100),"
              + " ('town:redhaven', 'gold', 3), ('world', 'bread', -240), ('market:redhaven', 'bread', 237), ('player:1', 'bread', 3)",
          "INSERT INTO ledger_entries (from_holder, to_holder, asset, qty, reason) VALUES ('world', 'player:1', 'gold', 150, 'start'),"
              + " ('player:1', 'market:redhaven', 'gold', 6, 'bought 3 bread'), ('player:1', 'town:redhaven', 'gold', 1, 'sales tax')",
          "INSERT INTO market_trades (player_id, request_id, side, town, good, qty, player_gold, market_gold, tax_gold, stock_after,"
              + " game_minutes) VALUES (1, 'old-trade-1', 'buy', 'redhaven', 'bread', 3, 7, 6, 1, 237, 100)",
          "INSERT INTO price_history VALUES ('redhaven', 'bread', 10, 2.095, 1.871, 240)",
          "INSERT INTO market_seeded (town, good) VALUES ('redhaven', 'gold'), ('redhaven', 'bread')",
          "INSERT INTO accounts (id, username, username_key, password_hash, role) VALUES (1, 'old', 'old', 'x', 'player')",
          "INSERT INTO characters (id, account_id, name, name_key, class, str, dex, con, int, wis, cha, rolls, max_hp, hp, town)"
              + " VALUES (1, 1, 'Old', 'old', 'fighter', 10, 10, 10, 10, 10, 10, '[]', 10, 10, 'redhaven')",
          "INSERT INTO activities (character_id, kind, started_at, ends_at, details) VALUES (1, 'work', 0, 180,"
              + " '{\"wage\": 15, \"wagePerHour\": 5, \"job\": \"dockhand\", \"hours\": 3}')",
          "INSERT INTO notices (account_id, game_minutes, kind, text, data) VALUES (1, 100, 'receipt', 'Bought 3 bread for 7 gold',"
              + " '{\"gold\": 7, \"tax\": 1, \"unitPrice\": 2.333}'), (1, 90, 'wages', 'Paid', '{\"gold\": 15, \"job\": \"dockhand\"}')");
      assertEquals(java.util.Map.of(), Ledger.imbalances(pool).await(), "the old books balance");
      pool.close().await();

      Migrations.apply(uri);
      pool = Clients.pgPool(vertx, config);
      assertEquals(java.util.Map.of(), Ledger.imbalances(pool).await(), "and so do the new ones");
      assertEquals(
          0,
          one(pool, "SELECT count(*) FROM holdings WHERE asset = 'gold'")
              + one(pool, "SELECT count(*) FROM ledger_entries WHERE asset = 'gold'"),
          "no gold is left anywhere");
      assertEquals(15_000, Ledger.balance(pool, "player:1", Ledger.COIN).await());
      assertEquals(510_000, Ledger.balance(pool, "market:redhaven", Ledger.COIN).await());
      assertEquals(300, Ledger.balance(pool, "town:redhaven", Ledger.COIN).await());
      assertEquals(3, Ledger.balance(pool, "player:1", "bread").await(), "goods are untouched");
      assertEquals(
          15_000 + 600 + 100,
          one(pool, "SELECT sum(qty) FROM ledger_entries WHERE asset = 'coin'"));
      assertEquals(
          700, one(pool, "SELECT player_coin FROM market_trades WHERE request_id = 'old-trade-1'"));
      assertEquals(
          100, one(pool, "SELECT tax_coin FROM market_trades WHERE request_id = 'old-trade-1'"));
      assertEquals(
          new java.math.BigDecimal("209.5"),
          pool.query("SELECT buy FROM price_history")
              .execute()
              .await()
              .iterator()
              .next()
              .getNumeric("buy")
              .bigDecimalValue()
              .stripTrailingZeros(),
          "history keeps every digit");
      assertEquals(
          1,
          one(pool, "SELECT count(*) FROM market_seeded WHERE good = 'coin'"),
          "a seeded market is never seeded again");
      assertEquals(
          1500,
          one(pool, "SELECT (details->>'wage')::bigint FROM activities"),
          "an open shift pays in copper");
      assertEquals(
          700, one(pool, "SELECT (data->>'total')::bigint FROM notices WHERE kind = 'receipt'"));
      assertEquals(
          1500, one(pool, "SELECT (data->>'coin')::bigint FROM notices WHERE kind = 'wages'"));
    } finally {
      pool.close().await();
    }
  }

  @Test
  void migrationsCreateTheSchemaAndAreIdempotent(Vertx vertx) {
    var config = TestInfra.config();
    String uri = config.getJsonObject("pg").getString("uri");
    // TestInfra.config already migrated this database; a second run must find nothing to do.
    Migrations.Applied again = Migrations.apply(uri);
    assertEquals(0, again.migrations());
    Pool pool = Clients.pgPool(vertx, config);
    try {
      List<String> tables = new ArrayList<>();
      for (Row r :
          pool.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
              .execute()
              .await()) {
        tables.add(r.getString(0));
      }
      assertTrue(tables.contains("clock_state"), tables.toString());
      assertTrue(tables.contains("flyway_schema_history"), tables.toString());
      long failed =
          pool.query("SELECT count(*) FROM flyway_schema_history WHERE NOT success")
              .execute()
              .await()
              .iterator()
              .next()
              .getLong(0);
      assertEquals(0, failed);
      // A run that applies nothing still reports the real version (it used to say "null" on every
      // restart).
      String newest =
          pool.query(
                  "SELECT version FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")
              .execute()
              .await()
              .iterator()
              .next()
              .getString(0);
      assertEquals(newest, again.version());
    } finally {
      pool.close().await();
    }
  }
}
