package io.sessiongate.murano;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Runs deployments, as Murano's tasks (murano/db/services/actions.py, murano/common/server.py): each deploy
 * (or deletion) is a recorded deployment whose state is in the store, leased to the node that runs the
 * {@link Deployer}. It starts them, records their outcome, and resumes those whose node died (their lease
 * ran out, a crash).
 */
final class DeploymentRunner {
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentRunner.class);

  private final MuranoStore store;
  private final MuranoSettings settings;
  private final Deployer deployer;
  private final SecureRandom random = new SecureRandom();
  private boolean stopping;

  DeploymentRunner(MuranoStore store, MuranoSettings settings, Deployer deployer) {
    this.store = store;
    this.settings = settings;
    this.deployer = deployer;
  }

  /** Like a crash: deployments still running are left to the lease and resumed by whichever node sweeps next. */
  Future<Void> close() {
    stopping = true;
    return deployer.close();
  }

  /**
   * The store decides which deploy wins. An environment never deployed has nothing to tear down, so its
   * deletion is immediate (Murano removes it when the model has no ObjectsCopy, i.e. no deployment yet).
   * {@code reportBase} is where this API is served for the deployer (MuranoSettings.ReportBase): its report URL.
   */
  Future<Void> start(Environment env, ConfigurationSession session, String reportBase) {
    if (session.marksDeletion() && env.version() == 0) {
      return store.removeEnvironment(env.id());
    }
    long now = MuranoChecks.now();
    String id = MuranoChecks.newId();
    // Murano's task: action deploy on the environment, none for a deletion ("Action None is scheduled").
    JsonObject action = session.marksDeletion() ? null : new JsonObject().put("object_id", env.id())
      .put("method", "deploy").put("args", new JsonObject());
    Deployment deployment = new Deployment(id, env.id(), env.tenantId(), session.id(), session.draft(), action,
      new JsonObject(), secret(),
      reportBase + "/v1/deployments/" + id + "/reports", now, 0, now, now, 0, 0);
    DeploymentReport scheduled = new DeploymentReport(MuranoChecks.newId(), id, null, null,
      "Action " + (action == null ? "None" : "deploy") + " is scheduled", "info", null, now);
    SessionState running = session.marksDeletion() ? SessionState.DELETING : SessionState.DEPLOYING;
    return store.startDeploy(env.id(), session.id(), session.version(), running, now + settings.leaseMillis(), now,
        deployment, scheduled)
      .compose(won -> {
        if (!won) {
          return Future.failedFuture(MuranoFaults.invalidSession(session.id()));
        }
        run(env, session, deployment);
        return Future.succeededFuture();
      });
  }

  /** 256 bits, hex: the deployer proves with it that a report is about the deployment it was given. */
  private String secret() {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    return HexFormat.of().formatHex(secret);
  }

  Future<Void> resumeAbandoned() {
    long now = MuranoChecks.now();
    return store.abandonedDeployments(now).compose(abandoned -> Future.all(abandoned.stream()
      .map(session -> store.claimDeployment(session.id(), now, now + settings.leaseMillis())
        .compose(claimed -> claimed ? store.environment(session.environmentId()) : Future.succeededFuture(null))
        .compose(env -> env == null ? Future.succeededFuture() : store.deploymentOfSession(session.id())
          .onSuccess(deployment -> {
            LOG.info("resuming the deployment of Murano session {} of environment {}", session.id(), env.id());
            run(env, session, deployment);
          })))
      .toList())).mapEmpty();
  }

  /**
   * Runs the deployer and records its outcome with the closing report; a failure to record leaves the
   * deployment to the lease. {@code deployment} is null for one started before deployments were recorded.
   */
  private void run(Environment env, ConfigurationSession session, Deployment deployment) {
    JsonObject description = new JsonObject()
      .put("Objects", session.draft())
      .put("Attributes", new JsonArray())
      .put("project_id", env.tenantId())
      .put("user_id", session.userId());
    String deploymentId = deployment == null ? null : deployment.id();
    deployer.deploy(new DeploymentTask(env.id(), session.id(), deploymentId, description,
        deployment == null ? null : deployment.reportUrl(), deployment == null ? null : deployment.reportSecret()))
      .compose(answer -> stopping ? Future.succeededFuture(false) : finish(env, session, deploymentId, answer))
      .onFailure(err -> LOG.warn("could not record the outcome of deploying session {}; it is resumed after its lease: {}",
        session.id(), err.toString()));
  }

  /**
   * As Murano's ResultEndpoint: errors reported (now or while it ran) make it a failure; the version moves on
   * and the attempted model is the environment's even when it failed; a failed deletion keeps the model.
   */
  private Future<Boolean> finish(Environment env, ConfigurationSession session, String deploymentId,
                                 DeployerAnswer answer) {
    long now = MuranoChecks.now();
    List<DeploymentReport> reports = new ArrayList<>();
    if (deploymentId != null) {
      for (JsonObject raw : answer.reports()) {
        if (raw.getValue("text") instanceof String) {
          try {
            reports.add(DeploymentReport.fromEngine(deploymentId, raw, now));
          } catch (DateTimeParseException e) {
            reports.add(DeploymentReport.fromEngine(deploymentId, raw.copy().put("timestamp", (Object) null), now));
          }
        }
      }
    }
    if (!answer.succeeded() && deploymentId != null && reports.stream().noneMatch(r -> "error".equals(r.level()))) {
      reports.add(new DeploymentReport(MuranoChecks.newId(), deploymentId, null, env.id(),
        (session.marksDeletion() ? "Deletion" : "Deployment") + " failed: " + answer.failure(), "error", null, now));
    }
    long answerErrors = reports.stream().filter(r -> "error".equals(r.level())).count();
    long answerWarnings = reports.stream().filter(r -> "warning".equals(r.level())).count();
    JsonObject result = answer.result() != null ? answer.result() : answer.succeeded() ? new JsonObject()
      : new JsonObject().put("isException", true).put("result", new JsonObject().put("message", answer.failure()));
    // The store counts the reports already stored under the deployment's lock, so one posted while this
    // finish is written is either counted here or refused (MuranoStore.finishDeploy).
    return store.finishDeploy(env.id(), session.id(), session.draft(), now, deploymentId, result, stored -> {
      long errors = (stored == null ? 0 : stored.errors()) + answerErrors;
      long warnings = (stored == null ? 0 : stored.warnings()) + answerWarnings;
      boolean failed = !answer.succeeded() || errors > 0;
      SessionState outcome = !failed ? SessionState.DEPLOYED
        : session.marksDeletion() ? SessionState.DELETE_FAILURE : SessionState.DEPLOY_FAILURE;
      if (stored == null) {
        return new MuranoStore.Ending(outcome, List.of());
      }
      List<DeploymentReport> ending = new ArrayList<>(reports);
      ending.add(new DeploymentReport(MuranoChecks.newId(), deploymentId, null, null,
        (session.marksDeletion() ? "Deletion" : "Deployment") + " finished"
          + (errors > 0 ? " with errors" : warnings > 0 ? " with warnings" : ""), "info", null, now));
      return new MuranoStore.Ending(outcome, ending);
    });
  }
}
