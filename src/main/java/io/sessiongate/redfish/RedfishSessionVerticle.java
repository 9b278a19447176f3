package io.sessiongate.redfish;

import io.sessiongate.core.redfish.BaseMessage;
import io.sessiongate.core.redfish.RedfishSchema;
import io.sessiongate.core.auth.Identity;
import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.auth.Revocation;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.slice.SessionVerticle;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Owns the Redfish sessions and the SessionService settings: every change goes through here, to the
 * {@link RedfishSessionStore}, and into the {@link RedfishSessionView} from which the router reads a
 * session without a hop. Local addresses (request/reply, messages in {@link RedfishCommand}):
 * <ul>
 *   <li>{@value #CREATE}: {@link RedfishCommand.Create} → {@link RedfishCommand.Created}</li>
 *   <li>{@value #LIST}: {@link RedfishCommand.ListVisible} → {@link RedfishCommand.Visible}</li>
 *   <li>{@value #DELETE}: {@link RedfishCommand.Delete} → the deleted {@link RedfishSession}</li>
 *   <li>{@value #GET_SERVICE}: {@link RedfishCommand.GetService} → {@link SessionServiceSettings}</li>
 *   <li>{@value #PATCH_SERVICE}: {@link RedfishCommand.PatchService} → {@link SessionServiceSettings}</li>
 * </ul>
 * Every {@code activityWrite} it writes the uses the routers saw ({@link SessionActivity}) to the store and
 * deletes the sessions idle for longer than SessionTimeout plus that period (the slack is for uses another
 * node has seen but not yet written).
 */
public final class RedfishSessionVerticle extends SessionVerticle {
  public static final String CREATE = "sessiongate.redfish.sessions.create";
  public static final String LIST = "sessiongate.redfish.sessions.list";
  public static final String DELETE = "sessiongate.redfish.sessions.delete";
  public static final String GET_SERVICE = "sessiongate.redfish.session-service.get";
  public static final String PATCH_SERVICE = "sessiongate.redfish.session-service.patch";

  /** A revoked session must outlive every cached validation of its token: at most the longest SessionTimeout. */
  private static final long REVOCATION_LIFETIME_MILLIS = 86_400_000L + 60_000L;
  private static final Logger LOG = LoggerFactory.getLogger(RedfishSessionVerticle.class);

  private final RedfishSessionStore store;
  private final RedfishTokens tokens;
  private final SessionActivity activity;
  private final Identity identity;
  private final SessionServiceSettings initialSettings;
  private final Duration activityWrite;
  private final Clock clock;
  private boolean maintaining;
  /** The sessions and settings this verticle keeps current, which the router reads too. */
  private final RedfishSessionView view;

  RedfishSessionVerticle(RedfishSessionStore store, RedfishTokens tokens, SessionActivity activity, Identity identity,
                         SessionServiceSettings initialSettings, Duration activityWrite, Clock clock,
                         RedfishSessionView view) {
    this.store = store;
    this.clock = clock;
    this.tokens = tokens;
    this.view = view;
    this.activity = activity;
    this.identity = identity;
    this.initialSettings = initialSettings;
    this.activityWrite = activityWrite;
  }

  @Override
  protected Future<Void> prepare() {
    identity.revocations().onRevocation(revocation -> {
      if (revocation.kind() == Revocation.Kind.SESSION) {
        view.forget(revocation.key());
      }
    });
    // The registry's message texts are read from the jar here, on a worker, before any request can need them.
    return vertx.executeBlocking(() -> {
      BaseMessage.load();
      return null;
    }).compose(loaded -> store.initSettings(initialSettings)).map(loaded -> {
      settle(loaded);
      every(activityWrite, this::maintain);
      duty("redfish.expiry", activityWrite, this::expireIdle);
      return null;
    });
  }

  @Override
  protected void serveAddresses() {
    serve(CREATE, this::create);
    serve(LIST, this::list);
    serve(DELETE, this::delete);
    serve(GET_SERVICE, (RedfishCommand.GetService command) -> store.settings().onSuccess(this::settle));
    serve(PATCH_SERVICE, (RedfishCommand.PatchService command) ->
      store.updateSettings(command.sessionTimeoutSeconds(), command.serviceEnabled()).onSuccess(this::settle));
  }

  private void settle(SessionServiceSettings current) {
    view.settle(current);
  }

  private Future<RedfishCommand.Created> create(RedfishCommand.Create command) {
    if (!view.settings().serviceEnabled()) {
      return Future.failedFuture(BaseMessage.SERVICE_DISABLED.args(RedfishDocuments.SESSION_SERVICE).on(
        ApiError.of(ApiError.Reason.UNAVAILABLE,
          "The SessionService is disabled (ServiceEnabled is false); no session can be created.")));
    }
    return identity.passwords().verify(command.userName(), command.password()).compose(user -> {
      if (!user.active()) {
        return Future.failedFuture(ApiError.unauthorized("The login or password is incorrect."));
      }
      long now = clock.millis();
      String token = tokens.newToken();
      RedfishSession session = new RedfishSession(tokens.newSessionId(), RedfishTokens.hash(token), user.login(),
        user.tenant(), user.roles(), user.privileges(), command.context(), command.clientAddress(), now, now);
      return store.insert(session).map(v -> {
        view.remember(session);
        // Its client uses the token at once (a GET, its logout): the authenticator knows it without a lookup.
        identity.authenticator().remember(token, RedfishTokens.principal(session, view.settings(), now));
        return new RedfishCommand.Created(session, token);
      });
    });
  }

  private Future<RedfishCommand.Visible> list(RedfishCommand.ListVisible command) {
    Principal caller = command.caller();
    String only = RedfishSessionView.mayManageOthers(caller) ? null : caller.login();
    return store.list(only).map(sessions -> {
      long now = clock.millis();
      return new RedfishCommand.Visible(sessions.stream().filter(s -> !view.idle(s, now)).toList());
    });
  }

  private Future<RedfishSession> delete(RedfishCommand.Delete command) {
    return view.visible(command.id(), command.caller())
      .compose(session -> store.delete(session.id()))
      .compose(deleted -> {
        if (deleted == null) {
          return Future.failedFuture(RedfishSessionView.notFound(command.id()));
        }
        activity.forget(deleted.id());
        // Durable and announced to every node before the client hears the logout succeeded.
        return identity.revocations()
          .revoke(Revocation.session(deleted.id(), clock.millis() + REVOCATION_LIFETIME_MILLIS))
          .map(deleted);
      });
  }

  /** Writes back the uses this node saw and refreshes the settings; every node does this for itself. */
  private void maintain() {
    if (maintaining) {
      return;
    }
    maintaining = true;
    Map<String, Long> uses = activity.takeUnwritten();
    store.recordUse(uses)
      .onSuccess(gone -> gone.forEach(activity::forget))
      .compose(v -> store.settings())
      .onSuccess(current -> {
        settle(current);
        // Another node may delete a session this node saw; forget uses too old to matter.
        activity.forgetUsedBefore(idleBefore(current));
      })
      .onFailure(err -> {
        uses.forEach(activity::used);
        LOG.warn("could not write back Redfish session activity: {}", err.getMessage());
      })
      .onComplete(done -> maintaining = false);
  }

  /** Deletes what every node agrees is idle: one node of the cluster at a time does it. */
  private Future<List<RedfishSession>> expireIdle() {
    return store.deleteIdle(idleBefore(view.settings())).onSuccess(this::forgetExpired)
      .onFailure(err -> LOG.warn("could not delete idle Redfish sessions: {}", err.getMessage()));
  }

  /** Idle for longer than SessionTimeout plus one write-back period (uses another node saw but has not written). */
  private long idleBefore(SessionServiceSettings current) {
    return clock.millis() - current.timeoutMillis() - activityWrite.toMillis();
  }

  private void forgetExpired(List<RedfishSession> expired) {
    expired.forEach(session -> {
      activity.forget(session.id());
      view.forget(session.id());
      LOG.debug("Redfish session {} of {} expired", session.id(), session.userName());
    });
  }
}
