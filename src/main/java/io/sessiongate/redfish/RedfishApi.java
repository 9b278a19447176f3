package io.sessiongate.redfish;

import io.sessiongate.core.redfish.RedfishFleetDocuments;
import io.sessiongate.core.redfish.BaseMessage;
import io.sessiongate.core.redfish.RedfishErrorFormat;
import io.sessiongate.core.redfish.RedfishSchema;
import io.sessiongate.core.redfish.RedfishFleet;
import io.sessiongate.core.audit.AuditEvent;
import io.sessiongate.core.audit.AuditLog;
import io.sessiongate.core.auth.CredentialAccess;
import io.sessiongate.core.auth.Identity;
import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.bus.BusEndpoint;
import io.sessiongate.core.config.ConfigException;
import io.sessiongate.core.config.ConfigReader;
import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.auth.Access;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.http.ApiSlice;
import io.sessiongate.core.api.ErrorFormat;
import io.sessiongate.core.http.RenderedBodies;
import io.sessiongate.core.http.Replies;
import io.sessiongate.core.http.SliceMount;
import io.sessiongate.core.http.SliceRoutes;
import io.sessiongate.core.storage.Storage;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Redfish SessionService (DSP0266, seed 003): contract redfish.yaml, mounted at the root, owning /redfish.
 * Handlers only translate HTTP to {@link RedfishCommand}s for the {@link RedfishSessionVerticle}; session
 * tokens are validated in the router by the identity core's authenticator with {@link RedfishTokens}.
 */
public final class RedfishApi implements ApiSlice {
  private static final Pattern VENDOR = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
  /** SessionService members a client may see but not PATCH. */
  private static final Set<String> READ_ONLY = Set.of("Id", "Name", "Description", "Status", "Sessions", "Oem",
    "Actions", "Links");

  private final ErrorFormat errors = new RedfishErrorFormat();
  private final Identity identity;
  private final RedfishSessionStore store;
  private final SessionActivity activity = new SessionActivity();
  private final RedfishTokens tokens;
  private final RedfishSessionView view;
  private final RedfishDocuments documents;
  /** Session documents as sent, by session Id (prefixed for a viewer other than the session's user). */
  private final RenderedBodies renderedSessions = new RenderedBodies(10_000);
  private final SessionServiceSettings initialSettings;
  private final Duration activityWrite;
  private final Access anonymous = RedfishAccess.anonymous();
  private final Access anyUser;
  private final Access configureManager;

  private final RedfishFleet fleet;
  private final Clock clock;

  /** {@code fleet}: the merged collections of the devices behind the gateway. */
  public RedfishApi(GatewayConfig config, Identity identity, Storage storage, RedfishFleet fleet) {
    this.fleet = fleet;
    ConfigReader section = config.section("redfish");
    String vendor = section.string("oem-vendor").trim();
    if (!VENDOR.matcher(vendor).matches()) {
      throw new ConfigException(
        "redfish.oem-vendor (SESSIONGATE_REDFISH_OEM_VENDOR): must be an OData identifier such as SessionGate or "
          + "Huawei, got '" + vendor + "'");
    }
    this.identity = identity;
    this.store = RedfishSessionStore.create(storage);
    this.clock = config.clock();
    this.view = new RedfishSessionView(store, activity, clock);
    this.tokens = new RedfishTokens(store, activity, view, clock);
    this.documents = new RedfishDocuments(vendor);
    // Below 30 s only for tests: a PATCH must stay within the 30..86400 s of the contract.
    this.initialSettings = new SessionServiceSettings(section.integer("session-timeout-seconds", 1, 86_400),
      section.bool("service-enabled"));
    this.activityWrite = Duration.ofMillis(section.integer("activity-write-millis", 50, 60_000));
    identity.authenticator().addResolver(tokens);
    identity.revocations().onRevocation(revocation -> activity.forget(revocation.key()));
    CredentialAccess credentials = CredentialAccess.tokens(identity.authenticator()).orBasic();
    this.anyUser = RedfishAccess.authenticated(credentials, activity, clock);
    fleet.onMemberRequest(caller -> RedfishAccess.recordUse(activity, caller, clock));
    this.configureManager = RedfishAccess.authenticated(credentials.requiring(
      p -> RedfishRole.of(p.roles()).grants(RedfishRole.CONFIGURE_MANAGER),
      "Changing the SessionService needs the ConfigureManager privilege (role Administrator)."), activity, clock);
  }

