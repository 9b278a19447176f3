package io.sessiongate.redfish;

import org.junit.jupiter.api.BeforeEach;

class InMemoryRedfishSessionStoreTest extends RedfishSessionStoreContract {
  private RedfishSessionStore store;

  @BeforeEach
  void empty() {
    store = new InMemoryRedfishSessionStore();
  }

  @Override
  RedfishSessionStore store() {
    return store;
  }
}
