package io.sessiongate.murano;

import io.sessiongate.core.auth.Principal;
import io.vertx.core.Future;

/**
 * Configuration sessions (murano/api/v1/sessions.py): opened on an environment, shown and deleted by their
 * owner, deployed through the {@link DeploymentRunner}.
 */
final class ConfigurationSessions {
  private final MuranoStore store;
  private final MuranoChecks checks;
  private final DeploymentRunner deployments;

  ConfigurationSessions(MuranoStore store, MuranoChecks checks, DeploymentRunner deployments) {
    this.store = store;
    this.checks = checks;
    this.deployments = deployments;
  }

  /** Murano's configure (and, for a deletion, EnvironmentServices.delete marking the draft deleted). */
  Future<ConfigurationSession> open(Principal caller, String environmentId, boolean deletion) {
    return checks.checkEnvironment(caller, environmentId)
      .compose(snapshot -> {
        EnvironmentStatus status = snapshot.status();
        if (status == EnvironmentStatus.DEPLOYING || status == EnvironmentStatus.DELETING) {
          return Future.failedFuture(MuranoFaults.cannotOpenSession(environmentId));
        }
        Environment env = snapshot.environment();
        long now = MuranoChecks.now();
        return store.insertSession(new ConfigurationSession(MuranoChecks.newId(), env.id(), caller.login(),
          SessionState.OPENED, env.version(), deletion ? null : env.model(), 0, 0, now, now));
      });
  }

  Future<ConfigurationSession> show(Principal caller, String environmentId, String sessionId) {
    return owned(caller, environmentId, sessionId)
      .compose(snapshot -> {
        ConfigurationSession session = snapshot.session(sessionId);
        return snapshot.valid(session)
          ? Future.succeededFuture(session)
          : Future.failedFuture(MuranoFaults.invalidSession(sessionId));
      });
  }

  Future<Void> delete(Principal caller, String environmentId, String sessionId) {
    return owned(caller, environmentId, sessionId)
      .map(snapshot -> snapshot.session(sessionId))
      .compose(session -> session.state() == SessionState.DEPLOYING
        ? Future.<Boolean>failedFuture(MuranoFaults.deployingCannotBeDeleted(sessionId))
        : store.deleteSession(session.id()))
      .compose(deleted -> deleted
        ? Future.succeededFuture()
        : Future.failedFuture(MuranoFaults.deployingCannotBeDeleted(sessionId)));
  }

  /**
   * Murano's session checks, then: only its owner may see or delete a session (401). The snapshot answered
   * holds the session.
   */
  private Future<EnvironmentSnapshot> owned(Principal caller, String environmentId, String sessionId) {
    return store.session(sessionId)
      .compose(session -> checks.checkSession(caller, environmentId, session, sessionId))
      .compose(snapshot -> snapshot.session(sessionId) == null
        ? Future.failedFuture(MuranoFaults.sessionNotFound(sessionId))
        : snapshot.session(sessionId).userId().equals(caller.login())
        ? Future.succeededFuture(snapshot)
        : Future.failedFuture(MuranoFaults.otherUsersSession(caller.login(), sessionId)));
  }

  /** {@code reportBase}: where the deployer reaches this API (MuranoSettings.ReportBase). */
  Future<Void> deploy(Principal caller, String environmentId, String sessionId, String reportBase) {
    return store.session(sessionId)
      .compose(found -> checks.checkSession(caller, environmentId, found, sessionId))
      .compose(snapshot -> {
        ConfigurationSession session = snapshot.session(sessionId);
        if (session == null) {
          return Future.failedFuture(MuranoFaults.sessionNotFound(sessionId));
        }
        if (!snapshot.valid(session)) {
          return Future.failedFuture(MuranoFaults.invalidSession(sessionId));
        }
        if (session.state() != SessionState.OPENED) {
          return Future.failedFuture(MuranoFaults.alreadyDeployed(sessionId));
        }
        return deployments.start(snapshot.environment(), session, reportBase);
      });
  }
}