  @Override
  public List<Supplier<? extends Deployable>> sessionVerticles() {
    return List.of(() -> new RedfishSessionVerticle(store, tokens, activity, identity, initialSettings, activityWrite,
      clock, view));
  }

  @Override
  public SliceMount mount() {
    return SliceMount.of("redfish", "openapi/redfish.yaml", "", errors).owning("/redfish");
  }

  @Override
  public void bind(SliceRoutes routes) {
    routes
      .on("getRedfishVersions", anonymous, ctx -> send(ctx, 200, RedfishDocuments.versions()))
      .on("getServiceRoot", anonymous, ctx -> send(ctx, 200, RedfishDocuments.serviceRoot()))
      .on("getODataServiceDocument", anonymous, ctx -> send(ctx, 200, RedfishDocuments.odataServiceDocument()))
      .on("getMetadata", anonymous, this::metadata)
      .on("getSessionService", anyUser, ctx -> reply(ctx, 200,
        BusEndpoint.ask(ctx.vertx(), RedfishSessionVerticle.GET_SERVICE, new RedfishCommand.GetService()), RedfishDocuments::sessionService))
      .on("patchSessionService", configureManager, this::patchSessionService)
      .on("listSessions", anyUser, ctx -> reply(ctx, 200,
        BusEndpoint.<RedfishCommand.Visible>ask(ctx.vertx(), RedfishSessionVerticle.LIST, new RedfishCommand.ListVisible(caller(ctx))),
        visible -> RedfishDocuments.sessionCollection(visible.sessions())))
      .on("createSession", anonymous, this::createSession)
      .on("createSessionViaMembers", anonymous, this::createSession)
      // A read: served from this node's view of the sessions on the router's loop, no hop to the verticle.
      .on("getSession", anyUser, ctx -> view.visible(ctx.pathParam("SessionId"), caller(ctx))
        .onSuccess(session -> sendSession(ctx, session))
        .onFailure(ctx::fail))
      .on("deleteSession", anyUser, ctx -> BusEndpoint.<RedfishSession>ask(ctx.vertx(), RedfishSessionVerticle.DELETE,
          new RedfishCommand.Delete(ctx.pathParam("SessionId"), caller(ctx)))
        .onSuccess(deleted -> {
          AuditLog.of(ctx).sessionEnded(ctx, "redfish", deleted.userName(), deleted.id());
          ctx.response().putHeader("OData-Version", RedfishAccess.ODATA_VERSION);
          Replies.empty(ctx, 204);
        })
        .onFailure(ctx::fail))
      .on("getAccountService", anyUser, ctx -> send(ctx, 200, RedfishDocuments.accountService()))
      .on("listRoles", anyUser, ctx -> send(ctx, 200, RedfishDocuments.roleCollection()))
      .on("getRole", anyUser, this::role)
      .on("listRegistries", anyUser, ctx -> send(ctx, 200, RedfishPublications.registryCollection()))
      .on("getRegistryFile", anyUser, ctx -> sendFound(ctx, RedfishPublications.registryFile(ctx.pathParam("RegistryId"))))
      .on("getRegistry", anyUser, ctx -> sendPacked(ctx, "application/json",
        RedfishPublications.packedRegistry(ctx.pathParam("RegistryId"), ctx.pathParam("RegistryFile"))))
      .on("listJsonSchemas", anyUser, ctx -> send(ctx, 200, RedfishPublications.schemaCollection()))
      .on("getJsonSchemaFile", anyUser, ctx -> sendFound(ctx, RedfishPublications.schemaFile(ctx.pathParam("SchemaId"))))
      .on("getJsonSchema", anyUser, ctx -> sendPacked(ctx, "application/json",
        RedfishPublications.packedJsonSchema(ctx.pathParam("SchemaId"), ctx.pathParam("SchemaFile"))))
      .on("listSystems", anyUser, ctx -> fleetCollection(ctx, RedfishFleetDocuments.Merged.SYSTEMS))
      .on("listManagers", anyUser, ctx -> fleetCollection(ctx, RedfishFleetDocuments.Merged.MANAGERS))
      .on("listChassis", anyUser, ctx -> fleetCollection(ctx, RedfishFleetDocuments.Merged.CHASSIS))
      .on("listFabrics", anyUser, ctx -> fleetCollection(ctx, RedfishFleetDocuments.Merged.FABRICS))
      .on("listFacilities", anyUser, ctx -> fleetCollection(ctx, RedfishFleetDocuments.Merged.FACILITIES))
      .on("getAggregationService", anyUser, ctx -> send(ctx, 200, fleet.aggregationService()))
      .on("listAggregationSources", anyUser, ctx -> fleet.sources(caller(ctx)).onSuccess(body -> send(ctx, 200, body))
        .onFailure(ctx::fail))
      .on("getAggregationSource", anyUser, ctx -> fleet.source(ctx.pathParam("AggregationSourceId"), caller(ctx))
        .onSuccess(body -> send(ctx, 200, body)).onFailure(ctx::fail))
      .on("createAggregationSource", anyUser, ctx -> AuditLog.of(ctx).changed(ctx, AuditEvent.DEVICE_CREATED,
          Replies.body(ctx).getString("HostName"), Replies.body(ctx), fleet.createSource(Replies.body(ctx), caller(ctx)))
        .onSuccess(body -> {
          ctx.response().putHeader("Location", body.getString("@odata.id"));
          send(ctx, 201, body);
        })
        .onFailure(ctx::fail))
      .on("deleteAggregationSource", anyUser, ctx -> AuditLog.of(ctx).changed(ctx, AuditEvent.DEVICE_DELETED,
          ctx.pathParam("AggregationSourceId"), null, fleet.deleteSource(ctx.pathParam("AggregationSourceId"), caller(ctx)))
        .onSuccess(deleted -> {
          ctx.response().putHeader("OData-Version", RedfishAccess.ODATA_VERSION);
          Replies.empty(ctx, 204);
        })
        .onFailure(ctx::fail))
      .on("resetAggregation", anyUser, ctx -> taskStarted(ctx, "AggregationService.Reset",
        Replies.body(ctx).getJsonArray("TargetURIs"), fleet.reset(Replies.body(ctx), caller(ctx))))
      .on("listAggregates", anyUser, ctx -> fleet.aggregates(caller(ctx)).onSuccess(body -> send(ctx, 200, body))
        .onFailure(ctx::fail))
      .on("createAggregate", anyUser, ctx -> AuditLog.of(ctx).aggregateChanged(ctx, AuditEvent.AGGREGATE_CREATED,
          created -> created.getString("Id"), Replies.body(ctx), fleet.createAggregate(Replies.body(ctx), caller(ctx)))
        .onSuccess(body -> {
          ctx.response().putHeader("Location", body.getString("@odata.id"));
          send(ctx, 201, body);
        })
        .onFailure(ctx::fail))
      .on("getAggregate", anyUser, ctx -> fleet.aggregate(ctx.pathParam("AggregateId"), caller(ctx))
        .onSuccess(body -> send(ctx, 200, body)).onFailure(ctx::fail))
      .on("deleteAggregate", anyUser, ctx -> AuditLog.of(ctx).aggregateChanged(ctx, AuditEvent.AGGREGATE_DELETED,
          ctx.pathParam("AggregateId"), null, fleet.deleteAggregate(ctx.pathParam("AggregateId"), ifMatch(ctx),
            caller(ctx)))
        .onSuccess(deleted -> noContent(ctx)).onFailure(ctx::fail))
      .on("addAggregateElements", anyUser, ctx -> changeAggregate(ctx, true))
      .on("removeAggregateElements", anyUser, ctx -> changeAggregate(ctx, false))
      .on("resetAggregate", anyUser, ctx -> taskStarted(ctx, "Aggregate.Reset",
        new JsonArray().add(ctx.request().path()), fleet.resetAggregate(ctx.pathParam("AggregateId"),
          Replies.body(ctx), ifMatch(ctx), caller(ctx))))
      .on("setAggregateDefaultBootOrder", anyUser, ctx -> taskStarted(ctx, "Aggregate.SetDefaultBootOrder",
        new JsonArray().add(ctx.request().path()), fleet.setAggregateDefaultBootOrder(ctx.pathParam("AggregateId"),
          Replies.body(ctx), ifMatch(ctx), caller(ctx))))
      .on("getTaskService", anyUser, ctx -> send(ctx, 200, fleet.taskService()))
      .on("listTasks", anyUser, ctx -> fleet.tasks(caller(ctx)).onSuccess(body -> send(ctx, 200, body))
        .onFailure(ctx::fail))
      .on("getTask", anyUser, ctx -> fleet.task(ctx.pathParam("TaskId"), caller(ctx))
        .onSuccess(body -> send(ctx, 200, body)).onFailure(ctx::fail))
      .on("getTaskMonitor", anyUser, ctx -> fleet.monitor(ctx.pathParam("TaskId"), caller(ctx)).onSuccess(seen -> {
          if (!seen.done()) {
            ctx.response().putHeader("Location", ctx.request().path()).putHeader("Retry-After", "1");
          }
          send(ctx, seen.done() ? 200 : 202, seen.task());
        }).onFailure(ctx::fail))
      .on("listConnectionMethods", anyUser, ctx -> send(ctx, 200, fleet.connectionMethods()))
      .on("getConnectionMethod", anyUser, ctx -> sendFound(ctx, fleet.connectionMethod(ctx.pathParam("ConnectionMethodId"))))
      .on("getCsdl", anyUser, ctx -> sendPacked(ctx, "application/xml",
        RedfishPublications.packedCsdl(ctx.pathParam("CsdlFile"))))
      // What a Redfish client reads to check its session is still there, often between every call.
      .hot("getSession");
  }

