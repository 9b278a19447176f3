package io.sessiongate.deviceproxy;

import io.sessiongate.core.http.ApiError;
import io.sessiongate.deviceproxy.BmcSessionPool.BmcSession;
import io.sessiongate.deviceproxy.ProxyExchange.ProxyRequest;
import io.sessiongate.deviceproxy.ProxyExchange.ProxyResponse;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.TrustOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Everything the gateway keeps for one BMC: a non-blocking HTTP client pool, the pooled BMC sessions, a
 * circuit breaker and a bulkhead (a cap on requests in flight), so a slow or dead BMC never slows others.
 * Lives on the event loop of the device-proxy verticle that owns the device.
 */
final class BmcLink {
  private static final Logger LOG = LoggerFactory.getLogger(BmcLink.class);
  private static final String SESSIONS = "/redfish/v1/SessionService/Sessions";
  static final int QUEUED_PER_SLOT = 7;

  private final Vertx vertx;
  private final Device device;
  private final String password;
  private final HttpClient client;
  private final CircuitBreaker breaker;
  private final BmcSessionPool pool;
  private final int resetSeconds;
  private int inFlight;

  BmcLink(Vertx vertx, Device device, String password, int breakerFailures, int breakerResetSeconds) {
    this.vertx = vertx;
    this.device = device;
    this.password = password;
    this.resetSeconds = breakerResetSeconds;
    HttpClientOptions options = new HttpClientOptions()
      .setConnectTimeout(Math.min(device.timeoutMillis(), 5000))
      .setKeepAlive(true)
      .setProtocolVersion(HttpVersion.HTTP_1_1);
    if (device.https()) {
      options.setSsl(true).setUseAlpn(true);
      switch (device.tlsMode()) {
        case INSECURE -> options.setTrustAll(true).setVerifyHost(false);
        case PIN -> options.setVerifyHost(false)
          .setTrustOptions(TrustOptions.wrap(PinnedCertificateTrust.forPin(device.pinSha256())[0]));
        case VERIFY -> options.setVerifyHost(true);
      }
    }
    this.client = vertx.createHttpClient(options, new PoolOptions()
      .setHttp1MaxSize(Math.max(1, device.maxConcurrentRequests())).setHttp2MaxSize(1)
      .setMaxWaitQueueSize(device.maxConcurrentRequests() * QUEUED_PER_SLOT));
    this.breaker = CircuitBreaker.create("bmc-" + device.id(), vertx, new CircuitBreakerOptions()
      .setMaxFailures(breakerFailures).setTimeout(-1).setResetTimeout(breakerResetSeconds * 1000L));
    this.pool = new BmcSessionPool(device.maxSessions(), this::login);
  }

  Device device() {
    return device;
  }

  /**
   * Sends one client request on a pooled BMC session; a BMC 401 gets one re-login and one retry. The device
   * takes {@code maxConcurrentRequests} at once; as many again times {@link #QUEUED_PER_SLOT} wait in its
   * client pool's queue; past that the bulkhead answers 503 at once instead of letting a queue grow.
   */
  Future<ProxyResponse> forward(ProxyRequest request) {
    if (inFlight >= device.maxConcurrentRequests() * (1 + QUEUED_PER_SLOT)) {
      return Future.failedFuture(ApiError.unavailable("Device " + device.id() + " has "
        + inFlight + " requests in flight or queued, its limit; retry shortly.", 1));
    }
    inFlight++;
    Future<ProxyResponse> result = request.client() != null ? breaker.<ProxyResponse>execute(promise ->
        send(request, request.client().bmcToken(), request.client().authorization()).onComplete(promise))
      .recover(this::failure) : attempt(request, true);
    return result.andThen(done -> inFlight--);
  }

  private Future<ProxyResponse> attempt(ProxyRequest request, boolean mayRetry) {
    return pool.acquire().compose(session -> send(request, session).transform(result -> {
      pool.release(session, System.currentTimeMillis());
      if (result.succeeded() && result.result().status() == 401 && mayRetry) {
        LOG.debug("device {} answered 401 on a pooled session: logging in again", device.id());
        pool.invalidate(session);
        return attempt(request, false);
      }
      return result.succeeded() ? Future.succeededFuture(result.result()) : Future.failedFuture(result.cause());
    }));
  }

  private Future<ProxyResponse> send(ProxyRequest request, BmcSession session) {
    return breaker.<ProxyResponse>execute(promise -> send(request, session.token(), null).onComplete(promise))
      .recover(this::failure);
  }

  private Future<ProxyResponse> send(ProxyRequest request, String token, String authorization) {
    RequestOptions options = requestOptions(request.method(), request.uri());
    for (String name : ProxyExchange.FORWARDED_REQUEST_HEADERS) {
      String value = request.headers().get(name);
      if (value != null) {
        options.putHeader(name, value);
      }
    }
    if (token != null) {
      options.putHeader("X-Auth-Token", token);
    } else if (authorization != null) {
      options.putHeader("Authorization", authorization);
    }
    return client.request(options)
      .compose(outgoing -> request.body() == null || request.body().length() == 0 ? outgoing.send() : outgoing.send(request.body()))
      .compose(response -> response.body().map(body -> toProxyResponse(response, body, request.linkPrefix())));
  }

