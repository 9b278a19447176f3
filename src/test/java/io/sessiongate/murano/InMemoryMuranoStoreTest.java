package io.sessiongate.murano;

class InMemoryMuranoStoreTest extends MuranoStoreContract {
  private final MuranoStore store = new InMemoryMuranoStore();

  @Override
  MuranoStore store() {
    return store;
  }
}
