package io.sessiongate.murano;

import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.slice.SessionVerticle;
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
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Owns Murano's environments, configuration sessions and deployments, with Murano's checks in Murano's
 * order (murano/api/v1/*.py, murano/utils.py). Serves three local addresses, each taking the
 * {@link MuranoCommand}s listed and answering a {@link Reply} or an {@link ApiError}:
 * <ul>
 *   <li>{@link #ENVIRONMENTS}: ListEnvironments, CreateEnvironment, ShowEnvironment, RenameEnvironment,
 *       DeleteEnvironment;</li>
 *   <li>{@link #SESSIONS}: Configure, ShowSession, DeleteSession, DeploySession;</li>
 *   <li>{@link #SERVICES}: ReadServices, AddServices, ReplaceServices, RemoveService;</li>
 *   <li>{@link #DEPLOYMENTS}: ListDeployments, ShowReports, ShowLastStatus, PostReport ({@link Deployments});</li>
 *   <li>{@link #MODEL}: ShowModel, PatchModel ({@link EnvironmentModel});</li>
 *   <li>{@link #TEMPLATES}: the template commands ({@link EnvironmentTemplates}).</li>
 * </ul>
 * Deployments run asynchronously through the {@link Deployer}; their state is in the store, so at start and
 * then periodically this verticle takes over deployments whose node died (their lease ran out).
 */
public final class MuranoSessionVerticle extends SessionVerticle {
  public static final String ENVIRONMENTS = "sessiongate.murano.environments";
  public static final String SESSIONS = "sessiongate.murano.sessions";
  public static final String SERVICES = "sessiongate.murano.services";
  public static final String DEPLOYMENTS = "sessiongate.murano.deployments";
  public static final String MODEL = "sessiongate.murano.model";
  public static final String TEMPLATES = "sessiongate.murano.templates";

  private static final Logger LOG = LoggerFactory.getLogger(MuranoSessionVerticle.class);
  static final int MAX_NAME_LENGTH = 255;

  private final Storage storage;
  private final MuranoSettings settings;
  private MuranoStore store;
  private MuranoChecks checks;
  private Deployments deployments;
  private EnvironmentModel model;
  private EnvironmentTemplates templates;

  public MuranoSessionVerticle(Storage storage, MuranoSettings settings) {
    this.storage = storage;
    this.settings = settings;
  }

  @Override
  protected Future<Void> prepare() {
    store = MuranoStore.create(storage);
    checks = new MuranoChecks(store);
    deployments = new Deployments(store, checks, settings, Deployer.create(vertx, settings));
    model = new EnvironmentModel(checks);
    templates = new EnvironmentTemplates(TemplateStore.create(storage), store);
    return deployments.resumeAbandoned().onSuccess(v ->
      every(Duration.ofMillis(Math.max(100, settings.deployerTimeoutMs())), () -> deployments.resumeAbandoned()
        .onFailure(err -> LOG.warn("could not look for abandoned Murano deployments: {}", err.toString()))));
  }

  @Override
  protected void serveAddresses() {
    serve(ENVIRONMENTS, new Dispatch(ENVIRONMENTS)
      .on(ListEnvironments.class, this::list)
      .on(CreateEnvironment.class, this::create)
      .on(ShowEnvironment.class, this::show)
      .on(RenameEnvironment.class, this::rename)
      .on(DeleteEnvironment.class, this::delete));
    serve(SESSIONS, new Dispatch(SESSIONS)
      .on(Configure.class, configure -> openSession(configure.caller(), configure.environmentId(), false)
        .map(session -> new Reply(session.toDict())))
      .on(ShowSession.class, this::showSession)
      .on(DeleteSession.class, this::deleteSession)
      .on(DeploySession.class, deploy -> deploy(deploy.caller(), deploy.environmentId(), deploy.sessionId(),
        deploy.reportBase()).map(new Reply(null))));
    serve(SERVICES, new Dispatch(SERVICES)
      .on(ReadServices.class, this::readServices)
      .on(AddServices.class, this::addServices)
      .on(ReplaceServices.class, this::replaceServices)
      .on(RemoveService.class, this::removeService));
    serve(DEPLOYMENTS, new Dispatch(DEPLOYMENTS)
      .on(ListDeployments.class, deployments::list)
      .on(ShowReports.class, deployments::reports)
      .on(ShowLastStatus.class, deployments::lastStatus)
      .on(PostReport.class, deployments::accept));
    serve(MODEL, new Dispatch(MODEL)
      .on(ShowModel.class, model::show)
      .on(PatchModel.class, model::patch));
    serve(TEMPLATES, new Dispatch(TEMPLATES)
      .on(ListTemplates.class, templates::list)
      .on(CreateTemplate.class, templates::create)
      .on(ShowTemplate.class, templates::show)
      .on(UpdateTemplate.class, templates::update)
      .on(DeleteTemplate.class, templates::delete)
      .on(CloneTemplate.class, templates::cloneTemplate)
      .on(CreateEnvironmentFromTemplate.class, templates::createEnvironment)
      .on(ReadTemplateServices.class, templates::readServices)
      .on(AddTemplateServices.class, templates::addServices)
      .on(ReplaceTemplateService.class, templates::replaceService)
      .on(RemoveTemplateService.class, templates::removeService));
  }

  @Override
  protected Future<Void> release() {
    return deployments.close();
  }

  /** Which handler serves which command type on one address. */
  private static final class Dispatch implements Function<MuranoCommand, Future<Reply>> {
    private final String address;
    private final Map<Class<?>, Function<MuranoCommand, Future<Reply>>> handlers = new HashMap<>();

    Dispatch(String address) {
      this.address = address;
    }

    <C extends MuranoCommand> Dispatch on(Class<C> type, Function<C, Future<Reply>> handler) {
      handlers.put(type, command -> handler.apply(type.cast(command)));
      return this;
    }

    @Override
    public Future<Reply> apply(MuranoCommand command) {
      Function<MuranoCommand, Future<Reply>> handler = handlers.get(command.getClass());
      return handler != null ? handler.apply(command) : Future.failedFuture(
        new IllegalArgumentException(address + " does not take " + command.getClass().getSimpleName()));
    }
  }

  // --- environments

  private Future<Reply> list(ListEnvironments command) {
    boolean allTenants = command.allTenants() != null && command.allTenants().equalsIgnoreCase("true");
    boolean namedTenant = command.tenant() != null && !command.tenant().isEmpty();
    // Murano's policy list_environments_all_tenants guards both, even a tenant= naming the caller's own.
    if ((allTenants || namedTenant) && !command.caller().isAdmin()) {
      return Future.failedFuture(MuranoFaults.otherTenant());
    }
    String tenant = allTenants ? null : namedTenant ? command.tenant() : command.caller().tenant();
    return store.snapshots(tenant).map(snapshots -> new Reply(new JsonObject().put("environments",
      new JsonArray(snapshots.stream()
        .map(snapshot -> snapshot.environment().toDict().put("status", snapshot.status().wire()))
        .toList()))));
  }

  private Future<Reply> create(CreateEnvironment command) {
    JsonObject body = command.body();
    String name = body.getValue("name") instanceof String text ? text : null;
    if (name == null || name.isBlank()) {
      return Future.failedFuture(MuranoFaults.nameMissing());
    }
    if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
      return Future.failedFuture(MuranoFaults.nameTooLong());
    }
    long now = MuranoChecks.now();
    Environment environment = new Environment(MuranoChecks.newId(), name, command.caller().tenant(), "", 0,
      Environment.initialModel(body), null, now, now);
    return store.insertEnvironment(environment).map(v -> new Reply(environment.toDict()));
  }

  private Future<Reply> show(ShowEnvironment command) {
    return checks.checkEnvironment(command.caller(), command.environmentId())
      .compose(snapshot -> {
        JsonObject env = snapshot.environment().toDict()
          .put("status", snapshot.status().wire())
          .put("acquired_by", snapshot.acquiredBy());
        if (command.sessionId() == null) {
          return Future.succeededFuture(new Reply(env.put("services", snapshot.services(null))));
        }
        return store.session(command.sessionId())
          .compose(session -> checks.checkSession(command.caller(), command.environmentId(), session, command.sessionId())
            .map(checked -> new Reply(env.put("services", snapshot.services(session)))));
      });
  }

  private Future<Reply> rename(RenameEnvironment command) {
    return checks.checkEnvironment(command.caller(), command.environmentId()).map(EnvironmentSnapshot::environment).compose(env -> {
      String name = command.body().getValue("name") instanceof String text ? text : "";
      if (name.isBlank()) {
        return Future.failedFuture(MuranoFaults.nameBlank());
      }
      if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
        return Future.failedFuture(MuranoFaults.nameTooLong());
      }
      return store.rename(env.id(), name, MuranoChecks.now()).compose(renamed -> renamed == null
        ? Future.failedFuture(MuranoFaults.environmentNotFound(env.id()))
        : Future.succeededFuture(new Reply(renamed.toDict())));
    });
  }

  /** Murano deletes by deploying a session whose model marks the environment deleted; abandon removes at once. */
  private Future<Reply> delete(DeleteEnvironment command) {
    return checks.checkEnvironment(command.caller(), command.environmentId()).map(EnvironmentSnapshot::environment)
      .compose(env -> command.abandon()
      ? store.removeEnvironment(env.id())
      : openSession(command.caller(), env.id(), true)
        .compose(session -> deploy(command.caller(), env.id(), session.id(), command.reportBase())))
      .map(new Reply(null));
  }

  // --- sessions

  /** Murano's configure (and, for a deletion, EnvironmentServices.delete marking the draft deleted). */
  private Future<ConfigurationSession> openSession(Principal caller, String environmentId, boolean deletion) {
    return checks.checkEnvironment(caller, environmentId)
      .compose(snapshot -> {
        EnvironmentStatus status = snapshot.status();
        if (status == EnvironmentStatus.DEPLOYING || status == EnvironmentStatus.DELETING) {
          return Future.failedFuture(MuranoFaults.cannotOpenSession(environmentId));
        }
        Environment env = snapshot.environment();
        long now = MuranoChecks.now();
        return store.insertSession(new ConfigurationSession(MuranoChecks.newId(), env.id(), caller.login(), SessionState.OPENED,
          env.version(), deletion ? null : env.model(), 0, 0, now, now));
      });
  }

  private Future<Reply> showSession(ShowSession command) {
    return ownSession(command.caller(), command.environmentId(), command.sessionId())
      .compose(snapshot -> {
        ConfigurationSession session = snapshot.session(command.sessionId());
        return snapshot.valid(session)
          ? Future.succeededFuture(new Reply(session.toDict()))
          : Future.failedFuture(MuranoFaults.invalidSession(command.sessionId()));
      });
  }

  private Future<Reply> deleteSession(DeleteSession command) {
    return ownSession(command.caller(), command.environmentId(), command.sessionId())
      .map(snapshot -> snapshot.session(command.sessionId()))
      .compose(session -> session.state() == SessionState.DEPLOYING
        ? Future.<Boolean>failedFuture(MuranoFaults.deployingCannotBeDeleted(command.sessionId()))
        : store.deleteSession(session.id()))
      .compose(deleted -> deleted
        ? Future.succeededFuture(new Reply(null))
        : Future.failedFuture(MuranoFaults.deployingCannotBeDeleted(command.sessionId())));
  }

  /**
   * Murano's session checks, then: only its owner may see or delete a session (401). The snapshot answered
   * holds the session.
   */
  private Future<EnvironmentSnapshot> ownSession(Principal caller, String environmentId, String sessionId) {
    return store.session(sessionId)
      .compose(session -> checks.checkSession(caller, environmentId, session, sessionId))
      .compose(snapshot -> snapshot.session(sessionId) == null
        ? Future.failedFuture(MuranoFaults.sessionNotFound(sessionId))
        : snapshot.session(sessionId).userId().equals(caller.login())
        ? Future.succeededFuture(snapshot)
        : Future.failedFuture(MuranoFaults.otherUsersSession(caller.login(), sessionId)));
  }

  private Future<Void> deploy(Principal caller, String environmentId, String sessionId, String reportBase) {
    return store.session(sessionId)
      .compose(found -> checks.checkSession(caller, environmentId, found, sessionId))
      .compose(snapshot -> {
        ConfigurationSession session = snapshot.session(sessionId);
        if (session == null) {
          return Future.failedFuture(MuranoFaults.sessionNotFound(sessionId));
        }
        if (!snapshot.valid(session)) {
          return Future.failedFuture(MuranoFaults.invalidSession(sessionId));
        }
        if (session.state() != SessionState.OPENED) {
          return Future.failedFuture(MuranoFaults.alreadyDeployed(sessionId));
        }
        return deployments.start(snapshot.environment(), session, reportBase);
      });
  }

  // --- services

  /** Murano's services GET: the draft of a session given in the header, else the deployed model. */
  private Future<Reply> readServices(ReadServices command) {
    return checks.checkEnvironment(command.caller(), command.environmentId())
      .compose(snapshot -> {
        Future<ConfigurationSession> session = checks.readingSession(command.environmentId(), command.sessionId());
        return session.compose(s -> {
          JsonArray services = snapshot.services(s);
          if (command.serviceId() == null) {
            return Future.succeededFuture(new Reply(services));
          }
          JsonArray raw = snapshot.rawServices(s);
          int index = raw == null ? -1 : MuranoChecks.indexOf(raw, command.serviceId());
          return index < 0 ? Future.failedFuture(MuranoFaults.bareNotFound())
            : Future.succeededFuture(new Reply(raw.getValue(index)));
        });
      });
  }

  private Future<Reply> replaceServices(ReplaceServices command) {
    return checks.changeDraft(command.caller(), command.environmentId(), command.sessionId(), draft -> {
      draft.put("services", command.services().copy());
      JsonObject meta = draft.getValue("?") instanceof JsonObject object ? object : new JsonObject();
      draft.put("?", meta.put("updated", MuranoTime.python(MuranoChecks.now())));
      return draft;
    }).map(new Reply(command.services()));
  }

  private Future<Reply> removeService(RemoveService command) {
    return checks.changeDraft(command.caller(), command.environmentId(), command.sessionId(), draft -> {
      JsonArray services = draft.getValue("services") instanceof JsonArray array ? array : null;
      int index = services == null ? -1 : MuranoChecks.indexOf(services, command.serviceId());
      if (index < 0) {
        throw MuranoFaults.bareNotFound();
      }
      services.remove(index);
      return draft;
    }).map(new Reply(null));
  }

  private Future<Reply> addServices(AddServices command) {
    return checks.changeDraft(command.caller(), command.environmentId(), command.sessionId(), draft -> {
      boolean empty = command.services() instanceof JsonArray array ? array.isEmpty()
        : ((JsonObject) command.services()).isEmpty();
      if (empty) {
        throw MuranoFaults.emptyServiceBody();
      }
      JsonArray services = draft.getValue("services") instanceof JsonArray array ? array : new JsonArray();
      if (command.services() instanceof JsonArray many) {
        many.forEach(services::add);
      } else {
        services.add(((JsonObject) command.services()).copy());
      }
      return draft.put("services", services);
    }).map(new Reply(command.services()));
  }
}
