package io.sessiongate.sessions;

import org.junit.jupiter.api.BeforeEach;

class InMemorySessionStoreTest extends SessionStoreContract {
  private SessionStore store;

  @BeforeEach
  void fresh() {
    store = new InMemorySessionStore();
  }

  @Override
  SessionStore store() {
    return store;
  }
}
