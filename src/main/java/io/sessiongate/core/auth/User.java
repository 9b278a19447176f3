package io.sessiongate.core.auth;

import io.sessiongate.core.api.LocalMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * An account of the identity core. {@code profile} holds the per-API presentation fields (names, language,
 * time zone, UI settings) that the API slices read; {@code tokensNotBefore} revokes every token issued
 * before it (password change, deactivation).
 */
public record User(String login, String guid, String tenant, AccountKind kind, String passwordHash,
                   Set<String> roles, Set<String> privileges, boolean active, JsonObject profile,
                   long tokensNotBefore, long createdAt, long updatedAt) implements LocalMessage {

  public enum AccountKind { USER, NODE }

  public User {
    roles = Set.copyOf(roles);
    privileges = Set.copyOf(privileges);
    profile = profile == null ? new JsonObject() : profile;
  }

  public boolean isAdmin() {
    return roles.contains(Principal.ADMIN_ROLE);
  }

  /** The account as the admin API shows it: never the password hash. */
  public JsonObject toJson() {
    return new JsonObject()
      .put("login", login)
      .put("guid", guid)
      .put("tenant", tenant)
      .put("kind", kind.name())
      .put("roles", new JsonArray(roles.stream().sorted().toList()))
      .put("privileges", new JsonArray(privileges.stream().sorted().toList()))
      .put("active", active)
      .put("profile", profile.copy())
      .put("createdAt", createdAt)
      .put("updatedAt", updatedAt);
  }

  public User withPasswordHash(String hash, long now) {
    return new User(login, guid, tenant, kind, hash, roles, privileges, active, profile, now, createdAt, now);
  }
}
