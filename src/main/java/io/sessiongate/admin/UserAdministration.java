package io.sessiongate.admin;

import io.sessiongate.core.auth.Identity;
import io.sessiongate.core.auth.User;
import io.sessiongate.core.api.ApiError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Creating, changing and deleting accounts of the identity core; every change ends the user's sessions. */
final class UserAdministration {
  private final Identity identity;

  UserAdministration(Identity identity) {
    this.identity = identity;
  }

  Future<User> create(JsonObject body) {
    String password = body.getString("password");
    return identity.passwords().hash(password).compose(hash -> {
      long now = identity.clock().millis();
      User user = new User(
        body.getString("login"),
        UUID.randomUUID().toString(),
        body.getString("tenant"),
        User.AccountKind.valueOf(body.getString("kind", "USER")),
        hash,
        strings(body.getJsonArray("roles")),
        strings(body.getJsonArray("privileges")),
        body.getBoolean("active", true),
        body.getJsonObject("profile", new JsonObject()),
        0, now, now);
      return identity.users().insert(user).map(user);
    });
  }

  Future<User> get(String login) {
    return identity.users().find(login).compose(user -> user == null
      ? Future.failedFuture(ApiError.notFound("No user with login '" + login + "'."))
      : Future.succeededFuture(user));
  }

  Future<List<User>> list(String tenant) {
    return identity.users().list(tenant);
  }

  Future<User> update(String login, JsonObject change) {
    Future<String> newHash = change.containsKey("password")
      ? identity.passwords().hash(change.getString("password"))
      : Future.succeededFuture(null);
    return newHash.compose(hash -> get(login).compose(current -> {
      long now = identity.clock().millis();
      JsonObject profile = current.profile().copy();
      if (change.containsKey("profile")) {
        profile.mergeIn(change.getJsonObject("profile"));
      }
      User updated = new User(
        current.login(),
        current.guid(),
        change.getString("tenant", current.tenant()),
        change.containsKey("kind") ? User.AccountKind.valueOf(change.getString("kind")) : current.kind(),
        hash != null ? hash : current.passwordHash(),
        change.containsKey("roles") ? strings(change.getJsonArray("roles")) : current.roles(),
        change.containsKey("privileges") ? strings(change.getJsonArray("privileges")) : current.privileges(),
        change.getBoolean("active", current.active()),
        profile,
        now,
        current.createdAt(),
        now);
      return identity.users().update(updated)
        .compose(v -> identity.endAllSessions(login, now))
        .map(updated);
    }));
  }

  Future<Void> delete(String login) {
    return identity.users().delete(login).compose(deleted -> deleted
      ? identity.endAllSessions(login, identity.clock().millis())
      : Future.failedFuture(ApiError.notFound("No user with login '" + login + "'.")));
  }

  private static Set<String> strings(JsonArray array) {
    Set<String> set = new HashSet<>();
    if (array != null) {
      array.forEach(value -> set.add((String) value));
    }
    return set;
  }
}
