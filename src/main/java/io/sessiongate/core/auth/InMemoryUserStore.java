package io.sessiongate.core.auth;

import io.sessiongate.core.api.ApiError;
import io.vertx.core.Future;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

final class InMemoryUserStore implements UserStore {
  private final ConcurrentMap<String, User> users = new ConcurrentHashMap<>();

  @Override
  public Future<User> find(String login) {
    return Future.succeededFuture(users.get(login));
  }

  @Override
  public Future<Void> insert(User user) {
    if (users.putIfAbsent(user.login(), user) != null) {
      return Future.failedFuture(ApiError.conflict("A user with login '" + user.login() + "' already exists."));
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> update(User user) {
    if (users.replace(user.login(), user) == null) {
      return Future.failedFuture(ApiError.notFound("No user with login '" + user.login() + "'."));
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> delete(String login) {
    return Future.succeededFuture(users.remove(login) != null);
  }

  @Override
  public Future<List<User>> list(String tenant) {
    return Future.succeededFuture(users.values().stream()
      .filter(u -> tenant == null || u.tenant().equals(tenant))
      .sorted(Comparator.comparing(User::login))
      .toList());
  }
}
