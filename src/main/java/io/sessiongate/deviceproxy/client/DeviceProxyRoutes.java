package io.sessiongate.deviceproxy.client;

import io.sessiongate.core.fleet.PooledForwarding;
import io.sessiongate.deviceproxy.bmc.BmcLogin;
import io.sessiongate.deviceproxy.bmc.DeviceForwarder;
import io.sessiongate.deviceproxy.bmc.LinkRewriter;
import io.sessiongate.deviceproxy.bmc.DeviceClient;
import io.sessiongate.core.fleet.Device;
import io.sessiongate.deviceproxy.registry.CredentialCipher;
import io.sessiongate.deviceproxy.registry.DeviceProxySettings;
import io.sessiongate.deviceproxy.bmc.DeviceClients;
import io.sessiongate.core.audit.AuditLog;
import io.sessiongate.core.auth.Authenticator;
import io.sessiongate.core.auth.CredentialAccess;
import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.auth.Access;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.api.ErrorFormat;
import io.sessiongate.core.http.ErrorResponder;
import io.sessiongate.core.http.StreamingRoutes;
import io.sessiongate.deviceproxy.bmc.ProxyExchange.ClientCredential;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The client side of the device proxy, on the router: {@code /bmc/<id>/redfish/...} (links rewritten to
 * stay on the gateway) and, when devices.bmc-domain is set, {@code Host: <id>.<bmc-domain>} (no rewriting).
 * These are the BMCs' own Redfish trees, so there is no contract to check them against: the gateway checks
 * the device id and the caller, and passes the rest through.
 * <p>Mounted ahead of the router's body handling, so bodies stream between client and BMC. For a pooled
 * device a BMC session is borrowed per request from the node that owns the device ({@link SessionLeases}),
 * and the request goes to the BMC from this node ({@link DeviceForwarder}).
 * <p>For a pooled device the SessionService on a device path is the gateway's own: a client logs in with
 * gateway credentials and never sees a BMC token. For a passthrough device it is the BMC's, behind a
 * gateway token ({@link PassthroughSessions}).
 */
