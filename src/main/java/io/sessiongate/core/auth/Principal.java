package io.sessiongate.core.auth;

import io.sessiongate.core.api.LocalMessage;

import java.util.Set;

/**
 * Who is calling: the user, their tenant, roles and privileges, and the gateway session the credential
 * belongs to ({@code sessionId} is null for HTTP Basic, which has no session).
 */
public record Principal(String login, String tenant, Set<String> roles, Set<String> privileges,
                        String sessionId, long issuedAtMillis, long expiresAtMillis) implements LocalMessage {
  public static final String ADMIN_ROLE = "admin";

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  public boolean isAdmin() {
    return roles.contains(ADMIN_ROLE);
  }
}
