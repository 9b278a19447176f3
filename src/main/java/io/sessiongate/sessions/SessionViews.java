package io.sessiongate.sessions;

import io.sessiongate.core.auth.FeedCache;
import io.sessiongate.core.auth.Identity;
import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.auth.User;
import io.sessiongate.core.http.RenderedBodies;
import io.vertx.core.buffer.Buffer;

/**
 * What the session info and user details are made of, cached per node until the revocation feed says it
 * changed: the login state per login and the controller session per session id (the account is the
 * identity core's). {@link SessionsControllerVerticle} fills and uses them; the routes read them too, so a
 * request whose parts are all in memory is answered on the router's event loop without a bus round trip.
 * That read is the one the verticle would make: both read these caches, and only the feed empties them.
 */
final class SessionViews {
  final FeedCache<LoginState> loginStates;
  final FeedCache<ControllerSession> sessions;
  private final Identity identity;
  /** What clients poll (who am I): rendered once per session, and per login, while its parts stay the same. */
  private final RenderedBodies renderedInfos = new RenderedBodies(10_000);
  private final RenderedBodies renderedDetails = new RenderedBodies(10_000);

  SessionViews(Identity identity) {
    this.identity = identity;
    this.loginStates = identity.cacheByLogin();
    this.sessions = identity.cacheBySession();
  }

  /** The session info if all of it is in memory, else null (ask the verticle, which loads what is missing). */
  SessionInfo sessionInfo(Principal principal) {
    ControllerSession session = principal.sessionId() == null ? null : sessions.cached(principal.sessionId());
    if (session == null) {
      return null;
    }
    UserDetails details = userDetails(principal);
    return details == null ? null : SessionInfo.of(details, session);
  }

  /** The session info's body if all of it is in memory, else null. */
  Buffer sessionInfoBody(Principal principal) {
    SessionInfo info = sessionInfo(principal);
    return info == null ? null
      : renderedInfos.body(info.session().sessionId(), info.user(), info.session(), info.state(), info::toJson);
  }

  /** The user details' body if all of them are in memory, else null. */
  Buffer userDetailsBody(Principal principal) {
    UserDetails details = userDetails(principal);
    return details == null ? null
      : renderedDetails.body(details.user().login(), details.user(), details.state(), null, details::toJson);
  }

  /** The user details if all of them are in memory, else null. */
  UserDetails userDetails(Principal principal) {
    User user = identity.cachedAccount(principal.login());
    LoginState state = user == null ? null : loginStates.cached(principal.login());
    return state == null ? null : new UserDetails(user, state);
  }
}
