package io.sessiongate.murano;

import io.sessiongate.core.auth.Principal;
import io.sessiongate.murano.MuranoCommand.ListDeployments;
import io.sessiongate.murano.MuranoCommand.PostReport;
import io.sessiongate.murano.MuranoCommand.Reply;
import io.sessiongate.murano.MuranoCommand.ShowLastStatus;
import io.sessiongate.murano.MuranoCommand.ShowReports;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Deployments for the session verticle: each deploy (or deletion) is a recorded deployment with status
 * reports, as Murano's tasks and statuses (murano/api/v1/deployments.py, murano/db/services/actions.py,
 * murano/common/server.py). It starts them, runs the {@link Deployer}, records the outcome, resumes the
 * abandoned ones, takes the deployer's reports, and answers the deployment and lastStatus reads.
 */
final class Deployments {
  private static final Logger LOG = LoggerFactory.getLogger(Deployments.class);

  private final MuranoStore store;
  private final MuranoChecks checks;
  private final MuranoSettings settings;
  private final Deployer deployer;
  private final SecureRandom random = new SecureRandom();
  private boolean stopping;

  Deployments(MuranoStore store, MuranoChecks checks, MuranoSettings settings, Deployer deployer) {
    this.store = store;
    this.checks = checks;
    this.settings = settings;
    this.deployer = deployer;
  }

  /** Like a crash: deployments still running are left to the lease and resumed by whichever node sweeps next. */
  Future<Void> close() {
    stopping = true;
    return deployer.close();
  }

