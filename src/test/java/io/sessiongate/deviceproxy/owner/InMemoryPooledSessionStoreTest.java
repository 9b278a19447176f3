package io.sessiongate.deviceproxy.owner;

class InMemoryPooledSessionStoreTest extends PooledSessionStoreContract {
  private final PooledSessionStore store = new PooledSessionStore.InMemory();

  @Override
  PooledSessionStore store() {
    return store;
  }

  @Override
  void registered(String deviceId) {
    // The in-process store keeps whatever it is given.
  }
}
