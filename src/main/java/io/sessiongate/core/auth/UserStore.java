package io.sessiongate.core.auth;

import io.sessiongate.core.storage.Storage;
import io.vertx.core.Future;

import java.util.List;

/** Accounts of the identity core. Both backends pass {@code UserStoreContractTest}. */
public interface UserStore {
  static UserStore create(Storage storage) {
    return storage.isPostgres() ? new PgUserStore(storage.pool()) : new InMemoryUserStore();
  }

  /** The user, or null. */
  Future<User> find(String login);

  /** Fails with a CONFLICT {@link io.sessiongate.core.api.ApiError} when the login is taken. */
  Future<Void> insert(User user);

  /** Replaces the stored user with the same login; fails with NOT_FOUND when there is none. */
  Future<Void> update(User user);

  /** True when a user was deleted. */
  Future<Boolean> delete(String login);

  /** All users, or those of one tenant when {@code tenant} is not null, ordered by login. */
  Future<List<User>> list(String tenant);
}
