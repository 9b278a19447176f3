package io.sessiongate.admin;

import io.sessiongate.core.audit.AuditEvent;
import io.sessiongate.core.audit.AuditLog;
import io.sessiongate.core.auth.CredentialAccess;
import io.sessiongate.core.auth.Identity;
import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.auth.User;
import io.sessiongate.core.auth.Access;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.http.ApiSlice;
import io.sessiongate.core.api.ErrorFormat;
import io.sessiongate.core.http.ProblemFormat;
import io.sessiongate.core.http.Replies;
import io.sessiongate.core.http.SliceMount;
import io.sessiongate.core.http.SliceRoutes;
import io.sessiongate.deviceproxy.DeviceAdministration;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The gateway's own API ({@code openapi/admin.yaml}): the password grant at {@code /auth/token}, user
 * administration under {@code /admin/users} and the device registry under {@code /admin/devices}. It owns no session state of its own beyond the identity core,
 * so it has no session verticle: handlers call the identity core directly.
 */
public final class AdminApi implements ApiSlice {
  private final Identity identity;
  private final UserAdministration users;
  private final Access anyUser;
  private final Access adminOnly;
  private final DeviceAdministration devices;

  public AdminApi(Identity identity, DeviceAdministration devices) {
    this.identity = identity;
    this.devices = devices;
    this.users = new UserAdministration(identity);
    this.anyUser = CredentialAccess.tokens(identity.authenticator());
    this.adminOnly = CredentialAccess.tokens(identity.authenticator()).orBasic()
      .requiring(Principal::isAdmin, "This operation needs the admin role.");
  }

  @Override
  public SliceMount mount() {
    return SliceMount.of("admin", "openapi/admin.yaml", "", ProblemFormat.INSTANCE).owning("/admin");
  }

  @Override
  public void bind(SliceRoutes routes) {
    routes
      .on("issueToken", Access.PUBLIC, this::issueToken)
      .on("revokeToken", anyUser, this::revokeToken)
      .on("listUsers", adminOnly, ctx -> Replies.with(ctx, users.list(ctx.queryParams().get("tenant")), 200,
        list -> new JsonObject().put("items", new JsonArray(list.stream().map(User::toJson).toList()))))
      .on("createUser", adminOnly, ctx -> Replies.with(ctx, AuditLog.of(ctx).changed(ctx, AuditEvent.USER_CREATED,
        Replies.body(ctx).getString("login"), Replies.body(ctx), users.create(Replies.body(ctx))), 201, User::toJson))
      .on("getUser", adminOnly, ctx -> Replies.with(ctx, users.get(ctx.pathParam("login")), 200, User::toJson))
      .on("updateUser", adminOnly, ctx -> Replies.with(ctx, AuditLog.of(ctx).changed(ctx, AuditEvent.USER_UPDATED,
        ctx.pathParam("login"), Replies.body(ctx), users.update(ctx.pathParam("login"), Replies.body(ctx))), 200, User::toJson))
      .on("deleteUser", adminOnly, ctx -> AuditLog.of(ctx).changed(ctx, AuditEvent.USER_DELETED, ctx.pathParam("login"),
          null, users.delete(ctx.pathParam("login")))
        .onSuccess(v -> Replies.empty(ctx, 204))
        .onFailure(ctx::fail));
    devices.bind(routes, adminOnly);
  }

  private void issueToken(RoutingContext ctx) {
    JsonObject body = Replies.body(ctx);
    AuditLog.of(ctx).login(ctx, "admin", body.getString("login"), identity.passwords().verify(body.getString("login"), body.getString("password"))
      .compose(user -> user.active()
        ? io.vertx.core.Future.succeededFuture(identity.issueToken(user))
        : io.vertx.core.Future.failedFuture(ApiError.forbidden("The account '" + user.login() + "' is deactivated."))))
      .onSuccess(issued -> Replies.json(ctx, 200, new JsonObject()
        .put("token", issued.token())
        .put("expiresAt", issued.expiresAtMillis())))
      .onFailure(ctx::fail);
  }

  private void revokeToken(RoutingContext ctx) {
    identity.endSession(Access.principal(ctx))
      .onSuccess(v -> AuditLog.of(ctx).loggedOut(ctx, "admin"))
      .onSuccess(v -> Replies.empty(ctx, 204))
      .onFailure(ctx::fail);
  }
}
