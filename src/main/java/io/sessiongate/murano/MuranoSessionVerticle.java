package io.sessiongate.murano;

import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.slice.SessionVerticle;
import io.sessiongate.core.storage.Storage;
import io.sessiongate.murano.MuranoCommand.Configure;
import io.sessiongate.murano.MuranoCommand.DeleteSession;
import io.sessiongate.murano.MuranoCommand.DeploySession;
import io.sessiongate.murano.MuranoCommand.ShowSession;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Owns Murano's environments, configuration sessions, deployments and templates (its store and the
 * collaborators that work on it, all on this verticle's event loop), with Murano's checks in Murano's order
 * (murano/api/v1/*.py, murano/utils.py). It serves one local address per {@link MuranoCommand}, named
 * after the command, and answers with the record the command names or an {@link ApiError}.
 * Deployments run asynchronously through the {@link Deployer}; their state is in the store, so at start and
 * then periodically this verticle takes over deployments whose node died (their lease ran out).
 */
public final class MuranoSessionVerticle extends SessionVerticle {
  private static final String PREFIX = "sessiongate.murano.";
  public static final String LIST_ENVIRONMENTS = PREFIX + "environments.list";
  public static final String CREATE_ENVIRONMENT = PREFIX + "environments.create";
  public static final String SHOW_ENVIRONMENT = PREFIX + "environments.show";
  public static final String RENAME_ENVIRONMENT = PREFIX + "environments.rename";
  public static final String DELETE_ENVIRONMENT = PREFIX + "environments.delete";
  public static final String CONFIGURE = PREFIX + "sessions.configure";
  public static final String SHOW_SESSION = PREFIX + "sessions.show";
  public static final String DELETE_SESSION = PREFIX + "sessions.delete";
  public static final String DEPLOY_SESSION = PREFIX + "sessions.deploy";
  public static final String READ_SERVICES = PREFIX + "services.read";
  public static final String ADD_SERVICES = PREFIX + "services.add";
  public static final String REPLACE_SERVICES = PREFIX + "services.replace";
  public static final String REMOVE_SERVICE = PREFIX + "services.remove";
  public static final String LIST_DEPLOYMENTS = PREFIX + "deployments.list";
  public static final String SHOW_REPORTS = PREFIX + "deployments.reports";
  public static final String SHOW_LAST_STATUS = PREFIX + "deployments.last-status";
  public static final String POST_REPORT = PREFIX + "deployments.post-report";
  public static final String SHOW_MODEL = PREFIX + "model.show";
  public static final String PATCH_MODEL = PREFIX + "model.patch";
  public static final String LIST_TEMPLATES = PREFIX + "templates.list";
  public static final String CREATE_TEMPLATE = PREFIX + "templates.create";
  public static final String SHOW_TEMPLATE = PREFIX + "templates.show";
  public static final String UPDATE_TEMPLATE = PREFIX + "templates.update";
  public static final String DELETE_TEMPLATE = PREFIX + "templates.delete";
  public static final String CLONE_TEMPLATE = PREFIX + "templates.clone";
  public static final String CREATE_ENVIRONMENT_FROM_TEMPLATE = PREFIX + "templates.create-environment";
  public static final String READ_TEMPLATE_SERVICES = PREFIX + "templates.services.read";
  public static final String ADD_TEMPLATE_SERVICES = PREFIX + "templates.services.add";
  public static final String REPLACE_TEMPLATE_SERVICE = PREFIX + "templates.services.replace";
  public static final String REMOVE_TEMPLATE_SERVICE = PREFIX + "templates.services.remove";

  private static final Logger LOG = LoggerFactory.getLogger(MuranoSessionVerticle.class);

  private final Storage storage;
  private final MuranoSettings settings;
  private DeploymentRunner runner;
  private DeploymentReports deployments;
  private ConfigurationSessions sessions;
  private Environments environments;
  private EnvironmentServices services;
  private EnvironmentModel model;
  private EnvironmentTemplates templates;
  private TemplateApplications applications;

  public MuranoSessionVerticle(Storage storage, MuranoSettings settings) {
    this.storage = storage;
    this.settings = settings;
  }

  @Override
  protected Future<Void> prepare() {
    MuranoStore store = MuranoStore.create(storage);
    MuranoChecks checks = new MuranoChecks(store);
    DraftEditor drafts = new DraftEditor(store, checks);
    runner = new DeploymentRunner(store, settings, Deployer.create(vertx, settings));
    deployments = new DeploymentReports(store, checks);
    sessions = new ConfigurationSessions(store, checks, runner);
    environments = new Environments(store, checks, sessions);
    services = new EnvironmentServices(checks, drafts);
    model = new EnvironmentModel(checks, drafts);
    TemplateStore templateStore = TemplateStore.create(storage);
    templates = new EnvironmentTemplates(templateStore, store);
    applications = new TemplateApplications(templateStore, templates);
    return runner.resumeAbandoned().onSuccess(v ->
      every(Duration.ofMillis(Math.max(100, settings.deployerTimeoutMs())), () -> runner.resumeAbandoned()
        .onFailure(err -> LOG.warn("could not look for abandoned Murano deployments: {}", err.toString()))));
  }

  @Override
  protected void serveAddresses() {
    serve(LIST_ENVIRONMENTS, environments::list);
    serve(CREATE_ENVIRONMENT, environments::create);
    serve(SHOW_ENVIRONMENT, environments::show);
    serve(RENAME_ENVIRONMENT, environments::rename);
    serve(DELETE_ENVIRONMENT, environments::delete);
    serve(CONFIGURE, (Configure command) -> sessions.open(command.caller(), command.environmentId(), false));
    serve(SHOW_SESSION, (ShowSession command) ->
      sessions.show(command.caller(), command.environmentId(), command.sessionId()));
    serve(DELETE_SESSION, (DeleteSession command) ->
      sessions.delete(command.caller(), command.environmentId(), command.sessionId()));
    serve(DEPLOY_SESSION, (DeploySession command) ->
      sessions.deploy(command.caller(), command.environmentId(), command.sessionId(), command.reportBase()));
    serve(READ_SERVICES, services::read);
    serve(ADD_SERVICES, services::add);
    serve(REPLACE_SERVICES, services::replace);
    serve(REMOVE_SERVICE, services::remove);
    serve(LIST_DEPLOYMENTS, deployments::list);
    serve(SHOW_REPORTS, deployments::reports);
    serve(SHOW_LAST_STATUS, deployments::lastStatus);
    serve(POST_REPORT, deployments::accept);
    serve(SHOW_MODEL, model::show);
    serve(PATCH_MODEL, model::patch);
    serveTemplates();
  }

  private void serveTemplates() {
    serve(LIST_TEMPLATES, templates::list);
    serve(CREATE_TEMPLATE, templates::create);
    serve(SHOW_TEMPLATE, templates::show);
    serve(UPDATE_TEMPLATE, templates::update);
    serve(DELETE_TEMPLATE, templates::delete);
    serve(CLONE_TEMPLATE, templates::cloneTemplate);
    serve(CREATE_ENVIRONMENT_FROM_TEMPLATE, templates::createEnvironment);
    serve(READ_TEMPLATE_SERVICES, applications::read);
    serve(ADD_TEMPLATE_SERVICES, applications::add);
    serve(REPLACE_TEMPLATE_SERVICE, applications::replace);
    serve(REMOVE_TEMPLATE_SERVICE, applications::remove);
  }

  @Override
  protected Future<Void> release() {
    return runner.close();
  }
}
