package io.wayfarer.shared.infra;

import io.vertx.pgclient.PgConnectOptions;
import io.wayfarer.shared.config.ConfigException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies every Flyway migration on the classpath under {@code db/migration} (each verticle keeps
 * its own in {@code db/migration/<verticle>/}) as one history. Versions are global: take the next
 * free number. Flyway holds a PostgreSQL advisory lock while it migrates, so processes of a cluster
 * starting together don't race. Blocking JDBC: call it off the event loop.
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /** What a run did: the schema's version afterwards, and how many migrations this run applied. */
  public record Applied(String version, int migrations) {}

  public static Applied apply(String pgUri) {
    return apply(pgUri, null);
  }

  /**
   * Applies migrations up to {@code targetVersion} (all of them when null): tests build an older
   * schema this way.
   */
  public static Applied apply(String pgUri, String targetVersion) {
    PgConnectOptions pg = PgConnectOptions.fromUri(pgUri);
    String jdbc = "jdbc:postgresql://" + pg.getHost() + ":" + pg.getPort() + "/" + pg.getDatabase();
    try {
      Flyway flyway =
          Flyway.configure(Migrations.class.getClassLoader())
              .dataSource(jdbc, pg.getUser(), pg.getPassword())
              .locations("classpath:db/migration")
              .target(targetVersion == null ? "latest" : targetVersion)
              .load();
      MigrateResult result = flyway.migrate();
      Applied applied = new Applied(currentVersion(flyway), result.migrationsExecuted);
      LOG.info(
          "Database schema at version {} ({} migrations applied now)",
          applied.version(),
          applied.migrations());
      return applied;
    } catch (RuntimeException e) {
      throw new ConfigException(
          "database migration failed on "
              + pg.getHost()
              + ":"
              + pg.getPort()
              + "/"
              + pg.getDatabase()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The version the schema is at now. {@code MigrateResult.targetSchemaVersion} is null when
   * nothing was applied (every start after the first), so ask the history instead.
   */
  static String currentVersion(Flyway flyway) {
    MigrationInfo current = flyway.info().current();
    return current == null || current.getVersion() == null
        ? "none"
        : current.getVersion().getVersion();
  }
}
