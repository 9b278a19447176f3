package io.sessiongate.murano;

import io.sessiongate.testing.MigratedDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresMuranoStoreTest extends MuranoStoreContract {
  private static MigratedDatabase database;
  private static MuranoStore store;

  @BeforeAll
  static void database() {
    database = new MigratedDatabase("murano_store");
    store = new PgMuranoStore(database.pool());
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Override
  MuranoStore store() {
    return store;
  }
}