  /** 202 with the task monitor once a batch action's task has started (audited as accepted), else the failure. */
  private static void taskStarted(RoutingContext ctx, String action, JsonArray targets, Future<String> started) {
    started.onSuccess(id -> {
      JsonObject body = Replies.body(ctx);
      JsonObject parameters = body.copy();
      parameters.remove("TargetURIs");
      AuditLog.of(ctx).batchAccepted(ctx, id, action, parameters, targets);
      ctx.response().putHeader("Location", RedfishDocuments.ROOT + "/TaskService/TaskMonitors/" + id)
        .putHeader("Retry-After", "1");
      send(ctx, 202, new JsonObject().put("@odata.id", RedfishDocuments.ROOT + "/TaskService/Tasks/" + id));
    }).onFailure(ctx::fail);
  }

  /** Aggregate.AddElements / RemoveElements: 204, audited, under the request's If-Match. */
  private void changeAggregate(RoutingContext ctx, boolean adding) {
    String id = ctx.pathParam("AggregateId");
    AuditLog.of(ctx).aggregateChanged(ctx, adding ? AuditEvent.AGGREGATE_ELEMENTS_ADDED
        : AuditEvent.AGGREGATE_ELEMENTS_REMOVED, id, Replies.body(ctx),
        fleet.changeAggregateElements(id, adding, Replies.body(ctx), ifMatch(ctx), caller(ctx)))
      .onSuccess(done -> noContent(ctx)).onFailure(ctx::fail);
  }

