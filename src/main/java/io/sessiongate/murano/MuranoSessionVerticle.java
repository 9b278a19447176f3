package io.sessiongate.murano;

import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.http.ApiError;
import io.sessiongate.core.http.SessionVerticle;
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
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Owns Murano's environments, configuration sessions and deployments, with Murano's checks in Murano's
 * order (murano/api/v1/*.py, murano/utils.py). Serves three local addresses, each taking the
 * {@link MuranoCommand}s listed and answering a {@link Reply} or an {@link ApiError}:
 * <ul>
 *   <li>{@link #ENVIRONMENTS}: ListEnvironments, CreateEnvironment, ShowEnvironment, RenameEnvironment,
 *       DeleteEnvironment;</li>
 *   <li>{@link #SESSIONS}: Configure, ShowSession, DeleteSession, DeploySession;</li>
 *   <li>{@link #SERVICES}: ReadServices, AddServices, ReplaceServices, RemoveService.</li>
 * </ul>
 * Deployments run asynchronously through the {@link Deployer}; their state is in the store, so at start and
 * then periodically this verticle takes over deployments whose node died (their lease ran out).
 */
public final class MuranoSessionVerticle extends SessionVerticle {
  public static final String ENVIRONMENTS = "sessiongate.murano.environments";
  public static final String SESSIONS = "sessiongate.murano.sessions";
  public static final String SERVICES = "sessiongate.murano.services";

  private static final Logger LOG = LoggerFactory.getLogger(MuranoSessionVerticle.class);
  /** Concurrent edits of one draft are retried (re-checked from scratch) this many times. */
  private static final int DRAFT_ATTEMPTS = 5;
  private static final int MAX_NAME_LENGTH = 255;

  private final Storage storage;
  private final MuranoSettings settings;
  private MuranoStore store;
  private Deployer deployer;
  private boolean stopping;

  public MuranoSessionVerticle(Storage storage, MuranoSettings settings) {
    this.storage = storage;
    this.settings = settings;
  }

  @Override
  protected Future<Void> prepare() {
    store = MuranoStore.create(storage);
    deployer = Deployer.create(vertx, settings);
    return resumeAbandonedDeployments().onSuccess(v ->
      every(Duration.ofMillis(Math.max(100, settings.deployerTimeoutMs())), () -> resumeAbandonedDeployments()
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
      .on(DeploySession.class, deploy -> deploy(deploy.caller(), deploy.environmentId(), deploy.sessionId())
        .map(new Reply(null))));
    serve(SERVICES, new Dispatch(SERVICES)
      .on(ReadServices.class, this::readServices)
      .on(AddServices.class, this::addServices)
      .on(ReplaceServices.class, this::replaceServices)
      .on(RemoveService.class, this::removeService));
  }

  @Override
  protected Future<Void> release() {
    // Like a crash: deployments still running are left to the lease and resumed by whichever node sweeps next.
    stopping = true;
    return deployer.close();
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
    long now = now();
    Environment environment = new Environment(newId(), name, command.caller().tenant(), "", 0,
      initialModel(body), null, now, now);
    return store.insertEnvironment(environment).map(v -> new Reply(environment.toDict()));
  }

  /**
   * Murano's EnvironmentServices.create: the request's members with an identity block of class
   * io.murano.Environment, and a default network when the request names none.
   */
  private static JsonObject initialModel(JsonObject body) {
    JsonObject model = new JsonObject().put("?", new JsonObject().put("id", newId()));
    model.mergeIn(body.copy());
    if (!(model.getValue("?") instanceof JsonObject)) {
      model.put("?", new JsonObject().put("id", newId()));
    }
    Object networks = model.getValue("defaultNetworks");
    if (networks == null || networks instanceof JsonObject object && object.isEmpty()) {
      model.put("defaultNetworks", new JsonObject()
        .put("environment", new JsonObject()
          .put("?", new JsonObject().put("id", newId()).put("type", "io.murano.resources.NeutronNetwork"))
          .put("name", body.getString("name") + "-network"))
        .putNull("flat"));
    }
    model.getJsonObject("?").put("type", "io.murano.Environment").put("metadata", new JsonObject());
    return model;
  }

  private Future<Reply> show(ShowEnvironment command) {
    return checkEnvironment(command.caller(), command.environmentId())
      .compose(snapshot -> {
        JsonObject env = snapshot.environment().toDict()
          .put("status", snapshot.status().wire())
          .put("acquired_by", snapshot.acquiredBy());
        if (command.sessionId() == null) {
          return Future.succeededFuture(new Reply(env.put("services", snapshot.services(null))));
        }
        return store.session(command.sessionId())
          .compose(session -> checkSession(command.caller(), command.environmentId(), session, command.sessionId())
            .map(checked -> new Reply(env.put("services", snapshot.services(session)))));
      });
  }

  private Future<Reply> rename(RenameEnvironment command) {
    return checkEnvironment(command.caller(), command.environmentId()).map(EnvironmentSnapshot::environment).compose(env -> {
      String name = command.body().getValue("name") instanceof String text ? text : "";
      if (name.isBlank()) {
        return Future.failedFuture(MuranoFaults.nameBlank());
      }
      if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
        return Future.failedFuture(MuranoFaults.nameTooLong());
      }
      return store.rename(env.id(), name, now()).compose(renamed -> renamed == null
        ? Future.failedFuture(MuranoFaults.environmentNotFound(env.id()))
        : Future.succeededFuture(new Reply(renamed.toDict())));
    });
  }

  /** Murano deletes by deploying a session whose model marks the environment deleted; abandon removes at once. */
  private Future<Reply> delete(DeleteEnvironment command) {
    return checkEnvironment(command.caller(), command.environmentId()).map(EnvironmentSnapshot::environment)
      .compose(env -> command.abandon()
      ? store.removeEnvironment(env.id())
      : openSession(command.caller(), env.id(), true)
        .compose(session -> deploy(command.caller(), env.id(), session.id())))
      .map(new Reply(null));
  }

  // --- sessions

  /** Murano's configure (and, for a deletion, EnvironmentServices.delete marking the draft deleted). */
  private Future<ConfigurationSession> openSession(Principal caller, String environmentId, boolean deletion) {
    return checkEnvironment(caller, environmentId)
      .compose(snapshot -> {
        EnvironmentStatus status = snapshot.status();
        if (status == EnvironmentStatus.DEPLOYING || status == EnvironmentStatus.DELETING) {
          return Future.failedFuture(MuranoFaults.cannotOpenSession(environmentId));
        }
        Environment env = snapshot.environment();
        long now = now();
        return store.insertSession(new ConfigurationSession(newId(), env.id(), caller.login(), SessionState.OPENED,
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
      .compose(session -> checkSession(caller, environmentId, session, sessionId))
      .compose(snapshot -> snapshot.session(sessionId) == null
        ? Future.failedFuture(MuranoFaults.sessionNotFound(sessionId))
        : snapshot.session(sessionId).userId().equals(caller.login())
        ? Future.succeededFuture(snapshot)
        : Future.failedFuture(MuranoFaults.otherUsersSession(caller.login(), sessionId)));
  }

  private Future<Void> deploy(Principal caller, String environmentId, String sessionId) {
    return store.session(sessionId)
      .compose(found -> checkSession(caller, environmentId, found, sessionId))
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
        return startDeployment(snapshot.environment(), session);
      });
  }

  /**
   * The store decides which deploy wins. An environment never deployed has nothing to tear down, so its
   * deletion is immediate (Murano removes it when the model has no ObjectsCopy, i.e. no deployment yet).
   */
  private Future<Void> startDeployment(Environment env, ConfigurationSession session) {
    if (session.marksDeletion() && env.version() == 0) {
      return store.removeEnvironment(env.id());
    }
    long now = now();
    SessionState running = session.marksDeletion() ? SessionState.DELETING : SessionState.DEPLOYING;
    return store.startDeploy(env.id(), session.id(), session.version(), running, now + settings.leaseMillis(), now)
      .compose(won -> {
        if (!won) {
          return Future.failedFuture(MuranoFaults.invalidSession(session.id()));
        }
        runDeployer(env, session);
        return Future.succeededFuture();
      });
  }

  /** Runs the deployer and records its outcome; a failure to record leaves the deployment to the lease. */
  private void runDeployer(Environment env, ConfigurationSession session) {
    JsonObject description = new JsonObject()
      .put("Objects", session.draft())
      .put("Attributes", new JsonArray())
      .put("project_id", env.tenantId())
      .put("user_id", session.userId());
    deployer.deploy(new DeploymentTask(env.id(), session.id(), description))
      .compose(deployed -> {
        if (stopping) {
          return Future.succeededFuture(false);
        }
        SessionState outcome = deployed ? SessionState.DEPLOYED
          : session.marksDeletion() ? SessionState.DELETE_FAILURE : SessionState.DEPLOY_FAILURE;
        // As Murano records the engine's result: the version moves on and the attempted model is the
        // environment's, even when the deployment failed; a failed deletion keeps the model.
        return store.finishDeploy(env.id(), session.id(), outcome, session.draft(), now());
      })
      .onFailure(err -> LOG.warn("could not record the outcome of deploying session {}; it is resumed after its lease: {}",
        session.id(), err.toString()));
  }

  private Future<Void> resumeAbandonedDeployments() {
    long now = now();
    return store.abandonedDeployments(now).compose(abandoned -> Future.all(abandoned.stream()
      .map(session -> store.claimDeployment(session.id(), now, now + settings.leaseMillis())
        .compose(claimed -> claimed ? store.environment(session.environmentId()) : Future.succeededFuture(null))
        .onSuccess(env -> {
          if (env != null) {
            LOG.info("resuming the deployment of Murano session {} of environment {}", session.id(), env.id());
            runDeployer(env, session);
          }
        }))
      .toList())).mapEmpty();
  }

  // --- services

  /** Murano's services GET: the draft of a session given in the header, else the deployed model. */
  private Future<Reply> readServices(ReadServices command) {
    return checkEnvironment(command.caller(), command.environmentId())
      .compose(snapshot -> {
        Future<ConfigurationSession> session = command.sessionId() == null ? Future.succeededFuture(null)
          : store.session(command.sessionId()).compose(found -> found == null
            || !found.environmentId().equals(command.environmentId())
            ? Future.failedFuture(MuranoFaults.bareNotFound()) : Future.succeededFuture(found));
        return session.compose(s -> {
          JsonArray services = snapshot.services(s);
          if (command.serviceId() == null) {
            return Future.succeededFuture(new Reply(services));
          }
          JsonArray raw = snapshot.rawServices(s);
          int index = raw == null ? -1 : indexOf(raw, command.serviceId());
          return index < 0 ? Future.failedFuture(MuranoFaults.bareNotFound())
            : Future.succeededFuture(new Reply(raw.getValue(index)));
        });
      });
  }

  private Future<Reply> replaceServices(ReplaceServices command) {
    return changeDraft(command.caller(), command.environmentId(), command.sessionId(), DRAFT_ATTEMPTS, draft -> {
      draft.put("services", command.services().copy());
      JsonObject meta = draft.getValue("?") instanceof JsonObject object ? object : new JsonObject();
      draft.put("?", meta.put("updated", MuranoTime.python(now())));
      return draft;
    }).map(new Reply(command.services()));
  }

  private Future<Reply> removeService(RemoveService command) {
    return changeDraft(command.caller(), command.environmentId(), command.sessionId(), DRAFT_ATTEMPTS, draft -> {
      JsonArray services = draft.getValue("services") instanceof JsonArray array ? array : null;
      int index = services == null ? -1 : indexOf(services, command.serviceId());
      if (index < 0) {
        throw MuranoFaults.bareNotFound();
      }
      services.remove(index);
      return draft;
    }).map(new Reply(null));
  }

  private Future<Reply> addServices(AddServices command) {
    return changeDraft(command.caller(), command.environmentId(), command.sessionId(), DRAFT_ATTEMPTS, draft -> {
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

  /**
   * Murano's verify_session then verify_env, then {@code change} on the draft (it may throw an ApiError),
   * stored only if nobody changed the session meanwhile; otherwise everything is checked again.
   */
  private Future<Void> changeDraft(Principal caller, String environmentId, String sessionId, int attempts,
                                   UnaryOperator<JsonObject> change) {
    if (sessionId == null) {
      return Future.failedFuture(MuranoFaults.sessionHeaderMissing());
    }
    return store.session(sessionId).compose(found -> {
      if (found == null) {
        return Future.failedFuture(MuranoFaults.sessionNotFound(sessionId));
      }
      return store.snapshot(found.environmentId()).compose(snapshot -> {
        ConfigurationSession session = snapshot == null ? null : snapshot.session(sessionId);
        if (session == null) {
          return Future.failedFuture(MuranoFaults.sessionNotFound(sessionId));
        }
        if (!snapshot.valid(session)) {
          return Future.failedFuture(MuranoFaults.invalidSession(sessionId));
        }
        if (session.state() == SessionState.DEPLOYING) {
          return Future.failedFuture(MuranoFaults.inDeployment(sessionId));
        }
        if (!session.environmentId().equals(environmentId)) {
          return Future.failedFuture(MuranoFaults.notTied(sessionId, environmentId));
        }
        return checkEnvironment(caller, environmentId).compose(env -> {
          if (session.marksDeletion()) {
            return Future.failedFuture(MuranoFaults.environmentGone(environmentId));
          }
          JsonObject changed;
          try {
            changed = change.apply(session.draft());
          } catch (ApiError refused) {
            return Future.failedFuture(refused);
          }
          return store.replaceDraft(session.id(), session.revision(), changed, now());
        }).compose(stored -> {
          if (stored) {
            return Future.succeededFuture();
          }
          if (attempts > 1) {
            return changeDraft(caller, environmentId, sessionId, attempts - 1, change);
          }
          return Future.failedFuture(ApiError.conflict("The session " + sessionId + " is being changed by other "
            + "requests; try again."));
        });
      });
    });
  }

  /** Position of the service with {@code ?.id == id} (Murano also accepts a list index). */
  private static int indexOf(JsonArray services, String id) {
    for (int i = 0; i < services.size(); i++) {
      if (services.getValue(i) instanceof JsonObject service && service.getValue("?") instanceof JsonObject meta
        && id.equals(meta.getValue("id"))) {
        return i;
      }
    }
    if (!id.isEmpty() && id.chars().allMatch(Character::isDigit) && id.length() < 9) {
      int index = Integer.parseInt(id);
      return index < services.size() ? index : -1;
    }
    return -1;
  }

  // --- Murano's checks

  /** murano.utils.check_env: 404 when missing, 403 when another tenant's (unless admin). */
  private Future<EnvironmentSnapshot> checkEnvironment(Principal caller, String environmentId) {
    return store.snapshot(environmentId).compose(snapshot -> {
      if (snapshot == null) {
        return Future.failedFuture(MuranoFaults.environmentNotFound(environmentId));
      }
      if (!snapshot.environment().tenantId().equals(caller.tenant()) && !caller.isAdmin()) {
        return Future.failedFuture(MuranoFaults.otherTenant());
      }
      return Future.succeededFuture(snapshot);
    });
  }

  /** murano.utils.check_session: 404 when missing, 400 when of another environment, then check_env. */
  private Future<EnvironmentSnapshot> checkSession(Principal caller, String environmentId, ConfigurationSession session,
                                           String sessionId) {
    if (session == null) {
      return Future.failedFuture(MuranoFaults.sessionNotFound(sessionId));
    }
    if (!session.environmentId().equals(environmentId)) {
      return Future.failedFuture(MuranoFaults.notTied(sessionId, environmentId));
    }
    return checkEnvironment(caller, environmentId);
  }

  private static String newId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