public final class DeviceProxyRoutes implements StreamingRoutes, PooledForwarding {
  private static final Pattern DEVICE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final String SESSION_SERVICE = "/redfish/v1/SessionService";
  private static final String SESSIONS = SESSION_SERVICE + "/Sessions";
  /** What DSP0266 lets anyone read without credentials. */
  private static final Set<String> ANONYMOUS = Set.of("/redfish", "/redfish/", "/redfish/v1", "/redfish/v1/",
    "/redfish/v1/odata", "/redfish/v1/$metadata");
  private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD);
  private static final Set<String> SERVICE_ROOTS = Set.of("/redfish/v1", "/redfish/v1/");

  private final Access access;
  private final DeviceClients clients;
  private final SessionLeases leases;
  private final PassthroughSessions passthrough;
  private final String hostSuffix;
  private final ErrorFormat errors;
  private final ErrorResponder responder;

  public DeviceProxyRoutes(Vertx vertx, Authenticator authenticator, DeviceClients clients,
                           PassthroughSessionStore sessions, CredentialCipher cipher, DeviceProxySettings settings,
                           long waitForOwnerMillis, ErrorFormat errors, ErrorResponder responder,
                           MeterRegistry meters) {
    this.access = CredentialAccess.tokens(authenticator).orBasic();
    this.clients = clients;
    this.leases = new SessionLeases(vertx, cipher, settings.shards(), waitForOwnerMillis, meters);
    this.passthrough = new PassthroughSessions(sessions, cipher);
    this.hostSuffix = settings.bmcDomain().isEmpty() ? null : "." + settings.bmcDomain();
    this.errors = errors;
    this.responder = responder;
  }

  /** The node stops (its requests are over): the leases it holds of other nodes' devices go back to them. */
  public void close() {
    leases.close();
  }

  /** Mounted before the router reads bodies: a request to a BMC streams its body straight through. */
  @Override
  public void handle(Router router) {
    if (hostSuffix != null) {
      router.route().handler(this::byHost);
    }
    router.route("/bmc/:deviceId/*").handler(this::byPath);
  }

  private void byPath(RoutingContext ctx) {
    String deviceId = ctx.pathParam("deviceId");
    String prefix = "/bmc/" + deviceId;
    route(ctx, deviceId, ctx.request().path().substring(prefix.length()), prefix, false);
  }

  private void byHost(RoutingContext ctx) {
    String host = ctx.request().authority() == null ? null : ctx.request().authority().host().toLowerCase();
    if (host == null || !host.endsWith(hostSuffix) || !ctx.request().path().startsWith("/redfish")) {
      ctx.next();
      return;
    }
    route(ctx, host.substring(0, host.length() - hostSuffix.length()), ctx.request().path(), null, true);
  }

  private void route(RoutingContext ctx, String deviceId, String path, String linkPrefix, boolean byHost) {
    // Nothing reads the body until the BMC (or the gateway's SessionService) takes it.
    ctx.request().pause();
    if (!DEVICE_ID.matcher(deviceId).matches()) {
      fail(ctx, ApiError.notFound("No device '" + deviceId + "' is registered."));
      return;
    }
    if (!path.startsWith("/redfish")) {
      fail(ctx, ApiError.notFound("Only the Redfish tree (/redfish/...) of a device is reachable through the gateway."));
      return;
    }
    clients.client(deviceId).onFailure(err -> fail(ctx, err, deviceId)).onSuccess(client -> {
      Device.Mode mode = client.device().mode();
      if (mode == Device.Mode.POOLED && path.startsWith(SESSION_SERVICE)) {
        // The gateway's own SessionService answers: its sessions are what clients of a pooled device carry.
        if (byHost) {
          ctx.next();
        } else {
          ctx.reroute(ctx.request().method(), path + query(ctx));
        }
      } else if (mode == Device.Mode.POOLED) {
        pooled(ctx, client, path, linkPrefix);
      } else {
        passthrough(ctx, client, path, linkPrefix);
      }
    });
  }

  private void pooled(RoutingContext ctx, DeviceClient client, String path, String linkPrefix) {
    pooled(ctx, client, path, pooledRewriter(client, linkPrefix, path), null, DeviceClients.unknown(client.device().id()));
  }

  @Override
  public void forwardPooled(RoutingContext ctx, String deviceId, String bmcPath, UnaryOperator<String> answerLinks,
                            UnaryOperator<String> requestLinks) {
    ctx.request().pause();
    // Unknown, invisible or passthrough: one answer, so that a caller cannot tell which devices exist.
    ApiError notFound = ApiError.notFoundAt(ctx.request().path());
    clients.client(deviceId)
      .onFailure(err -> fail(ctx, err instanceof ApiError e && e.status() == 404 ? notFound : err, deviceId))
      .onSuccess(client -> {
      if (client.device().mode() != Device.Mode.POOLED) {
        fail(ctx, notFound);
        return;
      }
      pooled(ctx, client, bmcPath + query(ctx), new LinkRewriter(answerLinks, client.origin()),
        new LinkRewriter(requestLinks, null), notFound);
    });
  }

  @Override
  public Future<Optional<JsonObject>> readPooled(String deviceId, String bmcPath) {
    return callPooled(deviceId, HttpMethod.GET, bmcPath, null).compose(answer -> {
      if (answer.status() == 404) {
        return Future.succeededFuture(Optional.empty());
      }
      if (answer.status() / 100 != 2) {
        return Future.failedFuture(ApiError.of(ApiError.Reason.BAD_GATEWAY, "Device " + deviceId + " answered "
          + answer.status() + " to GET " + bmcPath + "."));
      }
      try {
        return Future.succeededFuture(Optional.of(new JsonObject(answer.body())));
      } catch (RuntimeException notAnObject) {
        return Future.failedFuture(ApiError.of(ApiError.Reason.BAD_GATEWAY, "Device " + deviceId
          + " answered GET " + bmcPath + " with something other than a JSON object."));
      }
    });
  }

  @Override
  public Future<PooledAnswer> callPooled(String deviceId, HttpMethod method, String bmcPath, JsonObject body) {
    return clients.client(deviceId).compose(client -> client.device().mode() != Device.Mode.POOLED
      ? Future.failedFuture(ApiError.notFound("Device " + deviceId + " is not pooled."))
      : callOnLease(client, method, bmcPath, body, true));
  }

  private Future<PooledAnswer> callOnLease(DeviceClient client, HttpMethod method, String bmcPath, JsonObject body,
                                           boolean mayRetry) {
    Device device = client.device();
    return leases.lease(device).compose(lease -> leases.token(device, lease)
      .compose(token -> client.call("bmc.request", method, () -> {
        RequestOptions options = client.requestOptions(method, bmcPath).putHeader("Accept", "application/json");
        DeviceForwarder.authorize(options.getHeaders(), token, client.basicAuthorization());
        if (body != null) {
          options.putHeader("Content-Type", "application/json");
        }
        return client.fetch(options, body == null ? null : body.toBuffer(),
          (response, answer) -> new PooledAnswer(response.statusCode(), answer));
      }))
      .andThen(done -> leases.giveBack(device, lease, done.succeeded() && done.result().status() == 401 && !lease.basic()))
      .compose(answer -> answer.status() == 401 && mayRetry && !lease.basic()
        ? callOnLease(client, method, bmcPath, body, false)
        : Future.succeededFuture(answer)));
  }

  /** {@code hidden}: the answer when the caller may not see the device, the same as for an unknown one. */
  private void pooled(RoutingContext ctx, DeviceClient client, String path, LinkRewriter rewriter,
                      LinkRewriter requestLinks, ApiError hidden) {
    AuditLog.of(ctx).proxying(ctx, client.device().id());
    HttpMethod method = ctx.request().method();
    boolean anonymous = method == HttpMethod.GET && ANONYMOUS.contains(path);
    // A caller another route already resolved (the aggregation's, for a member) is not resolved again.
    Principal known = ctx.get(Access.PRINCIPAL);
    (anonymous ? Future.succeededFuture((Principal) null)
      : known != null ? Future.succeededFuture(known) : access.resolve(ctx))
      .compose(principal -> {
        ctx.put(Access.PRINCIPAL, principal);
        if (principal != null && !client.device().visibleTo(principal)) {
          return Future.failedFuture(hidden);
        }
        if (principal != null && !READS.contains(method) && !principal.isAdmin() && !principal.hasRole("operator")) {
          return Future.failedFuture(ApiError.forbidden("Changing a device needs the admin or operator role."));
        }
        ProxyRequest proxy = DeviceForwarder.prepare(ctx.request(), client, path + query(ctx));
        return (DeviceForwarder.replayable(ctx.request()) ? DeviceForwarder.readBody(ctx.request())
          : Future.succeededFuture((Buffer) null))
          .map(body -> requestLinks == null ? body : requestLinks.body(body, ctx.request().getHeader("Content-Type")))
          .compose(body -> onPooledSession(proxy, client, body, rewriter, body != null, false));
      })
      .onFailure(err -> fail(ctx, err, client.device().id()));
  }

  /**
   * One try on a lent BMC session; a 401 gives the session back as rejected and, once, tries on another. A lease
   * without a session is a device reached with HTTP Basic: its 401 is the BMC refusing the stored credentials.
   */
  private Future<Void> onPooledSession(ProxyRequest proxy, DeviceClient client, Buffer body, LinkRewriter rewriter,
                                       boolean mayRetry, boolean retry) {
    Device device = client.device();
    // Whatever fails once the lease is held (its token cannot be opened, the BMC cannot be reached) gives it back.
    return leases.lease(device).compose(lease -> leases.token(device, lease)
      .compose(token -> DeviceForwarder.exchange(proxy, client, body, token, client.basicAuthorization(), retry))
      .compose(answer -> {
        if (answer.status() != 401) {
          return DeviceForwarder.relay(answer, rewriter, null).andThen(done -> leases.giveBack(device, lease, false));
        }
        leases.giveBack(device, lease, !lease.basic());
        if (lease.basic()) {
          return DeviceForwarder.discard(answer).compose(v -> Future.<Void>failedFuture(
            BmcLogin.credentialsRefused(device)));
        }
        if (mayRetry) {
          return DeviceForwarder.discard(answer)
            .compose(v -> onPooledSession(proxy, client, body, rewriter, false, true));
        }
        return DeviceForwarder.discard(answer).compose(v -> Future.<Void>failedFuture(ApiError.unavailable("Device "
          + device.id() + " dropped the gateway's session while the request was under way; retry.", 1)));
      }, err -> {
        leases.giveBack(device, lease, false);
        return Future.failedFuture(err);
      }));
  }

  private void passthrough(RoutingContext ctx, DeviceClient client, String path, String linkPrefix) {
    AuditLog.of(ctx).proxying(ctx, client.device().id());
    HttpMethod method = ctx.request().method();
    // Only a login or a logout needs to know where the BMC keeps its sessions (its service root says, read once).
    (method == HttpMethod.POST || method == HttpMethod.DELETE ? client.login().knownServiceRoot()
      .map(BmcLogin.ServiceRoot::sessions).otherwise((String) null) : Future.succeededFuture((String) null))
      .onSuccess(sessions -> passthrough(ctx, client, path, linkPrefix, sessions));
  }

  /** {@code sessions}: the Sessions collection the BMC's service root names (null: it names none, or unknown). */
  private void passthrough(RoutingContext ctx, DeviceClient client, String path, String linkPrefix, String sessions) {
    HttpMethod method = ctx.request().method();
    String deviceId = client.device().id();
    String collection = sessionsCollection(path, sessions);
    boolean login = method == HttpMethod.POST && collection != null;
    boolean anonymous = login || (method == HttpMethod.GET && ANONYMOUS.contains(path));
    LinkRewriter rewriter = rewriter(client, linkPrefix);
    ProxyRequest proxy = DeviceForwarder.prepare(ctx.request(), client, path + query(ctx));
    passthrough.credential(ctx, deviceId, anonymous)
      .compose(credential -> {
        ClientCredential sent = login ? ClientCredential.NONE : credential;
        return DeviceForwarder.exchange(proxy, client, null, sent.bmcToken(), sent.authorization(), false);
      })
      .compose(answer -> {
        String bmcToken = answer.header("X-Auth-Token");
        if (login && answer.status() / 100 == 2 && bmcToken != null) {
          // As the pooled mode keeps it: a path on the BMC (a relative Location resolved against the collection),
          // so that the logouts below, made when the client never gets its token, reach the session.
          String location = answer.header("Location");
          String bmcSession = location == null ? null : BmcLogin.resolve(collection, location);
          return passthrough.open(deviceId, bmcToken, bmcSession)
            .compose(token -> DeviceForwarder.relay(answer, rewriter, token).onFailure(notDelivered -> {
              // The client never got its token: nobody can use or end this session, so end it here.
              passthrough.close(token).otherwiseEmpty().compose(v -> client.logout(bmcSession, bmcToken));
            }), unrecorded -> {
              // A BMC session no client can ever use again: give it back to the BMC rather than hold its slot.
              DeviceForwarder.discard(answer).compose(v -> client.logout(bmcSession, bmcToken));
              return Future.failedFuture(ApiError.unavailable("The gateway could not record the session device "
                + deviceId + " opened, and logged it out; retry.", 1));
            });
        }
        String token = ctx.request().getHeader("X-Auth-Token");
        if (method == HttpMethod.DELETE && sessionsCollection(BmcLogin.parent(path), sessions) != null
          && answer.status() / 100 == 2 && token != null) {
          // The BMC session is gone either way; a mapping left behind only ever leads to the BMC's own 401.
          return passthrough.close(token).otherwiseEmpty().compose(v -> DeviceForwarder.relay(answer, rewriter, null));
        }
        return DeviceForwarder.relay(answer, rewriter, null);
      })
      .onFailure(err -> fail(ctx, err, deviceId));
  }

  /**
   * The Sessions collection {@code path} posts a login to, or null: the one the service root names ({@code named})
   * or the standard one (a BMC that serves both takes a login at either), or its {@code /Members}.
   */
  private static String sessionsCollection(String path, String named) {
    String collection = path == null || !path.endsWith("/Members") ? path : BmcLogin.parent(path);
    return collection != null && (collection.equals(SESSIONS) || collection.equals(named)) ? collection : null;
  }

  /** The path-prefix rewriter; for the service root, one that also names the gateway's SessionService. */
  private static LinkRewriter pooledRewriter(DeviceClient client, String linkPrefix, String path) {
    if (!SERVICE_ROOTS.contains(path)) {
      return rewriter(client, linkPrefix);
    }
    return new LinkRewriter(linkPrefix == null ? "" : linkPrefix, client.origin()).advertisingGatewaySessions();
  }

  private static LinkRewriter rewriter(DeviceClient client, String linkPrefix) {
    return linkPrefix == null ? null : new LinkRewriter(linkPrefix, client.origin());
  }

  private void fail(RoutingContext ctx, Throwable failure, String deviceId) {
    if (failure instanceof DeviceForwarder.ClientGone || ctx.response().closed()) {
      return;
    }
    fail(ctx, ApiError.from(failure, "device proxy " + deviceId));
  }

  private void fail(RoutingContext ctx, ApiError error) {
    AuditLog.gatewayAnswered(ctx);
    if (ctx.response().headWritten()) {
      // The BMC's answer was under way: all that is left is to cut it short (this stream only, on HTTP/2).
      ctx.response().reset();
      return;
    }
    // Whatever body the client still sends is read and dropped, so the connection stays usable.
    if (!ctx.request().isEnded()) {
      ctx.request().resume();
    }
    responder.send(ctx, error, errors);
  }

  private static String query(RoutingContext ctx) {
    String query = ctx.request().query();
    return query == null ? "" : "?" + query;
  }
}
