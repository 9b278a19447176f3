package io.sessiongate.murano;

import io.sessiongate.murano.MuranoCommand.CreateEnvironment;
import io.sessiongate.murano.MuranoCommand.DeleteEnvironment;
import io.sessiongate.murano.MuranoCommand.ListEnvironments;
import io.sessiongate.murano.MuranoCommand.RenameEnvironment;
import io.sessiongate.murano.MuranoCommand.ShowEnvironment;
import io.sessiongate.murano.MuranoReply.EnvironmentList;
import io.sessiongate.murano.MuranoReply.ShownEnvironment;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Murano's environments (murano/api/v1/environments.py): listed, created, shown, renamed, deleted. */
final class Environments {
  private final MuranoStore store;
  private final MuranoChecks checks;
  private final ConfigurationSessions sessions;

  Environments(MuranoStore store, MuranoChecks checks, ConfigurationSessions sessions) {
    this.store = store;
    this.checks = checks;
    this.sessions = sessions;
  }

  Future<EnvironmentList> list(ListEnvironments command) {
    boolean allTenants = command.allTenants() != null && command.allTenants().equalsIgnoreCase("true");
    boolean namedTenant = command.tenant() != null && !command.tenant().isEmpty();
    // Murano's policy list_environments_all_tenants guards both, even a tenant= naming the caller's own.
    if ((allTenants || namedTenant) && !command.caller().isAdmin()) {
      return Future.failedFuture(MuranoFaults.otherTenant());
    }
    String tenant = allTenants ? null : namedTenant ? command.tenant() : command.caller().tenant();
    return store.snapshots(tenant).map(EnvironmentList::new);
  }

  Future<Environment> create(CreateEnvironment command) {
    JsonObject body = command.body();
    String name = body.getValue("name") instanceof String text ? text : null;
    if (name == null || name.isBlank()) {
      return Future.failedFuture(MuranoFaults.nameMissing());
    }
    if (name.codePointCount(0, name.length()) > MuranoChecks.MAX_NAME_LENGTH) {
      return Future.failedFuture(MuranoFaults.nameTooLong());
    }
    long now = MuranoChecks.now();
    Environment environment = new Environment(MuranoChecks.newId(), name, command.caller().tenant(), "", 0,
      Environment.initialModel(body), null, now, now);
    return store.insertEnvironment(environment).map(environment);
  }

  /** With the services of the session's draft when a session is named (and checked), else the deployed ones. */
  Future<ShownEnvironment> show(ShowEnvironment command) {
    return checks.checkEnvironment(command.caller(), command.environmentId())
      .compose(snapshot -> {
        if (command.sessionId() == null) {
          return Future.succeededFuture(new ShownEnvironment(snapshot, snapshot.services(null)));
        }
        return store.session(command.sessionId())
          .compose(session -> checks.checkSession(command.caller(), command.environmentId(), session,
              command.sessionId())
            .map(checked -> new ShownEnvironment(snapshot, snapshot.services(session))));
      });
  }

  Future<Environment> rename(RenameEnvironment command) {
    return checks.checkEnvironment(command.caller(), command.environmentId()).map(EnvironmentSnapshot::environment)
      .compose(env -> {
        String name = command.body().getValue("name") instanceof String text ? text : "";
        if (name.isBlank()) {
          return Future.failedFuture(MuranoFaults.nameBlank());
        }
        if (name.codePointCount(0, name.length()) > MuranoChecks.MAX_NAME_LENGTH) {
          return Future.failedFuture(MuranoFaults.nameTooLong());
        }
        return store.rename(env.id(), name, MuranoChecks.now()).compose(renamed -> renamed == null
          ? Future.failedFuture(MuranoFaults.environmentNotFound(env.id()))
          : Future.succeededFuture(renamed));
      });
  }

  /** Murano deletes by deploying a session whose model marks the environment deleted; abandon removes at once. */
  Future<Void> delete(DeleteEnvironment command) {
    return checks.checkEnvironment(command.caller(), command.environmentId()).map(EnvironmentSnapshot::environment)
      .compose(env -> command.abandon()
        ? store.removeEnvironment(env.id())
        : sessions.open(command.caller(), env.id(), true)
          .compose(session -> sessions.deploy(command.caller(), env.id(), session.id(), command.reportBase())));
  }
}
