package io.sessiongate.murano;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One node's store. Only the session verticle touches it, always on its own event loop, so each method runs
 * whole without interleaving: the conditions hold as they do in PostgreSQL's single statements.
 */
final class InMemoryMuranoStore implements MuranoStore {
  private static final Comparator<ConfigurationSession> NEWEST_FIRST =
    Comparator.comparingLong(ConfigurationSession::version).thenComparingLong(ConfigurationSession::revision).reversed();

  private final Map<String, Environment> environments = new LinkedHashMap<>();
  private final Map<String, ConfigurationSession> sessions = new LinkedHashMap<>();
  private final Map<String, Deployment> deployments = new LinkedHashMap<>();
  /** Every report in the order written (Murano orders by created; ties keep this order). */
  private final List<DeploymentReport> reports = new ArrayList<>();
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
    deployments.values().removeIf(deployment -> deployment.environmentId().equals(id));
    reports.removeIf(report -> !deployments.containsKey(report.deploymentId()));
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
                                     long deadline, long now, Deployment deployment, DeploymentReport scheduled) {
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
    deployments.put(deployment.id(), deployment);
    reports.add(scheduled);
    return Future.succeededFuture(true);
  }

  /** Counts, decides and records in one run on the event loop: no report can land in between. */
  @Override
  public Future<Boolean> finishDeploy(String environmentId, String sessionId, JsonObject model, long now,
                                      String deploymentId, JsonObject result, Function<ReportCounts, Ending> ending) {
    Environment environment = environments.get(environmentId);
    ConfigurationSession session = sessions.get(sessionId);
    if (environment == null || !sessionId.equals(environment.acquiredBy()) || session == null) {
      return Future.succeededFuture(false);
    }
    Deployment deployment = deploymentId == null ? null : deployments.get(deploymentId);
    Deployment stored = deployment == null ? null : counted(deployment);
    Ending decided = ending.apply(stored == null ? null : new ReportCounts(stored.errors(), stored.warnings()));
    if (decided.outcome() == SessionState.DEPLOYED && session.marksDeletion()) {
      return removeEnvironment(environmentId).map(true);
    }
    if (deployment != null) {
      deployments.put(deploymentId, new Deployment(deployment.id(), deployment.environmentId(), deployment.tenantId(),
        deployment.sessionId(), deployment.description(), deployment.action(), result, deployment.reportSecret(),
        deployment.reportUrl(), deployment.started(), now, deployment.created(), now, 0, 0));
      reports.addAll(decided.reports());
    }
    environments.put(environmentId, new Environment(environment.id(), environment.name(), environment.tenantId(),
      environment.descriptionText(), environment.version() + 1, model == null ? environment.model() : model, null,
      environment.created(), now));
    sessions.put(sessionId, with(session, decided.outcome(), session.draft(), 0, now));
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

  // --- deployments and their reports

  @Override
  public Future<List<Deployment>> deployments(String environmentId) {
    return Future.succeededFuture(newestFirst(deployment -> deployment.environmentId().equals(environmentId)));
  }

  @Override
  public Future<List<Deployment>> tenantDeployments(String tenantId) {
    return Future.succeededFuture(newestFirst(deployment -> tenantId == null || deployment.tenantId().equals(tenantId)));
  }

  private List<Deployment> newestFirst(java.util.function.Predicate<Deployment> filter) {
    List<Deployment> found = new ArrayList<>(deployments.values().stream().filter(filter).map(this::counted).toList());
    java.util.Collections.reverse(found);
    found.sort(Comparator.comparingLong(Deployment::created).reversed());
    return found;
  }

  /** The deployment with its error and warning counts, as PostgreSQL's read computes them. */
  private Deployment counted(Deployment d) {
    int errors = (int) reports.stream().filter(r -> r.deploymentId().equals(d.id()) && "error".equals(r.level())).count();
    int warnings = (int) reports.stream().filter(r -> r.deploymentId().equals(d.id()) && "warning".equals(r.level()))
      .count();
    return new Deployment(d.id(), d.environmentId(), d.tenantId(), d.sessionId(), d.description(), d.action(),
      d.result(), d.reportSecret(), d.reportUrl(), d.started(), d.finished(), d.created(), d.updated(), errors, warnings);
  }

  @Override
  public Future<Deployment> deployment(String id) {
    Deployment deployment = deployments.get(id);
    return Future.succeededFuture(deployment == null ? null : counted(deployment));
  }

  @Override
  public Future<Deployment> deploymentOfSession(String sessionId) {
    return Future.succeededFuture(newestFirst(deployment -> deployment.sessionId().equals(sessionId)).stream()
      .findFirst().orElse(null));
  }

  @Override
  public Future<List<DeploymentReport>> reports(String deploymentId) {
    return Future.succeededFuture(oldestFirst(report -> report.deploymentId().equals(deploymentId)));
  }

  @Override
  public Future<List<DeploymentReport>> environmentReports(String environmentId) {
    return Future.succeededFuture(oldestFirst(report -> deployments.containsKey(report.deploymentId())
      && deployments.get(report.deploymentId()).environmentId().equals(environmentId)));
  }

  private List<DeploymentReport> oldestFirst(java.util.function.Predicate<DeploymentReport> filter) {
    List<DeploymentReport> found = new ArrayList<>(reports.stream().filter(filter).toList());
    found.sort(Comparator.comparingLong(DeploymentReport::created));
    return found;
  }

  @Override
  public Future<Boolean> addReport(DeploymentReport report) {
    Deployment deployment = deployments.get(report.deploymentId());
    if (deployment == null || !deployment.running()) {
      return Future.succeededFuture(false);
    }
    reports.add(report);
    return Future.succeededFuture(true);
  }
}