  private static String ifMatch(RoutingContext ctx) {
    return ctx.request().getHeader("If-Match");
  }

  private static void noContent(RoutingContext ctx) {
    ctx.response().putHeader("OData-Version", RedfishAccess.ODATA_VERSION);
    Replies.empty(ctx, 204);
  }

  private void fleetCollection(RoutingContext ctx, RedfishFleetDocuments.Merged merged) {
    fleet.collection(merged, caller(ctx)).onSuccess(body -> send(ctx, 200, body)).onFailure(ctx::fail);
  }

  private static void sendFound(RoutingContext ctx, Optional<JsonObject> resource) {
    resource.ifPresentOrElse(body -> send(ctx, 200, body), () -> ctx.fail(notFound(ctx)));
  }

  /** A file packed in the jar, read through Vert.x's classpath resolution (a worker, not the event loop). */
  private static void sendPacked(RoutingContext ctx, String contentType, Optional<String> classpathLocation) {
    if (classpathLocation.isEmpty()) {
      ctx.fail(notFound(ctx));
      return;
    }
    ctx.vertx().fileSystem().readFile(classpathLocation.get())
      .onSuccess(file -> ctx.response()
        .putHeader("OData-Version", RedfishAccess.ODATA_VERSION)
        .putHeader("Allow", RedfishDocuments.allowedMethods(ctx.request().path()))
        .putHeader("Content-Type", contentType)
        .end(file))
      .onFailure(ctx::fail);
  }