  private ProxyResponse toProxyResponse(HttpClientResponse response, Buffer body, String linkPrefix) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    LinkRewriter rewriter = linkPrefix == null ? null : new LinkRewriter(linkPrefix, origin());
    for (String name : ProxyExchange.FORWARDED_RESPONSE_HEADERS) {
      String value = response.getHeader(name);
      if (value != null) {
        headers.set(name, rewriter != null && name.equals("Location") ? rewriter.link(value) : value);
      }
    }
    Buffer out = rewriter == null ? body : rewriter.body(body, response.getHeader("Content-Type"));
    return new ProxyResponse(response.statusCode(), headers, out, response.getHeader("X-Auth-Token"));
  }

  private Future<BmcSession> login() {
    JsonObject credentials = new JsonObject().put("UserName", device.username()).put("Password", password);
    return breaker.<BmcSession>execute(promise -> client.request(requestOptions(HttpMethod.POST, SESSIONS)
          .putHeader("Content-Type", "application/json"))
        .compose(request -> request.send(credentials.toBuffer()))
        .compose(response -> response.body().map(body -> switch (response.statusCode()) {
          case 200, 201 -> {
            String token = response.getHeader("X-Auth-Token");
            if (token == null) {
              throw ApiError.of(ApiError.Reason.BAD_GATEWAY, "Device " + device.id()
                + " accepted the login but sent no X-Auth-Token.");
            }
            yield new BmcSession(token, response.getHeader("Location"));
          }
          case 401, 403 -> throw ApiError.of(ApiError.Reason.BAD_GATEWAY, "Device " + device.id()
            + " refused the credentials registered for it; update them with PATCH /admin/devices/" + device.id() + ".");
          case 503 -> throw ApiError.unavailable("Device " + device.id() + " refused another session (it is at its "
            + "own session limit); retry shortly.", 2);
          default -> throw ApiError.of(ApiError.Reason.BAD_GATEWAY, "Device " + device.id() + " answered the login with HTTP "
            + response.statusCode() + ".");
        }))
        .onComplete(promise))
      .recover(this::failure);
  }

  /** Logs out of sessions unused since {@code idleSinceMillis}. */
  void logoutIdle(long idleSinceMillis) {
    pool.takeIdle(idleSinceMillis).forEach(this::logout);
  }

  /** Logs out of every session, then closes the client. */
  Future<Void> close() {
    List<Future<Void>> logouts = pool.takeAll().stream().map(this::logout).toList();
    return Future.join(logouts).transform(done -> client.close());
  }

  int heldSessions() {
    return pool.size();
  }

  private Future<Void> logout(BmcSession session) {
    String location = session.location() != null ? session.location() : null;
    if (location == null) {
      return Future.succeededFuture();
    }
    String path = location.startsWith(origin()) ? location.substring(origin().length()) : location;
    return client.request(requestOptions(HttpMethod.DELETE, path).putHeader("X-Auth-Token", session.token()))
      .compose(request -> request.send())
      .<Void>mapEmpty()
      .onFailure(err -> LOG.debug("logout from device {} failed: {}", device.id(), err.getMessage()))
      .recover(err -> Future.succeededFuture());
  }

  private RequestOptions requestOptions(HttpMethod method, String uri) {
    return new RequestOptions()
      .setMethod(method)
      .setHost(device.address().getHost().replace("[", "").replace("]", ""))
      .setPort(device.port())
      .setURI(uri)
      .setConnectTimeout(Math.min(device.timeoutMillis(), 5000))
      .setIdleTimeout(device.timeoutMillis());
  }

  private String origin() {
    return device.address().getScheme() + "://" + device.address().getHost()
      + (device.address().getPort() > 0 ? ":" + device.address().getPort() : "");
  }

  /** Transport failures become 502/504 naming the device and the cause; an open breaker is 503. */
  private <T> Future<T> failure(Throwable cause) {
    if (cause instanceof ApiError error) {
      return Future.failedFuture(error);
    }
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (message.contains("open circuit")) {
      return Future.failedFuture(ApiError.unavailable("Device " + device.id() + " failed repeatedly; the gateway stops "
        + "calling it for " + resetSeconds + " s.", resetSeconds));
    }
    if (cause instanceof TimeoutException || message.contains("timeout") || message.contains("timed out")) {
      return Future.failedFuture(ApiError.of(ApiError.Reason.GATEWAY_TIMEOUT, "Device " + device.id()
        + " did not answer within " + device.timeoutMillis() + " ms."));
    }
    String reason = cause instanceof ConnectException || message.contains("Connection refused")
      ? "refused the connection"
      : message.toLowerCase().contains("ssl") || message.toLowerCase().contains("certificate")
        ? "failed the TLS handshake (" + message + ")"
        : "closed or reset the connection (" + message + ")";
    return Future.failedFuture(ApiError.of(ApiError.Reason.BAD_GATEWAY, "Device " + device.id() + " " + reason + "."));
  }
}
