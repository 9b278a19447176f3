package io.sessiongate.deviceproxy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sessiongate.core.auth.Authenticator;
import io.sessiongate.core.auth.CredentialAccess;
import io.sessiongate.core.bus.BusEndpoint;
import io.sessiongate.core.http.Access;
import io.sessiongate.core.http.ApiError;
import io.sessiongate.core.http.ErrorFormat;
import io.sessiongate.core.http.ErrorResponder;
import io.sessiongate.deviceproxy.ProxyExchange.ClientCredential;
import io.sessiongate.deviceproxy.ProxyExchange.ProxyRequest;
import io.sessiongate.deviceproxy.ProxyExchange.ProxyResponse;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The client side of the device proxy, on the router: {@code /bmc/<id>/redfish/...} (links rewritten to
 * stay on the gateway) and, when devices.bmc-domain is set, {@code Host: <id>.<bmc-domain>} (no rewriting).
 * These are the BMCs' own Redfish trees, so there is no contract to check them against: the gateway checks
 * the device id, the caller, and its size limits, and passes the rest through.
 * <p>For a pooled device the SessionService on a device path is the gateway's own: a client logs in with
 * gateway credentials and never sees a BMC token. For a passthrough device it is the BMC's, behind a
 * gateway token ({@link PassthroughSessions}).
 */