  // --- running deployments

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
            reports.add(report(deploymentId, raw, now));
          } catch (DateTimeParseException e) {
            reports.add(report(deploymentId, raw.copy().put("timestamp", (Object) null), now));
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

  // --- reading deployments and reports

  /** Murano's Deployments.index, for one environment or (no environment) the caller's tenant. */
  Future<Reply> list(ListDeployments command) {
    Principal caller = command.caller();
    Future<List<Deployment>> found;
    if (command.environmentId() != null) {
      found = checks.checkEnvironment(caller, command.environmentId())
        .compose(snapshot -> store.deployments(command.environmentId()));
    } else if ("true".equalsIgnoreCase(command.allTenants())) {
      found = caller.isAdmin() ? store.tenantDeployments(null) : Future.failedFuture(MuranoFaults.otherTenant());
    } else {
      found = store.tenantDeployments(caller.tenant());
    }
    return found.map(deployments -> new Reply(new JsonObject().put("deployments",
      new JsonArray(deployments.stream().map(Deployment::toDict).toList()))));
  }

  /**
   * Murano's Deployments.statuses: bare 404 for an unknown deployment, bare 400 for one of another
   * environment, then (the gateway's addition, Murano checks no tenant here) check_env.
   */
  Future<Reply> reports(ShowReports command) {
    return store.deployment(command.deploymentId()).compose(deployment -> {
      if (deployment == null) {
        return Future.failedFuture(MuranoFaults.bareNotFound());
      }
      if (!deployment.environmentId().equals(command.environmentId())) {
        return Future.failedFuture(MuranoFaults.bareBadRequest("env_id"));
      }
      return checks.checkEnvironment(command.caller(), command.environmentId())
        .compose(snapshot -> store.reports(deployment.id()))
        .map(reports -> {
          if (command.serviceIds().isEmpty()) {
            return reports;
          }
          Set<String> entityIds = new LinkedHashSet<>();
          deployment.shownDescription().getJsonArray("services").forEach(service -> {
            if (service instanceof JsonObject object && object.getValue("?") instanceof JsonObject meta
              && command.serviceIds().contains(String.valueOf(meta.getValue("id")))) {
              collectEntityIds(object, entityIds);
            }
          });
          return reports.stream().filter(report -> entityIds.contains(report.entityId())).toList();
        })
        .map(reports -> new Reply(new JsonObject().put("reports",
          new JsonArray(reports.stream().map(DeploymentReport::toDict).toList()))));
    });
  }

  /** Murano's Environments.last: per service of the (session's) model, the newest report about it or null. */
  Future<Reply> lastStatus(ShowLastStatus command) {
    return checks.checkEnvironment(command.caller(), command.environmentId())
      .compose(snapshot -> checks.readingSession(command.environmentId(), command.sessionId())
        .compose(session -> store.environmentReports(command.environmentId()).map(reports -> {
          JsonObject last = new JsonObject();
          JsonArray services = snapshot.rawServices(session);
          (services == null ? new JsonArray() : services).forEach(service -> {
            if (service instanceof JsonObject object && object.getValue("?") instanceof JsonObject meta
              && meta.getValue("id") != null) {
              Set<String> entityIds = new LinkedHashSet<>();
              collectEntityIds(object, entityIds);
              DeploymentReport newest = null;
              for (DeploymentReport report : reports) {
                if (entityIds.contains(report.entityId())) {
                  newest = report;
                }
              }
              last.put(String.valueOf(meta.getValue("id")), newest == null ? null : newest.toDict());
            }
          });
          return new Reply(new JsonObject().put("lastStatuses", last));
        })));
  }

  /** Murano's build_entity_map: the ids of every object (a map with {@code ?.id}) in the value. */
  private static void collectEntityIds(Object value, Set<String> into) {
    if (value instanceof JsonObject object) {
      if (object.getValue("?") instanceof JsonObject meta && meta.getValue("id") != null) {
        into.add(String.valueOf(meta.getValue("id")));
      }
      object.forEach(entry -> collectEntityIds(entry.getValue(), into));
    } else if (value instanceof JsonArray array) {
      array.forEach(item -> collectEntityIds(item, into));
    }
  }

  // --- the deployer's reports

  /** A report the deployer posts while it works, authenticated by the deployment's secret. */
  Future<Reply> accept(PostReport command) {
    return store.deployment(command.deploymentId()).compose(deployment -> {
      if (deployment == null) {
        return Future.failedFuture(MuranoFaults.deploymentNotFound(command.deploymentId()));
      }
      if (command.secret() == null || !MessageDigest.isEqual(deployment.reportSecret().getBytes(StandardCharsets.UTF_8),
        command.secret().getBytes(StandardCharsets.UTF_8))) {
        return Future.failedFuture(MuranoFaults.reportSecretMismatch(command.deploymentId()));
      }
      if (!deployment.running()) {
        return Future.failedFuture(MuranoFaults.deploymentFinished(command.deploymentId()));
      }
      DeploymentReport report;
      try {
        report = report(deployment.id(), command.body(), MuranoChecks.now());
      } catch (DateTimeParseException e) {
        return Future.failedFuture(MuranoFaults.badTimestamp(command.body().getString("timestamp")));
      }
      return store.addReport(report).compose(added -> added
        ? Future.succeededFuture(new Reply(report.toDict()))
        : Future.failedFuture(MuranoFaults.deploymentFinished(command.deploymentId())));
    });
  }

  /**
   * A report as Murano's engine sends one (murano/engine/system/status_reporter.py): {@code id} (or
   * {@code entity_id}) the object it is about, {@code text}, {@code level} (default info), {@code details},
   * {@code timestamp} (ISO 8601, UTC when it has no zone; default now), and {@code entity}.
   */
  private static DeploymentReport report(String deploymentId, JsonObject raw, long now) {
    Object entityId = raw.getValue("entity_id") != null ? raw.getValue("entity_id") : raw.getValue("id");
    Object details = raw.getValue("details");
    Object level = raw.getValue("level");
    Object timestamp = raw.getValue("timestamp");
    return new DeploymentReport(MuranoChecks.newId(), deploymentId,
      raw.getValue("entity") instanceof String entity ? entity : null,
      entityId == null ? null : String.valueOf(entityId),
      raw.getString("text"),
      level instanceof String given && !given.isEmpty() ? given : "info",
      details == null ? null : details instanceof String text ? text : io.vertx.core.json.Json.encode(details),
      timestamp instanceof String iso ? epochMillis(iso) : now);
  }

  private static long epochMillis(String iso) {
    try {
      return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
    } catch (DateTimeParseException withoutZone) {
      return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
  }
}
