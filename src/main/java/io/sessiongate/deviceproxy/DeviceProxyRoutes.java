package io.sessiongate.deviceproxy;

import io.sessiongate.core.auth.Authenticator;
import io.sessiongate.core.auth.CredentialAccess;
import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.bus.BusEndpoint;
import io.sessiongate.core.http.Access;
import io.sessiongate.core.http.ApiError;
import io.sessiongate.core.http.ErrorFormat;
import io.sessiongate.core.http.ErrorResponder;
import io.sessiongate.deviceproxy.ProxyExchange.ProxyRequest;
import io.sessiongate.deviceproxy.ProxyExchange.ProxyResponse;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The client side of the device proxy, on the router: {@code /bmc/<id>/redfish/...} (links rewritten to
 * stay on the gateway) and, when devices.bmc-domain is set, {@code Host: <id>.<bmc-domain>} (no rewriting).
 * These are the BMCs' own Redfish trees, so there is no contract to check them against: the gateway checks
 * the device id, the caller, and its size limits, and passes the rest through. The SessionService on a
 * device path is the gateway's own: a client logs in with gateway credentials and never sees a BMC token.
 */
public final class DeviceProxyRoutes implements Handler<Router> {
  private static final Pattern DEVICE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  /** What DSP0266 lets anyone read without credentials. */
  private static final Set<String> ANONYMOUS = Set.of("/redfish", "/redfish/", "/redfish/v1", "/redfish/v1/",
    "/redfish/v1/odata", "/redfish/v1/$metadata");
  private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD);

  private final Access access;
  private final int shards;
  private final String hostSuffix;
  private final ErrorFormat errors;
  private final ErrorResponder responder;

  public DeviceProxyRoutes(Authenticator authenticator, DeviceProxySettings settings, int shards, ErrorFormat errors,
                           int maxBodyBytes) {
    this.access = CredentialAccess.tokens(authenticator).orBasic();
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
    String rest = ctx.request().path().substring(prefix.length());
    if (rest.startsWith("/redfish/v1/SessionService")) {
      // The gateway's own SessionService answers: its sessions are what clients of the proxy carry.
      ctx.reroute(ctx.request().method(), rest + query(ctx));
      return;
    }
    forward(ctx, deviceId, rest, prefix);
  }

  private void byHost(RoutingContext ctx) {
    String host = ctx.request().authority() == null ? null : ctx.request().authority().host().toLowerCase();
    if (host == null || !host.endsWith(hostSuffix) || ctx.request().path().startsWith("/redfish/v1/SessionService")
      || !ctx.request().path().startsWith("/redfish")) {
      ctx.next();
      return;
    }
    forward(ctx, host.substring(0, host.length() - hostSuffix.length()), ctx.request().path(), null);
  }

  private void forward(RoutingContext ctx, String deviceId, String path, String linkPrefix) {
    if (!DEVICE_ID.matcher(deviceId).matches()) {
      fail(ctx, ApiError.notFound("No device '" + deviceId + "' is registered."));
      return;
    }
    if (!path.startsWith("/redfish")) {
      fail(ctx, ApiError.notFound("Only the Redfish tree (/redfish/...) of a device is reachable through the gateway."));
      return;
    }
    HttpMethod method = ctx.request().method();
    boolean anonymous = method == HttpMethod.GET && ANONYMOUS.contains(path);
    (anonymous ? io.vertx.core.Future.<Principal>succeededFuture(null) : access.resolve(ctx)).compose(principal -> {
      if (principal != null && !READS.contains(method) && !principal.isAdmin() && !principal.hasRole("operator")) {
        return io.vertx.core.Future.failedFuture(ApiError.forbidden("Changing a device needs the admin or operator role."));
      }
      MultiMap headers = MultiMap.caseInsensitiveMultiMap();
      for (String name : ProxyExchange.FORWARDED_REQUEST_HEADERS) {
        String value = ctx.request().getHeader(name);
        if (value != null) {
          headers.set(name, value);
        }
      }
      ProxyRequest request = new ProxyRequest(deviceId, method, path + query(ctx), headers, ctx.body().buffer(), linkPrefix);
      return BusEndpoint.<ProxyResponse>ask(ctx.vertx(), DeviceProxyVerticle.address(DeviceProxyVerticle.shardOf(deviceId, shards)), request);
    }).onSuccess(response -> {
      ctx.response().setStatusCode(response.status());
      response.headers().forEach(header -> ctx.response().putHeader(header.getKey(), header.getValue()));
      if (response.body() == null) {
        ctx.response().end();
      } else {
        ctx.response().end(response.body());
      }
    }).onFailure(err -> fail(ctx, ApiError.from(err, "device proxy " + deviceId)));
  }

  private void fail(RoutingContext ctx, ApiError error) {
    responder.send(ctx, error, errors);
  }

  private static String query(RoutingContext ctx) {
    String query = ctx.request().query();
    return query == null ? "" : "?" + query;
  }
}
