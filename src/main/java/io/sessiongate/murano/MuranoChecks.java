package io.sessiongate.murano;

import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.api.ApiError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Murano's checks in Murano's order (murano/utils.py check_env, check_session, verify_session), and the
 * guarded change of a session's draft, shared by the parts of the session verticle.
 */
final class MuranoChecks {
  /** Concurrent edits of one draft are retried (re-checked from scratch) this many times. */
  private static final int DRAFT_ATTEMPTS = 5;

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

  Future<JsonObject> changeDraft(Principal caller, String environmentId, String sessionId,
                                 UnaryOperator<JsonObject> change) {
    return changeDraft(caller, environmentId, sessionId, DRAFT_ATTEMPTS, change);
  }

  /**
   * Murano's verify_session then verify_env, then {@code change} on the draft (it may throw an ApiError),
   * stored only if nobody changed the session meanwhile; otherwise everything is checked again. Completes
   * with the draft as stored.
   */
  private Future<JsonObject> changeDraft(Principal caller, String environmentId, String sessionId, int attempts,
                                         UnaryOperator<JsonObject> change) {
    if (sessionId == null) {
      return Future.failedFuture(MuranoFaults.sessionHeaderMissing());
    }
    return store.session(sessionId).compose(found -> {
      if (found == null) {
        return Future.failedFuture(MuranoFaults.sessionNotFound(sessionId));
      }
      return store.snapshot(found.environmentId()).compose(snapshot -> {
        ConfigurationSession session = snapshot == null ? null : snapshot.session(sessionId);
        if (session == null) {
          return Future.failedFuture(MuranoFaults.sessionNotFound(sessionId));
        }
        if (!snapshot.valid(session)) {
          return Future.failedFuture(MuranoFaults.invalidSession(sessionId));
        }
        if (session.state() == SessionState.DEPLOYING) {
          return Future.failedFuture(MuranoFaults.inDeployment(sessionId));
        }
        if (!session.environmentId().equals(environmentId)) {
          return Future.failedFuture(MuranoFaults.notTied(sessionId, environmentId));
        }
        JsonObject[] changed = new JsonObject[1];
        return checkEnvironment(caller, environmentId).compose(env -> {
          if (session.marksDeletion()) {
            return Future.failedFuture(MuranoFaults.environmentGone(environmentId));
          }
          try {
            changed[0] = change.apply(session.draft());
          } catch (ApiError refused) {
            return Future.failedFuture(refused);
          }
          return store.replaceDraft(session.id(), session.revision(), changed[0], now());
        }).compose(stored -> {
          if (stored) {
            return Future.succeededFuture(changed[0]);
          }
          if (attempts > 1) {
            return changeDraft(caller, environmentId, sessionId, attempts - 1, change);
          }
          return Future.failedFuture(ApiError.conflict("The session " + sessionId + " is being changed by other "
            + "requests; try again."));
        });
      });
    });
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
