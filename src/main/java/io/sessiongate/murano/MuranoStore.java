package io.sessiongate.murano;

import io.sessiongate.core.storage.Storage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.Function;

/**
 * Where Murano's environments and sessions live. Every change is one conditional statement or one
 * transaction, so two nodes on one PostgreSQL never half-apply or double-apply a change; the conditions
 * (not a node's memory) decide races such as "one deploy wins".
 */
public interface MuranoStore {
  static MuranoStore create(Storage storage) {
    return storage.isPostgres() ? new PgMuranoStore(storage.pool()) : new InMemoryMuranoStore();
  }

  /** Adds an environment; fails with Murano's 409 when its tenant already has one of that name. */
  Future<Void> insertEnvironment(Environment environment);

  /** The environment, or null. */
  Future<Environment> environment(String id);

  /** The environment with its sessions, read at one moment; null when there is no such environment. */
  Future<EnvironmentSnapshot> snapshot(String id);

  /** The environments of {@code tenantId} (of every tenant when it is null) with their sessions; oldest first. */
  Future<List<EnvironmentSnapshot>> snapshots(String tenantId);

  /** Renames; null when the environment is gone; Murano's 409 when the name is taken in its tenant. */
  Future<Environment> rename(String id, String name, long now);

  /** Removes the environment and its sessions. */
  Future<Void> removeEnvironment(String id);

  /** The session, or null. */
  Future<ConfigurationSession> session(String id);

  /** Adds a session (its revision is stamped by the store) and returns it as stored. */
  Future<ConfigurationSession> insertSession(ConfigurationSession session);

  /** Deletes the session unless a deployment (or deletion) of it is running; false when it is running (or gone). */
  Future<Boolean> deleteSession(String id);

  /**
   * Replaces the draft of an opened session if nobody changed the session since {@code expectedRevision};
   * false otherwise (the caller re-reads and tries again).
   */
  Future<Boolean> replaceDraft(String sessionId, long expectedRevision, JsonObject draft, long now);

  /**
   * Starts deploying: in one step, the environment is acquired by the session (only if no deployment of it
   * is running and its version is still {@code sessionVersion}), the session goes from opened to
   * {@code running}, and {@code deployment} is recorded with its first report. False when any condition
   * fails: another deploy won.
   */
  Future<Boolean> startDeploy(String environmentId, String sessionId, long sessionVersion, SessionState running,
                              long deadline, long now, Deployment deployment, DeploymentReport scheduled);

  /**
   * Ends a running deployment, only if the session still holds the environment. Under the deployment's lock
   * (a report being added is waited for, and later ones are refused) its stored error and warning reports are
   * counted and handed to {@code ending}, which decides the outcome and the reports to add (the deployer's
   * last ones and the closing one); the counts are null when no deployment is recorded. A deployed (or failed)
   * one bumps the environment's version, and {@code model} (when not null) becomes its object model;
   * {@code DEPLOYED} for a session that marks the environment deleted removes the environment. In the same
   * step the deployment is finished with {@code result}. False when the deployment was already ended (by
   * another node resuming it).
   */
  Future<Boolean> finishDeploy(String environmentId, String sessionId, JsonObject model, long now, String deploymentId,
                               JsonObject result, Function<ReportCounts, Ending> ending);

  /** A deployment's stored error and warning reports. */
  record ReportCounts(int errors, int warnings) {
  }

  /** How a deployment ends: the session's outcome and the reports added as it finishes. */
  record Ending(SessionState outcome, List<DeploymentReport> reports) {
  }

  /** Running deployments whose owner's deadline passed before {@code now}. */
  Future<List<ConfigurationSession>> abandonedDeployments(long now);

  /** Takes over an abandoned deployment until {@code newDeadline}; false when another node took it first. */
  Future<Boolean> claimDeployment(String sessionId, long now, long newDeadline);

  // --- deployments and their reports

  /** The environment's deployments, newest first. */
  Future<List<Deployment>> deployments(String environmentId);

  /** The deployments of {@code tenantId}'s environments (of every tenant when it is null), newest first. */
  Future<List<Deployment>> tenantDeployments(String tenantId);

  /** The deployment, or null. */
  Future<Deployment> deployment(String id);

  /** The session's latest deployment, or null. */
  Future<Deployment> deploymentOfSession(String sessionId);

  /** The deployment's reports, oldest first. */
  Future<List<DeploymentReport>> reports(String deploymentId);

  /** The reports of all of the environment's deployments, oldest first. */
  Future<List<DeploymentReport>> environmentReports(String environmentId);

  /** Adds a report to a running deployment; false when it is gone or has finished. */
  Future<Boolean> addReport(DeploymentReport report);
}
