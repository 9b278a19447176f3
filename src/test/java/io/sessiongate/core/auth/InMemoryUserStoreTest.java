package io.sessiongate.core.auth;

import io.sessiongate.core.storage.Storage;

class InMemoryUserStoreTest extends UserStoreContract {
  private final UserStore store = UserStore.create(Storage.inProcess());

  @Override
  UserStore store() {
    return store;
  }
}
