package io.sessiongate.murano;

import io.sessiongate.core.auth.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * Murano's checks in Murano's order (murano/utils.py check_env, check_session), shared by the parts of the
 * session verticle.
 */
final class MuranoChecks {
  /** Murano's limit on environment and template names, in code points. */
  static final int MAX_NAME_LENGTH = 255;

  private final MuranoStore store;

  MuranoChecks(MuranoStore store) {
    this.store = store;
  }

  /** murano.utils.check_env: 404 when missing, 403 when another tenant's (unless admin). */
  Future<EnvironmentSnapshot> checkEnvironment(Principal caller, String environmentId) {
    return store.snapshot(environmentId).compose(snapshot -> {
      if (snapshot == null) {
        return Future.failedFuture(MuranoFaults.environmentNotFound(environmentId));
      }
      if (!snapshot.environment().tenantId().equals(caller.tenant()) && !caller.isAdmin()) {
        return Future.failedFuture(MuranoFaults.otherTenant());
      }
      return Future.succeededFuture(snapshot);
    });
  }

  /** murano.utils.check_session: 404 when missing, 400 when of another environment, then check_env. */
  Future<EnvironmentSnapshot> checkSession(Principal caller, String environmentId, ConfigurationSession session,
                                           String sessionId) {
    if (session == null) {
      return Future.failedFuture(MuranoFaults.sessionNotFound(sessionId));
    }
    if (!session.environmentId().equals(environmentId)) {
      return Future.failedFuture(MuranoFaults.notTied(sessionId, environmentId));
    }
    return checkEnvironment(caller, environmentId);
  }

  /**
   * check_env, then the session a read names (header or query), if any: unknown, or of another
   * environment → Murano's bare 404. The session is null when none is named.
   */
  Future<ConfigurationSession> readingSession(String environmentId, String sessionId) {
    if (sessionId == null) {
      return Future.succeededFuture(null);
    }
    return store.session(sessionId).compose(found -> found == null || !found.environmentId().equals(environmentId)
      ? Future.failedFuture(MuranoFaults.bareNotFound()) : Future.succeededFuture(found));
  }

  /** Position of the service with {@code ?.id == id} (Murano also accepts a list index). */
  static int indexOf(JsonArray services, String id) {
    for (int i = 0; i < services.size(); i++) {
      if (services.getValue(i) instanceof JsonObject service && service.getValue("?") instanceof JsonObject meta
        && id.equals(meta.getValue("id"))) {
        return i;
      }
    }
    if (!id.isEmpty() && id.chars().allMatch(Character::isDigit) && id.length() < 9) {
      int index = Integer.parseInt(id);
      return index < services.size() ? index : -1;
    }
    return -1;
  }

  /** Murano's ids: uuid4 hex. */
  static String newId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  static long now() {
    return System.currentTimeMillis();
  }
}
