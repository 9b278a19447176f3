package io.sessiongate.cli;

import io.sessiongate.core.config.ConfigException;
import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.storage.Migrations;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "migrate", mixinStandardHelpOptions = true,
  description = "Apply the PostgreSQL schema migrations (pg.uri / SESSIONGATE_PG_URI) and exit.")
public final class MigrateCommand implements Callable<Integer> {
  @Mixin
  ConfOption conf = new ConfOption();

  @Override
  public Integer call() {
    try {
      GatewayConfig config = conf.load(java.util.Map.of());
      if (config.pg().uri().isBlank()) {
        System.err.println("sessiongate migrate: pg.uri (SESSIONGATE_PG_URI) is not set");
        return 2;
      }
      MigrateResult result = Migrations.apply(GatewayConfig.PgUri.parse(config.pg().uri()));
      System.out.println("schema at version " + result.targetSchemaVersion + ", "
        + result.migrationsExecuted + " migration(s) applied");
      return 0;
    } catch (ConfigException e) {
      System.err.println("sessiongate migrate: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      System.err.println("sessiongate migrate: " + e.getMessage());
      return 1;
    }
  }
}
