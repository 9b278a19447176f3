package io.sessiongate.murano;

import io.sessiongate.core.auth.CredentialAccess;
import io.sessiongate.core.auth.Identity;
import io.sessiongate.core.bus.BusEndpoint;
import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.auth.Access;
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
import io.sessiongate.murano.MuranoCommand.ListDeployments;
import io.sessiongate.murano.MuranoCommand.ListEnvironments;
import io.sessiongate.murano.MuranoCommand.PatchModel;
import io.sessiongate.murano.MuranoCommand.PostReport;
import io.sessiongate.murano.MuranoCommand.ReadServices;
import io.sessiongate.murano.MuranoCommand.RemoveService;
import io.sessiongate.murano.MuranoCommand.RenameEnvironment;
import io.sessiongate.murano.MuranoCommand.ReplaceServices;
import io.sessiongate.murano.MuranoCommand.ShowEnvironment;
import io.sessiongate.murano.MuranoCommand.ShowLastStatus;
import io.sessiongate.murano.MuranoCommand.ShowModel;
import io.sessiongate.murano.MuranoCommand.ShowReports;
import io.sessiongate.murano.MuranoCommand.ShowSession;
import io.sessiongate.murano.MuranoReply.ModelPart;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonArray;
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
  private static final String SERVICES_REFUSED = "The request body must be a service object or an array of them.";

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
    routes
      .on("listEnvironments", anyUser, ctx -> MuranoAnswers.answer(ctx, MuranoDocuments::environments,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.LIST_ENVIRONMENTS,
          new ListEnvironments(Access.principal(ctx), query(ctx, "all_tenants"), query(ctx, "tenant")))))
      .on("createEnvironment", anyUser, ctx -> MuranoAnswers.answer(ctx, Environment::toDict,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.CREATE_ENVIRONMENT,
          new CreateEnvironment(Access.principal(ctx), Replies.body(ctx)))))
      .on("showEnvironment", anyUser, ctx -> MuranoAnswers.answer(ctx, MuranoDocuments::environment,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.SHOW_ENVIRONMENT,
          new ShowEnvironment(Access.principal(ctx), envId(ctx), sessionOf(ctx)))))
      .on("updateEnvironment", anyUser, ctx -> MuranoAnswers.answer(ctx, Environment::toDict,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.RENAME_ENVIRONMENT,
          new RenameEnvironment(Access.principal(ctx), envId(ctx), Replies.body(ctx)))))
      .on("deleteEnvironment", anyUser, ctx -> MuranoAnswers.done(ctx,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.DELETE_ENVIRONMENT, new DeleteEnvironment(
          Access.principal(ctx), envId(ctx), "true".equalsIgnoreCase(query(ctx, "abandon")), reportBase(ctx)))))
      .on("configureEnvironment", anyUser, ctx -> MuranoAnswers.answer(ctx, ConfigurationSession::toDict,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.CONFIGURE,
          new Configure(Access.principal(ctx), envId(ctx)))))
      .on("showSession", anyUser, ctx -> MuranoAnswers.answer(ctx, ConfigurationSession::toDict,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.SHOW_SESSION,
          new ShowSession(Access.principal(ctx), envId(ctx), ctx.pathParam("session_id")))))
      .on("deleteSession", anyUser, ctx -> MuranoAnswers.done(ctx,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.DELETE_SESSION,
          new DeleteSession(Access.principal(ctx), envId(ctx), ctx.pathParam("session_id")))))
      .on("deploySession", anyUser, ctx -> MuranoAnswers.done(ctx,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.DEPLOY_SESSION,
          new DeploySession(Access.principal(ctx), envId(ctx), ctx.pathParam("session_id"), reportBase(ctx)))));
    bindServices(routes);
    bindDeployments(routes);
    bindModel(routes);
    new MuranoTemplateRoutes(anyUser).bind(routes);
  }

  /** Murano answers a change of the services with the services sent. */
  private void bindServices(SliceRoutes routes) {
    routes
      .on("listServices", anyUser, ctx -> MuranoAnswers.answer(ctx, ModelPart::value,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.READ_SERVICES,
          new ReadServices(Access.principal(ctx), envId(ctx), sessionHeader(ctx), null))))
      .on("getService", anyUser, ctx -> MuranoAnswers.answer(ctx, ModelPart::value,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.READ_SERVICES,
          new ReadServices(Access.principal(ctx), envId(ctx), sessionHeader(ctx), ctx.pathParam("path")))))
      .on("addService", anyUser, ctx -> MuranoAnswers.withServices(ctx, SERVICES_REFUSED, services -> MuranoAnswers.answer(ctx, done -> services,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.ADD_SERVICES,
          new AddServices(Access.principal(ctx), envId(ctx), sessionHeader(ctx), services)))))
      .on("replaceServices", anyUser, ctx -> {
        JsonArray services = ctx.get(ContractValidator.BODY) instanceof JsonArray array ? array : new JsonArray();
        MuranoAnswers.answer(ctx, done -> services, BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.REPLACE_SERVICES,
          new ReplaceServices(Access.principal(ctx), envId(ctx), sessionHeader(ctx), services)));
      })
      .on("deleteService", anyUser, ctx -> MuranoAnswers.done(ctx,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.REMOVE_SERVICE,
          new RemoveService(Access.principal(ctx), envId(ctx), sessionHeader(ctx), ctx.pathParam("path")))));
  }

  private void bindDeployments(SliceRoutes routes) {
    routes
      .on("listEnvironmentDeployments", anyUser, ctx -> MuranoAnswers.answer(ctx, MuranoDocuments::deployments,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.LIST_DEPLOYMENTS,
          new ListDeployments(Access.principal(ctx), envId(ctx), null))))
      .on("listDeployments", anyUser, ctx -> MuranoAnswers.answer(ctx, MuranoDocuments::deployments,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.LIST_DEPLOYMENTS,
          new ListDeployments(Access.principal(ctx), null, query(ctx, "all_tenants")))))
      .on("showDeploymentReports", anyUser, ctx -> MuranoAnswers.answer(ctx, MuranoDocuments::reports,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.SHOW_REPORTS, new ShowReports(Access.principal(ctx),
          envId(ctx), ctx.pathParam("deployment_id"), ctx.queryParams().getAll("service_id")))))
      .on("showLastStatus", anyUser, ctx -> MuranoAnswers.answer(ctx, MuranoDocuments::lastStatuses,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.SHOW_LAST_STATUS,
          new ShowLastStatus(Access.principal(ctx), envId(ctx), sessionHeader(ctx)))))
      // The deployer proves who it is with the deployment's secret, not with a token.
      .on("postDeploymentReport", Access.PUBLIC, ctx -> MuranoAnswers.answer(ctx, DeploymentReport::toDict,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.POST_REPORT, new PostReport(null,
          ctx.pathParam("deployment_id"), ctx.request().getHeader(REPORT_SECRET_HEADER), Replies.body(ctx)))));
  }

  private void bindModel(SliceRoutes routes) {
    routes
      .on("showModel", anyUser, ctx -> MuranoAnswers.answer(ctx, ModelPart::value,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.SHOW_MODEL,
          new ShowModel(Access.principal(ctx), envId(ctx), sessionHeader(ctx), ctx.pathParam("path")))))
      .on("showWholeModel", anyUser, ctx -> MuranoAnswers.answer(ctx, ModelPart::value,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.SHOW_MODEL,
          new ShowModel(Access.principal(ctx), envId(ctx), sessionHeader(ctx), ""))))
      .on("patchModel", anyUser, ctx -> MuranoAnswers.answer(ctx, ModelPart::value,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.PATCH_MODEL,
          new PatchModel(Access.principal(ctx), envId(ctx), sessionHeader(ctx), ctx.get(ContractValidator.BODY)))));
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
