package io.sessiongate.symphony;

import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.http.ApiError;
import io.sessiongate.core.http.SessionVerticle;
import io.sessiongate.core.storage.Storage;
import io.sessiongate.symphony.SessionCommands.Close;
import io.sessiongate.symphony.SessionCommands.Create;
import io.sessiongate.symphony.SessionCommands.Get;
import io.sessiongate.symphony.SessionCommands.ListSessions;
import io.sessiongate.symphony.SessionCommands.Sessions;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Owns the Symphony workload sessions of this node: the only code that talks to the {@link SymphonyStore}.
 * One instance per node; with the PostgreSQL store every node's verticle sees the same sessions. It also
 * deletes expired sessions every {@code symphony.expiry-sweep-millis}.
 *
 * <p>Addresses (local event bus; messages in {@link SessionCommands}; failures are {@link ApiError}s):
 * <ul>
 *   <li>{@link #CREATE}: {@code Create} -> {@link WorkloadSession} (400 unknown application or cluster)</li>
 *   <li>{@link #GET}: {@code Get} -> {@link WorkloadSession} (400 unknown application, 404 no such session)</li>
 *   <li>{@link #LIST}: {@code ListSessions} -> {@code Sessions} (400 unknown application)</li>
 *   <li>{@link #CLOSE}: {@code Close} -> {@link WorkloadSession} in its final state (400, 404 as GET)</li>
 * </ul>
 */
public final class SymphonySessionVerticle extends SessionVerticle {
  public static final String CREATE = "symphony.sessions.create";
  public static final String GET = "symphony.sessions.get";
  public static final String LIST = "symphony.sessions.list";
  public static final String CLOSE = "symphony.sessions.close";

  private static final Logger LOG = LoggerFactory.getLogger(SymphonySessionVerticle.class);

  private final Storage storage;
  private final SymphonySettings settings;
  private SymphonyStore store;

  public SymphonySessionVerticle(Storage storage, SymphonySettings settings) {
    this.storage = storage;
    this.settings = settings;
  }

  @Override
  protected Future<Void> prepare() {
    store = SymphonyStore.create(storage, settings.minuteMillis());
    every(Duration.ofMillis(settings.sweepMillis()), this::deleteExpired);
    return Future.succeededFuture();
  }

  @Override
  protected void serveAddresses() {
    serve(CREATE, this::create);
    serve(GET, this::get);
    serve(LIST, this::list);
    serve(CLOSE, this::close);
  }

  private Future<WorkloadSession> create(Create command) {
    Application app = settings.applications().require(command.applicationName());
    String cluster = settings.applications().clusterFor(app, command.clusterId());
    int ttl = command.attributes().getInteger("sessionTTLInMinutes", 0);
    return store.create(new NewSession(app.name(), cluster, command.caller().login(), command.attributes(), ttl,
      System.currentTimeMillis()));
  }

  private Future<WorkloadSession> get(Get command) {
    SessionScope scope = scope(command.caller(), command.applicationName(), command.clusterId());
    return store.touch(command.sessionId(), scope, System.currentTimeMillis())
      .compose(session -> found(session, command.sessionId(), scope));
  }

  private Future<Sessions> list(ListSessions command) {
    SessionScope scope = scope(command.caller(), command.applicationName(), command.clusterId());
    return store.list(scope, command.state(), System.currentTimeMillis())
      .map(sessions -> new Sessions(scope.applicationName(), sessions));
  }

  private Future<WorkloadSession> close(Close command) {
    SessionScope scope = scope(command.caller(), command.applicationName(), command.clusterId());
    long now = System.currentTimeMillis();
    Future<WorkloadSession> closed = command.destroy()
      ? store.destroy(command.sessionId(), scope, now).map(session -> session == null ? null : session.destroyed(now))
      : store.close(command.sessionId(), scope, now);
    return closed.compose(session -> found(session, command.sessionId(), scope));
  }

  /** Fails with 400 for an unknown application, before any store work. */
  private SessionScope scope(Principal caller, String applicationName, String clusterId) {
    Application app = settings.applications().require(applicationName);
    return new SessionScope(app.name(), clusterId, caller.isAdmin() ? null : caller.login());
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

  private void deleteExpired() {
    store.deleteExpired(System.currentTimeMillis())
      .onSuccess(count -> {
        if (count > 0) {
          LOG.debug("deleted {} expired symphony session(s)", count);
        }
      })
      .onFailure(err -> LOG.warn("could not delete expired symphony sessions: {}", err.getMessage()));
  }
}
