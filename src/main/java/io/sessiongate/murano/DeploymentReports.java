package io.sessiongate.murano;

import io.sessiongate.core.auth.Principal;
import io.sessiongate.murano.MuranoCommand.ListDeployments;
import io.sessiongate.murano.MuranoCommand.PostReport;
import io.sessiongate.murano.MuranoCommand.ShowLastStatus;
import io.sessiongate.murano.MuranoCommand.ShowReports;
import io.sessiongate.murano.MuranoReply.DeploymentList;
import io.sessiongate.murano.MuranoReply.LastStatuses;
import io.sessiongate.murano.MuranoReply.ReportList;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deployments and their status reports as Murano shows them (murano/api/v1/deployments.py,
 * environments.py last_status), and the reports the deployer posts while it works.
 */
final class DeploymentReports {
  private final MuranoStore store;
  private final MuranoChecks checks;

  DeploymentReports(MuranoStore store, MuranoChecks checks) {
    this.store = store;
    this.checks = checks;
  }

  /** Murano's Deployments.index, for one environment or (no environment) the caller's tenant. */
  Future<DeploymentList> list(ListDeployments command) {
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
    return found.map(DeploymentList::new);
  }

  /**
   * Murano's Deployments.statuses: bare 404 for an unknown deployment, bare 400 for one of another
   * environment, then (the gateway's addition, Murano checks no tenant here) check_env.
   */
  Future<ReportList> reports(ShowReports command) {
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
        .map(ReportList::new);
    });
  }

  /** Murano's Environments.last: per service of the (session's) model, the newest report about it or null. */
  Future<LastStatuses> lastStatus(ShowLastStatus command) {
    return checks.checkEnvironment(command.caller(), command.environmentId())
      .compose(snapshot -> checks.readingSession(command.environmentId(), command.sessionId())
        .compose(session -> store.environmentReports(command.environmentId()).map(reports -> {
          Map<String, DeploymentReport> last = new LinkedHashMap<>();
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
              last.put(String.valueOf(meta.getValue("id")), newest);
            }
          });
          return new LastStatuses(last);
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

  /** A report the deployer posts while it works, authenticated by the deployment's secret. */
  Future<DeploymentReport> accept(PostReport command) {
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
        report = DeploymentReport.fromEngine(deployment.id(), command.body(), MuranoChecks.now());
      } catch (DateTimeParseException e) {
        return Future.failedFuture(MuranoFaults.badTimestamp(command.body().getString("timestamp")));
      }
      return store.addReport(report).compose(added -> added
        ? Future.succeededFuture(report)
        : Future.failedFuture(MuranoFaults.deploymentFinished(command.deploymentId())));
    });
  }
}