public final class DeviceProxyRoutes implements Handler<Router> {
  private static final Pattern DEVICE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final String SESSION_SERVICE = "/redfish/v1/SessionService";
  private static final String SESSIONS = SESSION_SERVICE + "/Sessions";
  /** What DSP0266 lets anyone read without credentials. */
  private static final Set<String> ANONYMOUS = Set.of("/redfish", "/redfish/", "/redfish/v1", "/redfish/v1/",
    "/redfish/v1/odata", "/redfish/v1/$metadata");
  private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD);

  private final Access access;
  private final DeviceRegistry registry;
  private final PassthroughSessions passthrough;
  private final int shards;
  private final String hostSuffix;
  private final ErrorFormat errors;
  private final ErrorResponder responder;
  /** Device modes, so routing a request reads the registry at most every few seconds per device. */
  private final Cache<String, Device.Mode> modes = Caffeine.newBuilder()
    .maximumSize(100_000).expireAfterWrite(Duration.ofSeconds(5)).build();

  public DeviceProxyRoutes(Authenticator authenticator, DeviceRegistry registry, PassthroughSessionStore sessions,
                           CredentialCipher cipher, DeviceProxySettings settings, int shards, ErrorFormat errors,
                           int maxBodyBytes) {
    this.access = CredentialAccess.tokens(authenticator).orBasic();
    this.registry = registry;
    this.passthrough = new PassthroughSessions(sessions, cipher);
    this.shards = shards;
    this.hostSuffix = settings.bmcDomain().isEmpty() ? null : "." + settings.bmcDomain();
    this.errors = errors;
    this.responder = new ErrorResponder(maxBodyBytes);
  }

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
    if (!DEVICE_ID.matcher(deviceId).matches()) {
      fail(ctx, ApiError.notFound("No device '" + deviceId + "' is registered."));
      return;
    }
    if (!path.startsWith("/redfish")) {
      fail(ctx, ApiError.notFound("Only the Redfish tree (/redfish/...) of a device is reachable through the gateway."));
      return;
    }
    mode(deviceId).onFailure(err -> fail(ctx, ApiError.from(err, "device proxy " + deviceId))).onSuccess(mode -> {
      boolean sessionService = path.startsWith(SESSION_SERVICE);
      if (mode == Device.Mode.POOLED && sessionService) {
        // The gateway's own SessionService answers: its sessions are what clients of a pooled device carry.
        if (byHost) {
          ctx.next();
        } else {
          ctx.reroute(ctx.request().method(), path + query(ctx));
        }
      } else if (mode == Device.Mode.POOLED) {
        pooled(ctx, deviceId, path, linkPrefix);
      } else {
        passthrough(ctx, deviceId, path, linkPrefix);
      }
    });
  }

  private Future<Device.Mode> mode(String deviceId) {
    Device.Mode known = modes.getIfPresent(deviceId);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return registry.find(deviceId).compose(device -> {
      if (device == null) {
        return Future.failedFuture(ApiError.notFound("No device '" + deviceId + "' is registered."));
      }
      modes.put(deviceId, device.mode());
      return Future.succeededFuture(device.mode());
    });
  }

  private void pooled(RoutingContext ctx, String deviceId, String path, String linkPrefix) {
    HttpMethod method = ctx.request().method();
    boolean anonymous = method == HttpMethod.GET && ANONYMOUS.contains(path);
    (anonymous ? Future.succeededFuture((io.sessiongate.core.auth.Principal) null) : access.resolve(ctx))
      .compose(principal -> {
        if (principal != null && !READS.contains(method) && !principal.isAdmin() && !principal.hasRole("operator")) {
          return Future.failedFuture(ApiError.forbidden("Changing a device needs the admin or operator role."));
        }
        return send(ctx, deviceId, path, linkPrefix, null);
      })
      .onSuccess(response -> reply(ctx, response, null))
      .onFailure(err -> fail(ctx, ApiError.from(err, "device proxy " + deviceId)));
  }

  private void passthrough(RoutingContext ctx, String deviceId, String path, String linkPrefix) {
    HttpMethod method = ctx.request().method();
    boolean login = method == HttpMethod.POST && (path.equals(SESSIONS) || path.equals(SESSIONS + "/Members"));
    boolean anonymous = login || (method == HttpMethod.GET && ANONYMOUS.contains(path));
    passthrough.credential(ctx, deviceId, anonymous)
      .compose(credential -> send(ctx, deviceId, path, linkPrefix, login ? ClientCredential.NONE : credential))
      .compose(response -> {
        if (login && response.status() / 100 == 2 && response.bmcToken() != null) {
          return passthrough.open(deviceId, response.bmcToken(), response.headers().get("Location"))
            .map(token -> new Reply(response, token));
        }
        String token = ctx.request().getHeader("X-Auth-Token");
        if (method == HttpMethod.DELETE && path.startsWith(SESSIONS + "/") && response.status() / 100 == 2 && token != null) {
          return passthrough.close(token).map(v -> new Reply(response, null));
        }
        return Future.succeededFuture(new Reply(response, null));
      })
      .onSuccess(reply -> reply(ctx, reply.response(), reply.gatewayToken()))
      .onFailure(err -> fail(ctx, ApiError.from(err, "device proxy " + deviceId)));
  }

  private record Reply(ProxyResponse response, String gatewayToken) {
  }

  private Future<ProxyResponse> send(RoutingContext ctx, String deviceId, String path, String linkPrefix,
                                     ClientCredential credential) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (String name : ProxyExchange.FORWARDED_REQUEST_HEADERS) {
      String value = ctx.request().getHeader(name);
      if (value != null) {
        headers.set(name, value);
      }
    }
    ProxyRequest request = new ProxyRequest(deviceId, ctx.request().method(), path + query(ctx), headers,
      ctx.body().buffer(), linkPrefix, credential);
    return BusEndpoint.ask(ctx.vertx(), DeviceProxyVerticle.address(DeviceProxyVerticle.shardOf(deviceId, shards)), request);
  }

  private static void reply(RoutingContext ctx, ProxyResponse response, String gatewayToken) {
    ctx.response().setStatusCode(response.status());
    response.headers().forEach(header -> ctx.response().putHeader(header.getKey(), header.getValue()));
    if (gatewayToken != null) {
      ctx.response().putHeader("X-Auth-Token", gatewayToken);
    }
    if (response.body() == null) {
      ctx.response().end();
    } else {
      ctx.response().end(response.body());
    }
  }

  private void fail(RoutingContext ctx, ApiError error) {
    responder.send(ctx, error, errors);
  }

  private static String query(RoutingContext ctx) {
    String query = ctx.request().query();
    return query == null ? "" : "?" + query;
  }
}
