package io.sessiongate.murano;

import io.sessiongate.core.auth.CredentialAccess;
import io.sessiongate.core.auth.Identity;
import io.sessiongate.core.bus.BusEndpoint;
import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.auth.Access;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.http.ApiSlice;
import io.sessiongate.core.http.ContractValidator;
import io.sessiongate.core.api.ErrorFormat;
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
import io.sessiongate.murano.MuranoCommand.AddTemplateServices;
import io.sessiongate.murano.MuranoCommand.CloneTemplate;
import io.sessiongate.murano.MuranoCommand.CreateEnvironmentFromTemplate;
import io.sessiongate.murano.MuranoCommand.CreateTemplate;
import io.sessiongate.murano.MuranoCommand.DeleteTemplate;
import io.sessiongate.murano.MuranoCommand.ListDeployments;
import io.sessiongate.murano.MuranoCommand.ListTemplates;
import io.sessiongate.murano.MuranoCommand.PatchModel;
import io.sessiongate.murano.MuranoCommand.PostReport;
import io.sessiongate.murano.MuranoCommand.ReadTemplateServices;
import io.sessiongate.murano.MuranoCommand.RemoveTemplateService;
import io.sessiongate.murano.MuranoCommand.ReplaceTemplateService;
import io.sessiongate.murano.MuranoCommand.ShowLastStatus;
import io.sessiongate.murano.MuranoCommand.ShowModel;
import io.sessiongate.murano.MuranoCommand.ShowReports;
import io.sessiongate.murano.MuranoCommand.ShowTemplate;
import io.sessiongate.murano.MuranoCommand.UpdateTemplate;
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
  private static final String REPORT_SECRET_HEADER = "X-Report-Secret";

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
        new ShowEnvironment(Access.principal(ctx), envId(ctx), sessionOf(ctx))))
      .on("updateEnvironment", anyUser, ctx -> ask(ctx, environments,
        new RenameEnvironment(Access.principal(ctx), envId(ctx), Replies.body(ctx))))
      .on("deleteEnvironment", anyUser, ctx -> ask(ctx, environments,
        new DeleteEnvironment(Access.principal(ctx), envId(ctx), "true".equalsIgnoreCase(query(ctx, "abandon")),
          reportBase(ctx))))
      .on("configureEnvironment", anyUser, ctx -> ask(ctx, sessions,
        new Configure(Access.principal(ctx), envId(ctx))))
      .on("showSession", anyUser, ctx -> ask(ctx, sessions,
        new ShowSession(Access.principal(ctx), envId(ctx), ctx.pathParam("session_id"))))
      .on("deleteSession", anyUser, ctx -> ask(ctx, sessions,
        new DeleteSession(Access.principal(ctx), envId(ctx), ctx.pathParam("session_id"))))
      .on("deploySession", anyUser, ctx -> ask(ctx, sessions,
        new DeploySession(Access.principal(ctx), envId(ctx), ctx.pathParam("session_id"), reportBase(ctx))))
      .on("listServices", anyUser, ctx -> ask(ctx, services,
        new ReadServices(Access.principal(ctx), envId(ctx), sessionHeader(ctx), null)))
      .on("getService", anyUser, ctx -> ask(ctx, services,
        new ReadServices(Access.principal(ctx), envId(ctx), sessionHeader(ctx), ctx.pathParam("path"))))
      .on("addService", anyUser, this::addService)
      .on("replaceServices", anyUser, ctx -> ask(ctx, services, new ReplaceServices(Access.principal(ctx), envId(ctx),
        sessionHeader(ctx), ctx.get(ContractValidator.BODY) instanceof JsonArray array ? array : new JsonArray())))
      .on("deleteService", anyUser, ctx -> ask(ctx, services,
        new RemoveService(Access.principal(ctx), envId(ctx), sessionHeader(ctx), ctx.pathParam("path"))));
    bindDeployments(routes);
    bindModel(routes);
    bindTemplates(routes);
  }

  private void bindDeployments(SliceRoutes routes) {
    String deployments = MuranoSessionVerticle.DEPLOYMENTS;
    routes
      .on("listEnvironmentDeployments", anyUser, ctx -> ask(ctx, deployments,
        new ListDeployments(Access.principal(ctx), envId(ctx), null)))
      .on("listDeployments", anyUser, ctx -> ask(ctx, deployments,
        new ListDeployments(Access.principal(ctx), null, query(ctx, "all_tenants"))))
      .on("showDeploymentReports", anyUser, ctx -> ask(ctx, deployments, new ShowReports(Access.principal(ctx),
        envId(ctx), ctx.pathParam("deployment_id"), ctx.queryParams().getAll("service_id"))))
      .on("showLastStatus", anyUser, ctx -> ask(ctx, deployments,
        new ShowLastStatus(Access.principal(ctx), envId(ctx), sessionHeader(ctx))))
      // The deployer proves who it is with the deployment's secret, not with a token.
      .on("postDeploymentReport", Access.PUBLIC, ctx -> ask(ctx, deployments, new PostReport(null,
        ctx.pathParam("deployment_id"), ctx.request().getHeader(REPORT_SECRET_HEADER), Replies.body(ctx))));
  }

  private void bindModel(SliceRoutes routes) {
    String model = MuranoSessionVerticle.MODEL;
    routes
      .on("showModel", anyUser, ctx -> ask(ctx, model,
        new ShowModel(Access.principal(ctx), envId(ctx), sessionHeader(ctx), ctx.pathParam("path"))))
      .on("showWholeModel", anyUser, ctx -> ask(ctx, model,
        new ShowModel(Access.principal(ctx), envId(ctx), sessionHeader(ctx), "")))
      .on("patchModel", anyUser, ctx -> ask(ctx, model,
        new PatchModel(Access.principal(ctx), envId(ctx), sessionHeader(ctx), ctx.get(ContractValidator.BODY))));
  }

  private void bindTemplates(SliceRoutes routes) {
    String templates = MuranoSessionVerticle.TEMPLATES;
    routes
      .on("listTemplates", anyUser, ctx -> ask(ctx, templates,
        new ListTemplates(Access.principal(ctx), query(ctx, "is_public"))))
      .on("createTemplate", anyUser, ctx -> ask(ctx, templates,
        new CreateTemplate(Access.principal(ctx), Replies.body(ctx))))
      .on("showTemplate", anyUser, ctx -> ask(ctx, templates,
        new ShowTemplate(Access.principal(ctx), templateId(ctx))))
      .on("updateTemplate", anyUser, ctx -> ask(ctx, templates,
        new UpdateTemplate(Access.principal(ctx), templateId(ctx), Replies.body(ctx))))
      .on("deleteTemplate", anyUser, ctx -> ask(ctx, templates,
        new DeleteTemplate(Access.principal(ctx), templateId(ctx))))
      .on("cloneTemplate", anyUser, ctx -> ask(ctx, templates,
        new CloneTemplate(Access.principal(ctx), templateId(ctx), Replies.body(ctx))))
      .on("createEnvironmentFromTemplate", anyUser, ctx -> ask(ctx, templates,
        new CreateEnvironmentFromTemplate(Access.principal(ctx), templateId(ctx), Replies.body(ctx))))
      .on("listTemplateServices", anyUser, ctx -> ask(ctx, templates,
        new ReadTemplateServices(Access.principal(ctx), templateId(ctx), null)))
      .on("getTemplateService", anyUser, ctx -> ask(ctx, templates,
        new ReadTemplateServices(Access.principal(ctx), templateId(ctx), ctx.pathParam("service_id"))))
      .on("addTemplateServices", anyUser, ctx -> {
        Object body = ctx.get(ContractValidator.BODY);
        if (!(body instanceof JsonObject) && !(body instanceof JsonArray)) {
          ctx.fail(ApiError.invalid("The request body must be an application object or an array of them.", "/")
            .breaking("type"));
          return;
        }
        ask(ctx, templates, new AddTemplateServices(Access.principal(ctx), templateId(ctx), body));
      })
      .on("replaceTemplateService", anyUser, ctx -> ask(ctx, templates, new ReplaceTemplateService(
        Access.principal(ctx), templateId(ctx), ctx.pathParam("service_id"), Replies.body(ctx))))
      .on("deleteTemplateService", anyUser, ctx -> ask(ctx, templates,
        new RemoveTemplateService(Access.principal(ctx), templateId(ctx), ctx.pathParam("service_id"))));
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
      } else if (done.result().body() instanceof JsonObject object) {
        Replies.json(ctx, 200, object);
      } else {
        // A scalar of the object model (model/{path}).
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
          .end(io.vertx.core.json.Json.encode(done.result().body()));
      }
    });
  }

  private static String templateId(RoutingContext ctx) {
    return ctx.pathParam("env_template_id");
  }

  /** The session whose draft a read shows: the header, as python-muranoclient sends it, or session_id. */
  private static String sessionOf(RoutingContext ctx) {
    String header = sessionHeader(ctx);
    return header != null ? header : nonEmpty(query(ctx, "session_id"));
  }

  /**
   * Where the deployer posts its reports: configured, or the gateway's own listen address (the request's
   * local port stands in for a listen port of 0), never the caller's Host header (MuranoSettings.ReportBase).
   */
  private String reportBase(RoutingContext ctx) {
    return settings.reportBase().url(ctx.request().localAddress().port()) + settings.basePath();
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