  private static ApiError notFound(RoutingContext ctx) {
    return BaseMessage.RESOURCE_MISSING_AT_URI.args(ctx.request().path())
      .on(ApiError.notFoundAt(ctx.request().path()));
  }

  private void createSession(RoutingContext ctx) {
    JsonObject body = Replies.body(ctx);
    RedfishCommand.Create command = new RedfishCommand.Create(body.getString("UserName"), body.getString("Password"),
      body.getString("Context"), ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress());
    AuditLog.of(ctx).login(ctx, "redfish", command.userName(), BusEndpoint.<RedfishCommand.Created>ask(ctx.vertx(), RedfishSessionVerticle.CREATE, command))
      .onSuccess(created -> {
        ctx.response()
          .putHeader("X-Auth-Token", created.token())
          .putHeader("Location", created.session().uri());
        send(ctx, 201, documents.session(created.session(), null));
      })
      .onFailure(ctx::fail);
  }

  /**
   * DSP0266 PATCH: the writable members are applied; an unknown or read-only member is reported in
   * {@code @Message.ExtendedInfo} of the 200 answer, or as the 400 error when nothing could be applied.
   */
  private void patchSessionService(RoutingContext ctx) {
    JsonObject body = Replies.body(ctx);
    JsonArray refused = new JsonArray();
    ApiError firstRefusal = null;
    for (String member : body.fieldNames()) {
      if (member.equals("SessionTimeout") || member.equals("ServiceEnabled") || member.startsWith("@odata.")) {
        continue;
      }
      ApiError refusal = READ_ONLY.contains(member)
        ? BaseMessage.PROPERTY_NOT_WRITABLE.args(member).on(ApiError.invalid("The property " + member
            + " is a read only property and cannot be assigned a value.", pointer(member)))
        : BaseMessage.PROPERTY_UNKNOWN.args(member).on(ApiError.invalid("The property " + member
            + " is not in the list of valid properties for the resource.", pointer(member)));
      refused.add(RedfishErrorFormat.message(refusal, ctx));
      firstRefusal = firstRefusal == null ? refusal : firstRefusal;
    }
    Integer timeout = body.getInteger("SessionTimeout");
    Boolean enabled = body.getBoolean("ServiceEnabled");
    if (timeout == null && enabled == null) {
      ctx.fail(firstRefusal != null ? firstRefusal
        : BaseMessage.NO_OPERATION.args().on(ApiError.invalid("The request body submitted contain no data to act upon "
          + "and no changes to the resource took place.", "/")));
      return;
    }
    reply(ctx, 200, BusEndpoint.ask(ctx.vertx(), RedfishSessionVerticle.PATCH_SERVICE, new RedfishCommand.PatchService(timeout, enabled)),
      (SessionServiceSettings settings) -> {
        JsonObject service = RedfishDocuments.sessionService(settings);
        return refused.isEmpty() ? service : service.put("@Message.ExtendedInfo", refused);
      });
  }

