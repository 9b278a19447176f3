package io.sessiongate.symphony;

import io.sessiongate.core.auth.Identity;
import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.bus.BusEndpoint;
import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.auth.Access;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.http.ApiSlice;
import io.sessiongate.core.api.ErrorFormat;
import io.sessiongate.core.http.Replies;
import io.sessiongate.core.http.SliceMount;
import io.sessiongate.core.http.SliceRoutes;
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
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.function.Supplier;

/**
 * The Symphony-style client API (symrest, seed 000): contract {@code openapi/symphony.yaml}, mounted at
 * {@code symphony.base-path}. Handlers check what needs no state (the cross-field rules of the body) and ask
 * {@link SymphonySessionVerticle}, which owns the sessions and the admin-registered applications.
 */
public final class SymphonyApi implements ApiSlice {
  private final Identity identity;
  private final Storage storage;
  private final SymphonySettings settings;
  private final SymrestLogin login;
  private final ErrorFormat errors = new SymphonyErrorFormat();

  public SymphonyApi(GatewayConfig config, Identity identity, Storage storage) {
    this.identity = identity;
    this.storage = storage;
    this.settings = SymphonySettings.from(config);
    this.login = new SymrestLogin(identity, settings.basePath());
  }

  @Override
  public List<Supplier<? extends Deployable>> sessionVerticles() {
    return List.of(() -> new SymphonySessionVerticle(storage, settings, identity.clock()));
  }

  @Override
  public SliceMount mount() {
    return SliceMount.of("symphony", "openapi/symphony.yaml", settings.basePath(), errors);
  }

  @Override
  public void bind(SliceRoutes routes) {
    Access reading = SymrestAccess.reading(identity.authenticator());
    Access changing = SymrestAccess.stateChanging(identity.authenticator());
    routes
      .on("symrestLogin", SymrestAccess.basicOnly(identity.authenticator()), login::login)
      .on("symrestRenew", reading, login::renew)
      .on("createWorkloadSession", changing, this::create)
      .on("getWorkloadSession", reading, ctx -> Replies.with(ctx, BusEndpoint.ask(ctx.vertx(), SymphonySessionVerticle.GET,
        new Get(Access.principal(ctx), application(ctx), cluster(ctx), sessionId(ctx))), 200, WorkloadSession::toJson))
      .on("listWorkloadSessions", reading, ctx -> Replies.with(ctx, BusEndpoint.ask(ctx.vertx(), SymphonySessionVerticle.LIST,
        new ListSessions(Access.principal(ctx), application(ctx), cluster(ctx), state(ctx))), 200, SymphonyApi::sessionList))
      .on("closeWorkloadSession", changing, ctx -> Replies.with(ctx, BusEndpoint.ask(ctx.vertx(), SymphonySessionVerticle.CLOSE,
        new Close(Access.principal(ctx), application(ctx), cluster(ctx), sessionId(ctx), destroy(ctx))), 200,
        WorkloadSession::toJson))
      .on("listSymphonyApplications", adminOnly(reading), ctx -> Replies.with(ctx,
        BusEndpoint.ask(ctx.vertx(), SymphonySessionVerticle.APPLICATIONS_LIST, new ListApplications()), 200,
        (Applications list) -> new JsonObject()
          .put("applications", new JsonArray(list.applications().stream().map(Application::toJson).toList()))))
      .on("registerSymphonyApplication", adminOnly(changing), this::registerApplication)
      .on("removeSymphonyApplication", adminOnly(changing), ctx -> BusEndpoint.ask(ctx.vertx(),
          SymphonySessionVerticle.APPLICATIONS_REMOVE, new RemoveApplication(ctx.pathParam("applicationName")))
        .onSuccess(removed -> Replies.empty(ctx, 204))
        .onFailure(ctx::fail));
  }

  private void registerApplication(RoutingContext ctx) {
    List<String> clusters = Replies.body(ctx).getJsonArray("clusters").stream().map(String.class::cast).toList();
    Application app = new Application(ctx.pathParam("applicationName"), clusters, false);
    BusEndpoint.<Registered>ask(ctx.vertx(), SymphonySessionVerticle.APPLICATIONS_PUT, new RegisterApplication(app))
      .onSuccess(registered -> Replies.json(ctx, registered.created() ? 201 : 200, registered.application().toJson()))
      .onFailure(ctx::fail);
  }

  private static Access adminOnly(Access access) {
    return ctx -> access.resolve(ctx).compose(principal -> principal.isAdmin()
      ? Future.succeededFuture(principal)
      : Future.failedFuture(ApiError.forbidden("Registering applications needs the admin role.")));
  }

  private void create(RoutingContext ctx) {
    JsonObject attributes = Replies.body(ctx);
    try {
      SessionAttributeRules.check(attributes);
    } catch (ApiError invalid) {
      ctx.fail(invalid);
      return;
    }
    Principal caller = Access.principal(ctx);
    Replies.with(ctx, BusEndpoint.ask(ctx.vertx(), SymphonySessionVerticle.CREATE,
      new Create(caller, application(ctx), cluster(ctx), attributes)), 200, (WorkloadSession session) -> new JsonObject()
        .put("sessionId", session.sessionId())
        .put("applicationName", session.applicationName())
        .put("clusterId", session.clusterId()));
  }

  private static JsonObject sessionList(Sessions list) {
    return new JsonObject()
      .put("applicationName", list.applicationName())
      .put("total", list.sessions().size())
      .put("sessions", new JsonArray(list.sessions().stream().map(WorkloadSession::toJson).toList()));
  }

  private static String application(RoutingContext ctx) {
    return ctx.queryParams().get("applicationName");
  }

  /** symrest clients send {@code clusterId=} for "not specified". */
  private static String cluster(RoutingContext ctx) {
    String cluster = ctx.queryParams().get("clusterId");
    return cluster == null || cluster.isEmpty() ? null : cluster;
  }

  private static long sessionId(RoutingContext ctx) {
    return Long.parseLong(ctx.queryParams().get("sessionId").trim());
  }

  private static SessionState state(RoutingContext ctx) {
    String state = ctx.queryParams().get("state");
    return state == null ? null : SessionState.fromWire(state);
  }

  /** The IBM sample client sends {@code destroyOnCloseFlag=} (empty) for false. */
  private static boolean destroy(RoutingContext ctx) {
    return "true".equalsIgnoreCase(ctx.queryParams().get("destroyOnCloseFlag"));
  }
}
