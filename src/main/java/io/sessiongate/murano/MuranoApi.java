package io.sessiongate.murano;

import io.sessiongate.core.auth.CredentialAccess;
import io.sessiongate.core.auth.Identity;
import io.sessiongate.core.bus.BusEndpoint;
import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.http.Access;
import io.sessiongate.core.http.ApiError;
import io.sessiongate.core.http.ApiSlice;
import io.sessiongate.core.http.ContractValidator;
import io.sessiongate.core.http.ErrorFormat;
import io.sessiongate.core.http.Replies;
import io.sessiongate.core.http.SliceMount;
import io.sessiongate.core.http.SliceRoutes;
import io.sessiongate.core.storage.Storage;
import io.sessiongate.murano.MuranoCommand.AddServices;
import io.sessiongate.murano.MuranoCommand.Configure;
import io.sessiongate.murano.MuranoCommand.CreateEnvironment;
import io.sessiongate.murano.MuranoCommand.DeleteEnvironment;
import io.sessiongate.murano.MuranoCommand.DeleteSession;
import io.sessiongate.murano.MuranoCommand.DeploySession;
import io.sessiongate.murano.MuranoCommand.ListEnvironments;
import io.sessiongate.murano.MuranoCommand.ReadServices;
import io.sessiongate.murano.MuranoCommand.RemoveService;
import io.sessiongate.murano.MuranoCommand.RenameEnvironment;
import io.sessiongate.murano.MuranoCommand.ReplaceServices;
import io.sessiongate.murano.MuranoCommand.Reply;
import io.sessiongate.murano.MuranoCommand.ShowEnvironment;
import io.sessiongate.murano.MuranoCommand.ShowSession;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.function.Supplier;

/**
 * Murano's application-catalog API v1, environments and configuration sessions (seed 002, contract
 * murano.yaml), under {@code murano.base-path}. Handlers only turn requests into {@link MuranoCommand}s for
 * {@link MuranoSessionVerticle}; any gateway token authenticates ({@code X-Auth-Token} as OpenStack clients
 * send it), and the caller's tenant is Murano's project.
 */
public final class MuranoApi implements ApiSlice {
  private static final String SESSION_HEADER = "X-Configuration-Session";

  private final Storage storage;
  private final MuranoSettings settings;
  private final Access anyUser;
  private final ErrorFormat errors = new MuranoErrorFormat();

  public MuranoApi(GatewayConfig config, Identity identity, Storage storage) {
    this.storage = storage;
    this.settings = MuranoSettings.from(config);
    this.anyUser = CredentialAccess.tokens(identity.authenticator());
  }

  @Override
  public List<Supplier<? extends Deployable>> sessionVerticles() {
    return List.of(() -> new MuranoSessionVerticle(storage, settings));
  }

  @Override
  public SliceMount mount() {
    return SliceMount.of("murano", "openapi/murano.yaml", settings.basePath(), errors);
  }

  @Override
  public void bind(SliceRoutes routes) {
    String environments = MuranoSessionVerticle.ENVIRONMENTS;
    String sessions = MuranoSessionVerticle.SESSIONS;
    String services = MuranoSessionVerticle.SERVICES;
    routes
      .on("listEnvironments", anyUser, ctx -> ask(ctx, environments,
        new ListEnvironments(Access.principal(ctx), query(ctx, "all_tenants"), query(ctx, "tenant"))))
      .on("createEnvironment", anyUser, ctx -> ask(ctx, environments,
        new CreateEnvironment(Access.principal(ctx), Replies.body(ctx))))
      .on("showEnvironment", anyUser, ctx -> ask(ctx, environments,
        new ShowEnvironment(Access.principal(ctx), envId(ctx), sessionHeader(ctx))))
      .on("updateEnvironment", anyUser, ctx -> ask(ctx, environments,
        new RenameEnvironment(Access.principal(ctx), envId(ctx), Replies.body(ctx))))
      .on("deleteEnvironment", anyUser, ctx -> ask(ctx, environments,
        new DeleteEnvironment(Access.principal(ctx), envId(ctx), "true".equalsIgnoreCase(query(ctx, "abandon")))))
      .on("configureEnvironment", anyUser, ctx -> ask(ctx, sessions,
        new Configure(Access.principal(ctx), envId(ctx))))
      .on("showSession", anyUser, ctx -> ask(ctx, sessions,
        new ShowSession(Access.principal(ctx), envId(ctx), ctx.pathParam("session_id"))))
      .on("deleteSession", anyUser, ctx -> ask(ctx, sessions,
        new DeleteSession(Access.principal(ctx), envId(ctx), ctx.pathParam("session_id"))))
      .on("deploySession", anyUser, ctx -> ask(ctx, sessions,
        new DeploySession(Access.principal(ctx), envId(ctx), ctx.pathParam("session_id"))))
      .on("listServices", anyUser, ctx -> ask(ctx, services,
        new ReadServices(Access.principal(ctx), envId(ctx), sessionHeader(ctx), null)))
      .on("getService", anyUser, ctx -> ask(ctx, services,
        new ReadServices(Access.principal(ctx), envId(ctx), sessionHeader(ctx), ctx.pathParam("path"))))
      .on("addService", anyUser, this::addService)
      .on("replaceServices", anyUser, ctx -> ask(ctx, services, new ReplaceServices(Access.principal(ctx), envId(ctx),
        sessionHeader(ctx), ctx.get(ContractValidator.BODY) instanceof JsonArray array ? array : new JsonArray())))
      .on("deleteService", anyUser, ctx -> ask(ctx, services,
        new RemoveService(Access.principal(ctx), envId(ctx), sessionHeader(ctx), ctx.pathParam("path"))));
  }

  /** The contract cannot say "an object or an array" for a request body, so this does. */
  private void addService(RoutingContext ctx) {
    Object body = ctx.get(ContractValidator.BODY);
    if (!(body instanceof JsonObject) && !(body instanceof JsonArray)) {
      ctx.fail(ApiError.invalid("The request body must be a service object or an array of them.", "/")
        .breaking("type"));
      return;
    }
    ask(ctx, MuranoSessionVerticle.SERVICES, new AddServices(Access.principal(ctx), envId(ctx), sessionHeader(ctx), body));
  }

  private static void ask(RoutingContext ctx, String address, MuranoCommand command) {
    BusEndpoint.<Reply>ask(ctx.vertx(), address, command).onComplete(done -> {
      if (done.failed()) {
        ctx.fail(done.cause());
      } else if (done.result().body() == null) {
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").end();
      } else if (done.result().body() instanceof JsonArray array) {
        Replies.json(ctx, 200, array);
      } else {
        Replies.json(ctx, 200, (JsonObject) done.result().body());
      }
    });
  }

  private static String envId(RoutingContext ctx) {
    return ctx.pathParam("env_id");
  }

  /** Murano reads the header into its request context; an empty one counts as absent. */
  private static String sessionHeader(RoutingContext ctx) {
    return nonEmpty(ctx.request().getHeader(SESSION_HEADER));
  }

  private static String query(RoutingContext ctx, String name) {
    return ctx.queryParams().get(name);
  }

  private static String nonEmpty(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
