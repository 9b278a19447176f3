package io.sessiongate.murano;

import io.sessiongate.core.audit.AuditLog;
import io.sessiongate.core.auth.Identity;
import io.sessiongate.core.auth.TokenService;
import io.sessiongate.core.auth.User;
import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.auth.Access;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.http.ApiSlice;
import io.sessiongate.core.api.ErrorFormat;
import io.sessiongate.core.http.Replies;
import io.sessiongate.core.http.SliceMount;
import io.sessiongate.core.http.SliceRoutes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A minimal Keystone v3 (contract keystone.yaml) so OpenStack clients log in unchanged: the password method
 * of {@code POST /v3/auth/tokens} answers a gateway token in {@code X-Subject-Token} and a catalog whose
 * {@code application-catalog} endpoint is this gateway's Murano API. Stateless: tokens are gateway JWTs.
 */
public final class KeystoneApi implements ApiSlice {
  private static final JsonObject DEFAULT_DOMAIN = new JsonObject().put("id", "default").put("name", "Default");
  private static final String REGION = "RegionOne";

  private final Identity identity;
  private final String basePath;
  private final String muranoPath;
  private final ErrorFormat errors = new KeystoneErrorFormat();

  public KeystoneApi(GatewayConfig config, Identity identity) {
    this.identity = identity;
    this.basePath = config.section("murano").pathPrefix("keystone-path");
    this.muranoPath = MuranoSettings.from(config).basePath();
  }

  @Override
  public SliceMount mount() {
    return SliceMount.of("keystone", "openapi/keystone.yaml", basePath, errors);
  }

  @Override
  public void bind(SliceRoutes routes) {
    routes
      .on("showIdentityVersion", Access.PUBLIC, ctx -> Replies.json(ctx, 200, new JsonObject().put("version",
        new JsonObject()
          .put("id", "v3.14")
          .put("status", "stable")
          .put("updated", "2020-04-07T00:00:00Z")
          .put("links", new JsonArray().add(new JsonObject().put("rel", "self").put("href", origin(ctx) + basePath + "/v3/")))
          .put("media-types", new JsonArray().add(new JsonObject().put("base", "application/json")
            .put("type", "application/vnd.openstack.identity-v3+json"))))))
      .on("issueKeystoneToken", Access.PUBLIC, this::issueToken);
  }

  private void issueToken(RoutingContext ctx) {
    JsonObject auth = Replies.body(ctx).getJsonObject("auth");
    JsonObject user = auth.getJsonObject("identity").getJsonObject("password").getJsonObject("user");
    String login = user.getString("name", user.getString("id"));
    if (login == null) {
      ctx.fail(ApiError.invalid("Expecting to find name or id of the user in auth.identity.password.user.",
        "/auth/identity/password/user"));
      return;
    }
    JsonObject project = auth.getJsonObject("scope", new JsonObject()).getJsonObject("project");
    AuditLog.of(ctx).login(ctx, "keystone", login, identity.passwords().verify(login, user.getString("password"))
      .recover(err -> Future.failedFuture(err instanceof ApiError refused && refused.status() < 500
        ? ApiError.unauthorized("The request you have made requires authentication.") : err))
      .compose(account -> {
        if (!account.active()) {
          return Future.failedFuture(ApiError.unauthorized("The account is disabled for user: " + login + "."));
        }
        if (project != null && !account.tenant().equals(project.getString("id", project.getString("name")))) {
          return Future.failedFuture(ApiError.unauthorized("User " + login + " has no access to project "
            + project.getString("id", project.getString("name")) + "."));
        }
        return Future.succeededFuture(account);
      }))
      .onSuccess(account -> {
        TokenService.IssuedToken issued = identity.issueToken(account);
        ctx.response().putHeader("X-Subject-Token", issued.token());
        Replies.json(ctx, 201, new JsonObject().put("token", token(ctx, account, issued)));
      })
      .onFailure(ctx::fail);
  }

  private JsonObject token(RoutingContext ctx, User user, TokenService.IssuedToken issued) {
    JsonArray roles = new JsonArray();
    user.roles().stream().sorted().forEach(role -> roles.add(new JsonObject().put("id", role).put("name", role)));
    String murano = origin(ctx) + muranoPath;
    return new JsonObject()
      .put("methods", new JsonArray().add("password"))
      .put("user", new JsonObject().put("id", user.login()).put("name", user.login()).put("domain", DEFAULT_DOMAIN.copy()))
      .put("project", new JsonObject().put("id", user.tenant()).put("name", user.tenant()).put("domain", DEFAULT_DOMAIN.copy()))
      .put("roles", roles)
      .put("issued_at", keystoneTime(issued.issuedAtMillis()))
      .put("expires_at", keystoneTime(issued.expiresAtMillis()))
      .put("catalog", new JsonArray().add(new JsonObject()
        .put("id", "application-catalog")
        .put("type", "application-catalog")
        .put("name", "murano")
        .put("endpoints", new JsonArray()
          .add(endpoint("public", murano))
          .add(endpoint("internal", murano))
          .add(endpoint("admin", murano)))));
  }

  private static JsonObject endpoint(String face, String url) {
    return new JsonObject().put("id", "murano-" + face).put("interface", face).put("region", REGION)
      .put("region_id", REGION).put("url", url);
  }

  /** The scheme and authority the client used, so the catalog points back at the same front door. */
  private static String origin(RoutingContext ctx) {
    return ctx.request().scheme() + "://" + ctx.request().authority();
  }

  private static String keystoneTime(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.MICROS).toString();
  }
}
