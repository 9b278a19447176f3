package io.sessiongate.redfish;

import io.sessiongate.core.api.LocalMessage;

import java.util.List;
import java.util.Set;

/**
 * A Redfish login session as stored: never its token, only the token's SHA-256. {@code userRoles} and
 * {@code userPrivileges} are the identity core's, copied at login (a change to the account ends its sessions
 * anyway); {@code lastUsedAt} is the last use some node has written back, in epoch milliseconds.
 */
public record RedfishSession(String id, String tokenHash, String userName, String tenant, Set<String> userRoles,
                             Set<String> userPrivileges, String context, String clientAddress, long createdAt,
                             long lastUsedAt) implements LocalMessage {
  public RedfishSession {
    userRoles = Set.copyOf(userRoles);
    userPrivileges = Set.copyOf(userPrivileges);
  }

  public String uri() {
    return RedfishDocuments.SESSIONS + "/" + id;
  }

  /** The Redfish roles of the session's user, from the identity core's roles. */
  public List<String> redfishRoles() {
    return List.of(RedfishRole.of(userRoles).name());
  }
}
