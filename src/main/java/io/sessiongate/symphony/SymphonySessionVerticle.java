package io.sessiongate.symphony;

import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.slice.SessionVerticle;
import io.sessiongate.core.storage.Storage;
import io.sessiongate.symphony.SessionCommands.Applications;
import io.sessiongate.symphony.SessionCommands.Close;
import io.sessiongate.symphony.SessionCommands.Create;
import io.sessiongate.symphony.SessionCommands.Get;
import io.sessiongate.symphony.SessionCommands.ListApplications;
import io.sessiongate.symphony.SessionCommands.ListSessions;
import io.sessiongate.symphony.SessionCommands.RegisterApplication;
import io.sessiongate.symphony.SessionCommands.Registered;
import io.sessiongate.symphony.SessionCommands.RemoveApplication;
import io.sessiongate.symphony.SessionCommands.Sessions;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Owns the Symphony workload sessions and the admin-registered applications of this node: the only code
 * that talks to the {@link SymphonyStore}.
 * One instance per node; with the PostgreSQL store every node's verticle sees the same sessions. It also
 * deletes expired sessions every {@code symphony.expiry-sweep-millis}.
 *
 * <p>Addresses (local event bus; messages in {@link SessionCommands}; failures are {@link ApiError}s):
 * <ul>
 *   <li>{@link #CREATE}: {@code Create} -> {@link WorkloadSession} (400 unknown application or cluster)</li>
 *   <li>{@link #GET}: {@code Get} -> {@link WorkloadSession} (400 unknown application, 404 no such session)</li>
 *   <li>{@link #LIST}: {@code ListSessions} -> {@code Sessions} (400 unknown application)</li>
 *   <li>{@link #CLOSE}: {@code Close} -> {@link WorkloadSession} in its final state (400, 404 as GET)</li>
 *   <li>{@link #APPLICATIONS_LIST}: {@code ListApplications} -> {@code Applications} (configured, then admin-registered)</li>
 *   <li>{@link #APPLICATIONS_PUT}: {@code RegisterApplication} -> {@code Registered} (409 for a configured name)</li>
 *   <li>{@link #APPLICATIONS_REMOVE}: {@code RemoveApplication} -> the removed {@link Application}
 *       (404 unknown, 409 configured or still has sessions)</li>
 * </ul>
 */
public final class SymphonySessionVerticle extends SessionVerticle {
  public static final String CREATE = "sessiongate.symphony.sessions.create";
  public static final String GET = "sessiongate.symphony.sessions.get";
  public static final String LIST = "sessiongate.symphony.sessions.list";
  public static final String CLOSE = "sessiongate.symphony.sessions.close";
  public static final String APPLICATIONS_LIST = "sessiongate.symphony.applications.list";
  public static final String APPLICATIONS_PUT = "sessiongate.symphony.applications.put";
  public static final String APPLICATIONS_REMOVE = "sessiongate.symphony.applications.remove";

  private static final Logger LOG = LoggerFactory.getLogger(SymphonySessionVerticle.class);

  private final Storage storage;
  private final SymphonySettings settings;
  private final Clock clock;
  private SymphonyStore store;

  public SymphonySessionVerticle(Storage storage, SymphonySettings settings, Clock clock) {
    this.clock = clock;
    this.storage = storage;
    this.settings = settings;
  }

  @Override
  protected Future<Void> prepare() {
    store = SymphonyStore.create(storage, settings.minuteMillis());
    duty("symphony.expiry", Duration.ofMillis(settings.sweepMillis()), this::deleteExpired);
    return Future.succeededFuture();
  }

  @Override
  protected void serveAddresses() {
    serve(CREATE, this::create);
    serve(GET, this::get);
    serve(LIST, this::list);
    serve(CLOSE, this::close);
    serve(APPLICATIONS_LIST, this::listApplications);
    serve(APPLICATIONS_PUT, this::registerApplication);
    serve(APPLICATIONS_REMOVE, this::removeApplication);
  }

  private Future<WorkloadSession> create(Create command) {
    return application(command.applicationName()).compose(app -> {
      String cluster = settings.applications().clusterFor(app, command.clusterId());
      int ttl = command.attributes().getInteger("sessionTTLInMinutes", 0);
      return store.create(new NewSession(app.name(), cluster, command.caller().login(), command.attributes(), ttl,
        clock.millis()));
    });
  }

  private Future<WorkloadSession> get(Get command) {
    return scope(command.caller(), command.applicationName(), command.clusterId()).compose(scope ->
      store.touch(command.sessionId(), scope, clock.millis())
        .compose(session -> found(session, command.sessionId(), scope)));
  }

  private Future<Sessions> list(ListSessions command) {
    return scope(command.caller(), command.applicationName(), command.clusterId()).compose(scope ->
      store.list(scope, command.state(), clock.millis())
        .map(sessions -> new Sessions(scope.applicationName(), sessions)));
  }

  private Future<WorkloadSession> close(Close command) {
    return scope(command.caller(), command.applicationName(), command.clusterId()).compose(scope -> {
      long now = clock.millis();
      Future<WorkloadSession> closed = command.destroy()
        ? store.destroy(command.sessionId(), scope, now).map(session -> session == null ? null : session.destroyed(now))
        : store.close(command.sessionId(), scope, now);
      return closed.compose(session -> found(session, command.sessionId(), scope));
    });
  }

  private Future<Applications> listApplications(ListApplications command) {
    return store.applications().map(registered -> {
      List<Application> all = new ArrayList<>(settings.applications().all());
      all.addAll(registered);
      return new Applications(all);
    });
  }

  private Future<Registered> registerApplication(RegisterApplication command) {
    Application app = command.application();
    if (settings.applications().find(app.name()) != null) {
      return Future.failedFuture(configured(app.name()));
    }
    return store.putApplication(app).map(created -> new Registered(app, created));
  }

  private Future<Application> removeApplication(RemoveApplication command) {
    String name = command.name();
    if (settings.applications().find(name) != null) {
      return Future.failedFuture(configured(name));
    }
    return store.application(name).compose(app -> store.removeApplication(name, clock.millis())
      .compose(removal -> switch (removal) {
        case REMOVED -> Future.succeededFuture(app);
        case NOT_FOUND -> Future.failedFuture(ApiError.notFound("No application '" + name + "' was registered by an admin."));
        case HAS_SESSIONS -> Future.failedFuture(ApiError.conflict("The application '" + name
          + "' still has sessions; close them with destroyOnCloseFlag=true (or let them expire) first."));
      }));
  }

  private static ApiError configured(String name) {
    return ApiError.conflict("The application '" + name + "' is defined in symphony.applications; change it there.");
  }

  /** A configured application, else one an admin registered; 400 when neither. */
  private Future<Application> application(String name) {
    Application configured = settings.applications().find(name);
    if (configured != null) {
      return Future.succeededFuture(configured);
    }
    return store.application(name).compose(app -> app != null
      ? Future.succeededFuture(app) : Future.failedFuture(settings.applications().unknown(name)));
  }

  /** Fails with 400 for an unknown application, before any session is looked at. */
  private Future<SessionScope> scope(Principal caller, String applicationName, String clusterId) {
    return application(applicationName)
      .map(app -> new SessionScope(app.name(), clusterId, caller.isAdmin() ? null : caller.login()));
  }

  /** Another user's session answers as a missing one: its id tells the caller nothing. */
  private static Future<WorkloadSession> found(WorkloadSession session, long sessionId, SessionScope scope) {
    if (session == null) {
      return Future.failedFuture(ApiError.notFound("No session " + sessionId + " of the application '"
        + scope.applicationName() + "'" + (scope.clusterId() == null ? "" : " on the cluster '" + scope.clusterId() + "'")
        + " (it may have been destroyed or have expired)."));
    }
    return Future.succeededFuture(session);
  }

  private Future<Integer> deleteExpired() {
    return store.deleteExpired(clock.millis())
      .onSuccess(count -> {
        if (count > 0) {
          LOG.debug("deleted {} expired symphony session(s)", count);
        }
      })
      .onFailure(err -> LOG.warn("could not delete expired symphony sessions: {}", err.getMessage()));
  }
}
