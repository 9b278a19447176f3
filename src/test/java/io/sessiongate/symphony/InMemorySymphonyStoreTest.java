package io.sessiongate.symphony;

class InMemorySymphonyStoreTest extends SymphonyStoreContract {
  private final SymphonyStore store = new InMemorySymphonyStore(MINUTE);

  @Override
  SymphonyStore store() {
    return store;
  }
}
