package io.sessiongate.murano;

import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.auth.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.function.UnaryOperator;

/**
 * Changes to a session's draft with an optimistic retry: the draft is read with its revision, changed, and
 * written only if the revision is still the same (MuranoStore.replaceDraft), so concurrent edits of one
 * draft never lose one another; a lost race starts again from the checks.
 */
final class DraftEditor {
  /** Concurrent edits of one draft are retried (re-checked from scratch) this many times. */
  private static final int ATTEMPTS = 5;

  private final MuranoStore store;
  private final MuranoChecks checks;

  DraftEditor(MuranoStore store, MuranoChecks checks) {
    this.store = store;
    this.checks = checks;
  }

  /**
   * Murano's verify_session then verify_env, then {@code edit} on the draft (it may throw an ApiError),
   * stored only if nobody changed the session meanwhile; otherwise everything is checked again. Completes
   * with the draft as stored.
   */
  Future<JsonObject> change(Principal caller, String environmentId, String sessionId,
                            UnaryOperator<JsonObject> edit) {
    return change(caller, environmentId, sessionId, ATTEMPTS, edit);
  }

  private Future<JsonObject> change(Principal caller, String environmentId, String sessionId, int attempts,
                                    UnaryOperator<JsonObject> edit) {
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
        return checks.checkEnvironment(caller, environmentId).compose(env -> {
          if (session.marksDeletion()) {
            return Future.failedFuture(MuranoFaults.environmentGone(environmentId));
          }
          try {
            changed[0] = edit.apply(session.draft());
          } catch (ApiError refused) {
            return Future.failedFuture(refused);
          }
          return store.replaceDraft(session.id(), session.revision(), changed[0], MuranoChecks.now());
        }).compose(stored -> {
          if (stored) {
            return Future.succeededFuture(changed[0]);
          }
          if (attempts > 1) {
            return change(caller, environmentId, sessionId, attempts - 1, edit);
          }
          return Future.failedFuture(ApiError.conflict("The session " + sessionId + " is being changed by other "
            + "requests; try again."));
        });
      });
    });
  }
}
