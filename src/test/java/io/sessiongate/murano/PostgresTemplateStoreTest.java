package io.sessiongate.murano;

import io.sessiongate.testing.MigratedDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresTemplateStoreTest extends TemplateStoreContract {
  private static MigratedDatabase database;
  private static TemplateStore store;

  @BeforeAll
  static void database() {
    database = new MigratedDatabase("murano_templates_store");
    store = new PgTemplateStore(database.pool());
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Override
  TemplateStore store() {
    return store;
  }
}
