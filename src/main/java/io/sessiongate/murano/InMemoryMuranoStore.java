package io.sessiongate.murano;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node's store. Only the session verticle touches it, always on its own event loop, so each method runs
 * whole without interleaving: the conditions hold as they do in PostgreSQL's single statements.
 */
final class InMemoryMuranoStore implements MuranoStore {
  private static final Comparator<ConfigurationSession> NEWEST_FIRST =
    Comparator.comparingLong(ConfigurationSession::version).thenComparingLong(ConfigurationSession::revision).reversed();

  private final Map<String, Environment> environments = new LinkedHashMap<>();
  private final Map<String, ConfigurationSession> sessions = new LinkedHashMap<>();
  private long revisions;

  @Override
  public Future<Void> insertEnvironment(Environment environment) {
    if (nameTaken(environment.tenantId(), environment.name(), null)) {
      return Future.failedFuture(MuranoFaults.nameTaken());
    }
    environments.put(environment.id(), environment);
    return Future.succeededFuture();
  }

  @Override
  public Future<Environment> environment(String id) {
    return Future.succeededFuture(environments.get(id));
  }

  @Override
  public Future<EnvironmentSnapshot> snapshot(String id) {
    Environment environment = environments.get(id);
    return Future.succeededFuture(environment == null ? null : snapshotOf(environment));
  }

  @Override
  public Future<List<EnvironmentSnapshot>> snapshots(String tenantId) {
    return Future.succeededFuture(environments.values().stream()
      .filter(env -> tenantId == null || env.tenantId().equals(tenantId))
      .map(this::snapshotOf)
      .toList());
  }

  private EnvironmentSnapshot snapshotOf(Environment environment) {
    List<ConfigurationSession> of = new ArrayList<>(sessions.values().stream()
      .filter(session -> session.environmentId().equals(environment.id())).toList());
    of.sort(NEWEST_FIRST);
    return new EnvironmentSnapshot(environment, of);
  }

  @Override
  public Future<Environment> rename(String id, String name, long now) {
    Environment environment = environments.get(id);
    if (environment == null) {
      return Future.succeededFuture();
    }
    if (nameTaken(environment.tenantId(), name, id)) {
      return Future.failedFuture(MuranoFaults.nameTaken());
    }
    Environment renamed = environment.renamed(name, now);
    environments.put(id, renamed);
    return Future.succeededFuture(renamed);
  }

  private boolean nameTaken(String tenantId, String name, String exceptId) {
    return environments.values().stream()
      .anyMatch(env -> env.tenantId().equals(tenantId) && env.name().equals(name) && !env.id().equals(exceptId));
  }

  @Override
  public Future<Void> removeEnvironment(String id) {
    environments.remove(id);
    sessions.values().removeIf(session -> session.environmentId().equals(id));
    return Future.succeededFuture();
  }

  @Override
  public Future<ConfigurationSession> session(String id) {
    return Future.succeededFuture(sessions.get(id));
  }

  @Override
  public Future<ConfigurationSession> insertSession(ConfigurationSession session) {
    if (!environments.containsKey(session.environmentId())) {
      return Future.failedFuture(MuranoFaults.environmentNotFound(session.environmentId()));
    }
    ConfigurationSession stored = new ConfigurationSession(session.id(), session.environmentId(), session.userId(),
      session.state(), session.version(), session.draft(), session.deployDeadline(), ++revisions, session.created(),
      session.updated());
    sessions.put(stored.id(), stored);
    return Future.succeededFuture(stored);
  }

  @Override
  public Future<Boolean> deleteSession(String id) {
    ConfigurationSession session = sessions.get(id);
    if (session == null || session.state().inFlight()) {
      return Future.succeededFuture(false);
    }
    sessions.remove(id);
    return Future.succeededFuture(true);
  }

  @Override
  public Future<Boolean> replaceDraft(String sessionId, long expectedRevision, JsonObject draft, long now) {
    ConfigurationSession session = sessions.get(sessionId);
    if (session == null || session.revision() != expectedRevision || session.state() != SessionState.OPENED) {
      return Future.succeededFuture(false);
    }
    sessions.put(sessionId, with(session, session.state(), draft, session.deployDeadline(), now));
    return Future.succeededFuture(true);
  }

  @Override
  public Future<Boolean> startDeploy(String environmentId, String sessionId, long sessionVersion, SessionState running,
                                     long deadline, long now) {
    Environment environment = environments.get(environmentId);
    ConfigurationSession session = sessions.get(sessionId);
    if (environment == null || environment.acquiredBy() != null || environment.version() != sessionVersion
      || session == null || !session.environmentId().equals(environmentId) || session.state() != SessionState.OPENED) {
      return Future.succeededFuture(false);
    }
    environments.put(environmentId, new Environment(environment.id(), environment.name(), environment.tenantId(),
      environment.descriptionText(), environment.version(), environment.model(), sessionId, environment.created(),
      environment.updated()));
    sessions.put(sessionId, with(session, running, session.draft(), deadline, now));
    return Future.succeededFuture(true);
  }

  @Override
  public Future<Boolean> finishDeploy(String environmentId, String sessionId, SessionState outcome, JsonObject model,
                                      long now) {
    Environment environment = environments.get(environmentId);
    ConfigurationSession session = sessions.get(sessionId);
    if (environment == null || !sessionId.equals(environment.acquiredBy()) || session == null) {
      return Future.succeededFuture(false);
    }
    if (outcome == SessionState.DEPLOYED && session.marksDeletion()) {
      return removeEnvironment(environmentId).map(true);
    }
    environments.put(environmentId, new Environment(environment.id(), environment.name(), environment.tenantId(),
      environment.descriptionText(), environment.version() + 1, model == null ? environment.model() : model, null,
      environment.created(), now));
    sessions.put(sessionId, with(session, outcome, session.draft(), 0, now));
    return Future.succeededFuture(true);
  }

  @Override
  public Future<List<ConfigurationSession>> abandonedDeployments(long now) {
    return Future.succeededFuture(sessions.values().stream()
      .filter(session -> session.state().inFlight() && session.deployDeadline() < now)
      .toList());
  }

  @Override
  public Future<Boolean> claimDeployment(String sessionId, long now, long newDeadline) {
    ConfigurationSession session = sessions.get(sessionId);
    if (session == null || !session.state().inFlight() || session.deployDeadline() >= now) {
      return Future.succeededFuture(false);
    }
    sessions.put(sessionId, with(session, session.state(), session.draft(), newDeadline, now));
    return Future.succeededFuture(true);
  }

  private ConfigurationSession with(ConfigurationSession session, SessionState state, JsonObject draft, long deadline,
                                    long now) {
    return new ConfigurationSession(session.id(), session.environmentId(), session.userId(), state, session.version(),
      draft, deadline, ++revisions, session.created(), now);
  }
}
