package io.sessiongate.sessions;

import io.sessiongate.core.audit.AuditLog;
import io.sessiongate.core.auth.Identity;
import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.bus.BusEndpoint;
import io.sessiongate.core.api.LocalMessage;
import io.sessiongate.core.auth.Access;
import io.sessiongate.core.http.ApiSlice;
import io.sessiongate.core.api.ErrorFormat;
import io.sessiongate.core.http.Replies;
import io.sessiongate.core.tracing.RequestIds;
import io.sessiongate.core.http.SliceMount;
import io.sessiongate.core.http.SliceRoutes;
import io.sessiongate.core.storage.Storage;
import io.sessiongate.sessions.SessionCommands.OpenedSession;
import io.sessiongate.sessions.SessionCommands.PasswordLogin;
import io.sessiongate.sessions.SessionCommands.TokenLogin;
import io.vertx.core.Deployable;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.function.Supplier;

/**
 * The sessions controller of a Storware Backup &amp; Recovery (vProtect) server, seed 001, contract
 * {@code openapi/sessions.yaml}, mounted at {@code sessions-controller.base-path}. Logins answer the session
 * token as an HttpOnly cookie (and in {@code X-Auth-Token}); the state lives in
 * {@link SessionsControllerVerticle}, reached over the event bus.
 */
public final class SessionsControllerApi implements ApiSlice {
  private final Identity identity;
  private final Storage storage;
  private final SessionsControllerSettings settings;
  private final Access session;
  private final ErrorFormat errors = new SessionsErrorFormat();
  private final SessionViews views;

  public SessionsControllerApi(GatewayConfig config, Storage storage, Identity identity) {
    this.identity = identity;
    this.storage = storage;
    this.settings = SessionsControllerSettings.from(config);
    this.session = new SessionAccess(identity.authenticator(), settings.cookieName());
    this.views = new SessionViews(identity);
  }

  @Override
  public List<Supplier<? extends Deployable>> sessionVerticles() {
    return List.of(() -> new SessionsControllerVerticle(identity, storage, settings, views));
  }

  @Override
  public SliceMount mount() {
    return SliceMount.of("sessions", "openapi/sessions.yaml", settings.basePath(), errors);
  }

  @Override
  public void bind(SliceRoutes routes) {
    routes
      .on("sessionStatus", session, ctx -> Replies.empty(ctx, 204))
      .on("login", Access.PUBLIC, ctx -> {
        JsonObject body = Replies.body(ctx);
        opened(ctx, SessionsControllerVerticle.LOGIN,
          new PasswordLogin(body.getString("login"), body.getString("password"), null, clientIp(ctx), RequestIds.of(ctx)));
      })
      .on("nodeLogin", Access.PUBLIC, ctx -> {
        JsonObject body = Replies.body(ctx);
        opened(ctx, SessionsControllerVerticle.LOGIN, new PasswordLogin(body.getString("login"),
          body.getString("password"), body.getString("version"), clientIp(ctx), RequestIds.of(ctx)));
      })
      .on("loginWithToken", Access.PUBLIC, ctx ->
        opened(ctx, SessionsControllerVerticle.TOKEN_LOGIN, new TokenLogin(Replies.body(ctx).getString("token"),
          clientIp(ctx)), null))
      .on("logout", session, ctx -> BusEndpoint.<Void>ask(ctx.vertx(), SessionsControllerVerticle.LOGOUT, Access.principal(ctx))
        .onSuccess(v -> {
          AuditLog.of(ctx).loggedOut(ctx, "sessions");
          ctx.response().addCookie(sessionCookie("").setMaxAge(0));
          Replies.empty(ctx, 201);
        })
        .onFailure(ctx::fail))
      .on("refreshEndpointsTokens", session, ctx -> Replies.with(ctx,
        BusEndpoint.<SessionInfo>ask(ctx.vertx(), SessionsControllerVerticle.REFRESH_ENDPOINTS_TOKENS, Access.principal(ctx)),
        201, SessionInfo::toJson))
      .on("currentUser", session, ctx -> fromMemoryOrVerticle(ctx, views.sessionInfoBody(Access.principal(ctx)),
        SessionsControllerVerticle.SESSION_INFO, SessionInfo::toJson))
      .on("currentUserDetails", session, ctx -> fromMemoryOrVerticle(ctx, views.userDetailsBody(Access.principal(ctx)),
        SessionsControllerVerticle.USER_DETAILS, UserDetails::toJson))
      // What clients poll between every call: a token check and a 204, and who they are.
      .hot("sessionStatus")
      .hot("currentUser");
  }

  /**
   * A read answered on this event loop when all of it is in memory ({@code known}, rendered once while its parts
   * stay the same objects), else by the session verticle at {@code address}, which loads what is missing.
   */
  private static <T> void fromMemoryOrVerticle(RoutingContext ctx, Buffer known, String address,
                                               java.util.function.Function<T, JsonObject> render) {
    if (known != null) {
      Replies.json(ctx, 200, known);
    } else {
      Replies.with(ctx, BusEndpoint.<T>ask(ctx.vertx(), address, Access.principal(ctx)), 200, render);
    }
  }

  /** Sends a login to the session verticle; on success sets the session cookie and answers 201. */
  private void opened(RoutingContext ctx, String address, LocalMessage login) {
    opened(ctx, address, login, Replies.body(ctx).getString("login"));
  }

  /** {@code user} names the login in the audit log; a token login's user is known only once it succeeds. */
  private void opened(RoutingContext ctx, String address, LocalMessage login, String user) {
    AuditLog.of(ctx).login(ctx, "sessions", user, clientIp(ctx), BusEndpoint.<OpenedSession>ask(ctx.vertx(), address, login),
        opened -> opened.info().user().login())
      .onSuccess(opened -> {
        ctx.response()
          .addCookie(sessionCookie(opened.token()).setMaxAge(settings.sessionTtlSeconds()))
          .putHeader("X-Auth-Token", opened.token())
          .putHeader("Cache-Control", "no-store");
        Replies.json(ctx, 201, opened.info().toJson());
      })
      .onFailure(ctx::fail);
  }

  private Cookie sessionCookie(String value) {
    return Cookie.cookie(settings.cookieName(), value)
      .setPath(settings.basePath().isEmpty() ? "/" : settings.basePath())
      .setHttpOnly(true)
      .setSecure(true)
      .setSameSite(CookieSameSite.STRICT);
  }

  private String clientIp(RoutingContext ctx) {
    return settings.trustedProxies().clientAddress(ctx);
  }
}
