package io.sessiongate.aggregation;

class InMemoryFleetTaskStoreTest extends FleetTaskStoreContract {
  private final FleetTaskStore store = new FleetTaskStore.InMemory();

  @Override
  FleetTaskStore store() {
    return store;
  }
}
