package io.wayfarer.shared.infra;

import io.vertx.pgclient.PgConnectOptions;
import io.wayfarer.shared.config.ConfigException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies every Flyway migration on the classpath under {@code db/migration} (each verticle keeps its own
 * in {@code db/migration/<verticle>/}) as one history. Versions are global: take the next free number.
 * Flyway holds a PostgreSQL advisory lock while it migrates, so processes of a cluster starting together
 * don't race. Blocking JDBC: call it off the event loop.
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  public static MigrateResult apply(String pgUri) {
    PgConnectOptions pg = PgConnectOptions.fromUri(pgUri);
    String jdbc = "jdbc:postgresql://" + pg.getHost() + ":" + pg.getPort() + "/" + pg.getDatabase();
    try {
      MigrateResult result = Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(jdbc, pg.getUser(), pg.getPassword())
          .locations("classpath:db/migration")
          .load()
          .migrate();
      LOG.info("Database schema at version {} ({} migrations applied now)", result.targetSchemaVersion, result.migrationsExecuted);
      return result;
    } catch (RuntimeException e) {
      throw new ConfigException("database migration failed on " + pg.getHost() + ":" + pg.getPort() + "/"
          + pg.getDatabase() + ": " + e.getMessage(), e);
    }
  }
}
