package io.sessiongate.core.storage;

import io.sessiongate.core.config.GatewayConfig.PgUri;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Flyway migrations from {@code db/migration} on the classpath. Blocking: run on a worker thread or the CLI. */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {
  }

  public static MigrateResult apply(PgUri uri) {
    Flyway flyway = Flyway.configure()
      .dataSource(uri.jdbcUrl(), uri.user(), uri.password())
      .locations("classpath:db/migration")
      .connectRetries(3)
      .load();
    MigrateResult result = flyway.migrate();
    LOG.info("database schema at version {} ({} migration(s) applied)", result.targetSchemaVersion,
      result.migrationsExecuted);
    return result;
  }
}