  /** The JSON pointer of a top-level member (RFC 6901 escapes). */
  private static String pointer(String member) {
    return "/" + member.replace("~", "~0").replace("/", "~1");
  }

  private void metadata(RoutingContext ctx) {
    ctx.response()
      .putHeader("OData-Version", RedfishAccess.ODATA_VERSION)
      .putHeader("Content-Type", "application/xml")
      .end(RedfishDocuments.metadata());
  }

  private void role(RoutingContext ctx) {
    String id = ctx.pathParam("RoleId");
    for (RedfishRole role : RedfishRole.values()) {
      if (role.name().equals(id)) {
        send(ctx, 200, RedfishDocuments.role(role));
        return;
      }
    }
    ctx.fail(BaseMessage.RESOURCE_NOT_FOUND.args(RedfishSchema.ROLE.namespace(), id)
      .on(ApiError.notFound("No role " + id + "; the roles are Administrator, Operator and ReadOnly.")));
  }

  private static Principal caller(RoutingContext ctx) {
    return Access.principal(ctx);
  }

  private static <T> void reply(RoutingContext ctx, int status, Future<T> result, Function<T, JsonObject> render) {
    result.onSuccess(value -> send(ctx, status, render.apply(value))).onFailure(ctx::fail);
  }

  /**
   * A session's document, rendered once per session and viewer kind (again only when the session is read
   * afresh): nothing in it changes while the session lives (its last use is not shown), and an Id is never reused, so a rendering kept after its session ended
   * is never sent (the session is looked up first).
   */
  private void sendSession(RoutingContext ctx, RedfishSession session) {
    Principal viewer = caller(ctx);
    boolean mine = viewer == null || viewer.login().equals(session.userName());
    Buffer body = renderedSessions.body(mine ? session.id() : "other:" + session.id(), session, null, null,
      () -> documents.session(session, viewer));
    sendBytes(ctx, 200, body, RedfishSchema.SESSION.odataType(), null);
  }

  /** A resource with the headers DSP0266 asks of every response: OData-Version, Allow, Link to its schema. */
  private static void send(RoutingContext ctx, int status, JsonObject body) {
    sendBytes(ctx, status, body.toBuffer(), body.getString("@odata.type"), body.getString("@odata.etag"));
  }

  private static void sendBytes(RoutingContext ctx, int status, Buffer body, String type, String etag) {
    ctx.response()
      .putHeader("OData-Version", RedfishAccess.ODATA_VERSION)
      .putHeader("Cache-Control", "no-store")
      .putHeader("Allow", RedfishDocuments.allowedMethods(ctx.request().path()));
    if (etag != null) {
      ctx.response().putHeader("ETag", etag);
    }
    if (type != null) {
      // "#Session.v1_7_0.Session" is described by Session.v1_7_0.json, "#SessionCollection.SessionCollection"
      // by SessionCollection.json.
      String[] parts = type.substring(1).split("\\.");
      String schema = parts.length == 3 ? parts[0] + "." + parts[1] : parts[0];
      ctx.response().putHeader("Link", "<https://redfish.dmtf.org/schemas/v1/" + schema + ".json>; rel=describedby");
    }
    Replies.json(ctx, status, body);
  }
}
