package io.sessiongate.redfish;

import io.sessiongate.core.redfish.BaseMessage;
import io.sessiongate.core.redfish.RedfishSchema;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.storage.ReadCache;
import io.vertx.core.Future;

import java.time.Clock;

/**
 * What a node knows of the Redfish sessions, readable from any event loop: sessions by Id (so reading one
 * costs no query; ended sessions leave it by revocation, on every node) and the SessionService settings.
 * Only the {@link RedfishSessionVerticle} changes sessions and settings; the router reads a session here
 * directly, without a hop to it.
 */
final class RedfishSessionView {
  private final RedfishSessionStore store;
  private final SessionActivity activity;
  private final Clock clock;
  /** Ended sessions leave it by {@link #forget}: a read that overlapped one is answered, not kept. */
  private final ReadCache<RedfishSession> known = new ReadCache<>(ReadCache.onReadingThread().maximumSize(100_000));
  /** Set by the verticle at every maintenance tick and on PATCH: a change made on another node applies here within a tick. */
  private volatile SessionServiceSettings settings;

  RedfishSessionView(RedfishSessionStore store, SessionActivity activity, Clock clock) {
    this.store = store;
    this.activity = activity;
    this.clock = clock;
  }

  SessionServiceSettings settings() {
    return settings;
  }

  void settle(SessionServiceSettings current) {
    settings = current;
  }

  void remember(RedfishSession session) {
    known.put(session.id(), session);
  }

  void forget(String id) {
    known.invalidate(id);
  }

  /**
   * A session read from the store (by Id here, by token hash by {@link RedfishTokens}), kept for the reads
   * after it: a session's first GET, right after its token was resolved, then costs no second query. A read
   * that overlapped a forget (the session may have just ended) is answered, not kept.
   */
  Future<RedfishSession> read(java.util.function.Supplier<Future<RedfishSession>> load) {
    return known.keep(load, RedfishSession::id);
  }

  /** The live session, if the caller may see it: its owner, or a user with ConfigureUsers. */
  Future<RedfishSession> visible(String id, Principal caller) {
    RedfishSession cached = known.cached(id);
    // A cached session that looks idle is read again: another node may have used it since.
    Future<RedfishSession> found = cached != null && !idle(cached, clock.millis())
      ? Future.succeededFuture(cached)
      : read(() -> store.find(id)).onSuccess(session -> {
          if (session == null) {
            known.invalidate(id);
          }
        });
    return found.compose(session -> {
      if (session == null || idle(session, clock.millis())) {
        return Future.failedFuture(notFound(id));
      }
      if (!caller.login().equals(session.userName()) && !mayManageOthers(caller)) {
        return Future.failedFuture(ApiError.forbidden(
          "This session belongs to another user; only its owner or a user with ConfigureUsers may use it."));
      }
      return Future.succeededFuture(session);
    });
  }

  boolean idle(RedfishSession session, long now) {
    return now - activity.lastUse(session) > settings.timeoutMillis();
  }

  static boolean mayManageOthers(Principal caller) {
    return RedfishRole.of(caller.roles()).grants(RedfishRole.CONFIGURE_USERS);
  }

  static ApiError notFound(String id) {
    return BaseMessage.RESOURCE_NOT_FOUND.args(RedfishSchema.SESSION.namespace(), id)
      .on(ApiError.notFound("No session with Id " + id + " exists (it may have ended)."));
  }
}
