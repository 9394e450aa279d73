package io.wayfarer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.infra.Migrations;
import io.wayfarer.shared.test.TestInfra;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every module's migrations, as the one jar carries them, apply to an empty database once and only once. */
@ExtendWith(VertxExtension.class)
class MigrationTest {

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
      for (Row r : pool.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").execute().await()) {
        tables.add(r.getString(0));
      }
      assertTrue(tables.contains("clock_state"), tables.toString());
      assertTrue(tables.contains("flyway_schema_history"), tables.toString());
      long failed = pool.query("SELECT count(*) FROM flyway_schema_history WHERE NOT success").execute().await()
          .iterator().next().getLong(0);
      assertEquals(0, failed);
      // A run that applies nothing still reports the real version (it used to say "null" on every restart).
      String newest = pool.query("SELECT version FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")
          .execute().await().iterator().next().getString(0);
      assertEquals(newest, again.version());
    } finally {
      pool.close().await();
    }
  }
}
