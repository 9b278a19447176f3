package io.sessiongate.deviceproxy.bmc;

import io.sessiongate.core.fleet.Device;
import io.sessiongate.core.tracing.Tracing;
import io.sessiongate.core.api.ApiError;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.TrustOptions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.util.Base64;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How this node reaches one BMC: non-blocking keep-alive HTTP client pools (one per event loop, together sized by
 * the device's {@code maxConcurrentRequests}, their wait queues bounded: {@link LoopPools}), a circuit breaker, and
 * the translation of transport failures into answers that name the device and the cause. One per device per node,
 * shared by the event loops, so a slow or dead BMC only ever ties up its own pools.
 */
public final class DeviceClient {
  /** Requests waiting for a connection, per connection slot, before the device answers 503 (its bulkhead). */
  public static final int QUEUED_PER_SLOT = 7;
  private static final Logger LOG = LoggerFactory.getLogger(DeviceClient.class);
  private static final int CONNECTION_IDLE_MARGIN_MILLIS = 500;
  /**
   * Idle keep-alive connections are dropped after this long, before a BMC drops them (embedded web servers close
   * idle connections after 5 to 60 s, without notice), so a request is seldom sent on one the BMC just closed.
   */
  static final int KEEP_ALIVE_SECONDS = 2;

  private final Device device;
  /** The BMC's IP literal without brackets, and its links' origin: made once, used by every request. */
  private final String host;
  private final String origin;
  private final LoopPools pools;
  private final CircuitBreaker breaker;
  private final int resetSeconds;
  private final String basicAuthorization;
  private final Runnable onResent;
  private final BmcLogin login;

  /**
   * {@code password}: the device's, for HTTP Basic (null when it has none); {@code onFirstPin}: hears the pin of a
   * tofu device's certificate at its first contact; {@code onResent}: counts requests sent again on a fresh
   * connection because a pooled one closed under them.
   */
  DeviceClient(Vertx vertx, Device device, int breakerFailures, int breakerResetSeconds, String password,
               Consumer<String> onFirstPin, Runnable onResent) {
    this.device = device;
    this.host = device.address().getHost().replace("[", "").replace("]", "");
    this.origin = device.address().getScheme() + "://" + device.address().getHost()
      + (device.address().getPort() > 0 ? ":" + device.address().getPort() : "");
    this.resetSeconds = breakerResetSeconds;
    this.onResent = onResent;
    this.basicAuthorization = device.username() == null || password == null ? null : "Basic " + Base64.getEncoder()
      .encodeToString((device.username() + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpClientOptions options = new HttpClientOptions()
      .setConnectTimeout(Math.min(device.timeoutMillis(), 5000))
      // The request's idle timeout stops once the answer's head is in; a BMC that stalls mid-body is caught by
      // the connection's (which also closes pooled connections idle that long). Set a little later, so that
      // while the head is awaited the request's fires first (504, not a closed connection's 502).
      .setIdleTimeout((int) device.timeoutMillis() + CONNECTION_IDLE_MARGIN_MILLIS)
      .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
      .setKeepAlive(true)
      .setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
      .setProtocolVersion(HttpVersion.HTTP_1_1);
    if (device.https()) {
      options.setSsl(true).setUseAlpn(true);
      switch (device.tlsMode()) {
        case INSECURE -> options.setTrustAll(true).setVerifyHost(false);
        case PIN -> options.setVerifyHost(false)
          .setTrustOptions(TrustOptions.wrap(PinnedCertificateTrust.forPin(device.pinSha256())[0]));
        case TOFU -> options.setVerifyHost(false)
          .setTrustOptions(TrustOptions.wrap(PinnedCertificateTrust.onFirstUse(device.id(), device.pinSha256(), onFirstPin)[0]));
        case VERIFY -> options.setVerifyHost(true);
      }
    }
    this.pools = new LoopPools(vertx, options, device.maxConcurrentRequests(), QUEUED_PER_SLOT);
    this.breaker = CircuitBreaker.create("bmc-" + device.id(), vertx, new CircuitBreakerOptions()
      .setMaxFailures(breakerFailures).setTimeout(-1).setResetTimeout(breakerResetSeconds * 1000L)
      // Nobody listens to state changes on the bus; on a clustered bus each would cross the network.
      .setNotificationAddress(null))
      // A full wait queue or a client that left is no sign of a sick BMC; a refused login is (and repeating
      // it locks accounts).
      .failurePolicy(outcome -> outcome.failed() && !(outcome.cause() instanceof ConnectionPoolTooBusyException)
        && !(outcome.cause() instanceof DeviceForwarder.ClientGone));
    this.login = new BmcLogin(this);
  }

  public Device device() {
    return device;
  }

  /** Logging in to the BMC, and what its service root says (read once per client). */
  public BmcLogin login() {
    return login;
  }

  /**
   * Runs {@code exchange} on a pooled connection to the BMC, on this event loop's pool when it has room
   * ({@link LoopPools}); its connection is in use until the exchange fails or {@code busyUntil} of its result
   * completes (null: until the exchange's own end).
   */
  <T> Future<T> pooled(Function<HttpClient, Future<T>> exchange, Function<T, Future<?>> busyUntil) {
    return pools.use(exchange, busyUntil);
  }

  /** A connection of its own, outside the pool, for a request that must not meet a stale pooled one. */
  Future<HttpClientConnection> freshConnection() {
    return pools.connect(new HttpConnectOptions().setHost(host)
      .setPort(device.port()).setSsl(device.https()).setConnectTimeout(Math.min(device.timeoutMillis(), 5000)));
  }

  /** The device's credentials as an HTTP Basic {@code Authorization} value, or null when it has none. */
  public String basicAuthorization() {
    return basicAuthorization;
  }

  /** A request was sent again on a fresh connection (the pooled one closed before any byte of the answer). */
  void resent() {
    onResent.run();
  }

  /** Runs one exchange with the BMC under the device's breaker; its transport failures become 502/503/504. */
  public <T> Future<T> call(String operation, HttpMethod method, Supplier<Future<T>> exchange) {
    return call(operation, method, false, exchange);
  }

  /**
   * {@code retry}: this exchange is the second try of a client's request (the BMC answered the first 401), so a
   * trace tells the request that was sent twice from the one that was slow once.
   */
  public <T> Future<T> call(String operation, HttpMethod method, boolean retry, Supplier<Future<T>> exchange) {
    return Tracing.span(operation, Map.of("sessiongate.device.id", device.id(), "http.request.method", method.name(),
      "sessiongate.retry", retry), () -> call(exchange));
  }

  private <T> Future<T> call(Supplier<Future<T>> exchange) {
    return breaker.<T>execute(promise -> {
      Future<T> started;
      try {
        started = exchange.get();
      } catch (RuntimeException e) {
        started = Future.failedFuture(e);
      }
      started.onComplete(promise);
    }).recover(this::failure);
  }

  public RequestOptions requestOptions(HttpMethod method, String uri) {
    return new RequestOptions()
      .setMethod(method)
      .setHost(host)
      .setPort(device.port())
      .setURI(uri)
      .setConnectTimeout(Math.min(device.timeoutMillis(), 5000))
      .setIdleTimeout(device.timeoutMillis());
  }

  /**
   * Sends a request to the BMC and reads its whole answer ({@code body}: null for none). The body is asked for in
   * send's own continuation, as the answer's head arrives: asked for in a step chained after it, from a thread
   * other than the connection's, it can be asked for after the answer ended, and then never comes.
   */
  public <T> Future<T> fetch(RequestOptions options, Buffer body, BiFunction<HttpClientResponse, Buffer, T> read) {
    return pooled(http -> http.request(options).compose(request -> (body == null ? request.send() : request.send(body))
      .compose(response -> response.body().map(answer -> read.apply(response, answer)))), null);
  }

  /** {@code https://10.0.0.5:443}: what the BMC's absolute links start with. */
  public String origin() {
    return origin;
  }

  /**
   * Deletes a BMC session (at {@code location}, absolute or a path) with its own token; best effort: a session
   * that cannot be deleted times out on the BMC.
   */
  public Future<Void> logout(String location, String token) {
    if (location == null) {
      return Future.succeededFuture();
    }
    String path = location.startsWith(origin()) ? location.substring(origin().length()) : location;
    return fetch(requestOptions(HttpMethod.DELETE, path).putHeader("X-Auth-Token", token), null, (response, answer) -> answer)
      .<Void>mapEmpty()
      .onFailure(err -> LOG.debug("logout from device {} failed: {}", device.id(), err.getMessage()))
      .otherwiseEmpty();
  }

  /** Lets requests in flight finish (up to the device's timeout), then closes the connections. */
  Future<Void> close() {
    breaker.close();
    return pools.shutdown(device.timeoutMillis());
  }

  /**
   * An answer whose head arrived but whose body broke off: 504 when nothing had come for about the device's
   * timeout (the connection's idle timeout closed it), 502 otherwise.
   */
  ApiError answerBrokenOff(Throwable cause, long idleMillis) {
    if (idleMillis >= device.timeoutMillis() * 9 / 10 || cause instanceof TimeoutException) {
      return ApiError.of(ApiError.Reason.GATEWAY_TIMEOUT, "Device " + device.id() + " stopped sending its answer "
        + "for longer than its timeout (" + device.timeoutMillis() + " ms).");
    }
    return ApiError.of(ApiError.Reason.BAD_GATEWAY, "Device " + device.id() + " broke off its answer ("
      + cause.getMessage() + ").");
  }

  /** Why the BMC's certificate was refused, found in the handshake failure's causes; null when it was not. */
  private static CertificateException certificateProblem(Throwable failure) {
    for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
      if (cause instanceof CertificateException refused) {
        return refused;
      }
    }
    return null;
  }

  /** Transport failures become 502/504 naming the device and the cause; an open breaker is 503. */
  <T> Future<T> failure(Throwable cause) {
    if (cause instanceof ApiError || cause instanceof DeviceForwarder.ClientGone || cause instanceof BmcLogin.Refused) {
      return Future.failedFuture(cause);
    }
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (message.contains("open circuit")) {
      return Future.failedFuture(ApiError.unavailable("Device " + device.id() + " failed repeatedly; the gateway stops "
        + "calling it for " + resetSeconds + " s.", resetSeconds));
    }
    if (cause instanceof ConnectionPoolTooBusyException) {
      return Future.failedFuture(ApiError.unavailable("Device " + device.id() + " has "
        + device.maxConcurrentRequests() + " requests in flight and as many queued as it allows; retry shortly.", 1));
    }
    if (cause instanceof TimeoutException || message.contains("timeout") || message.contains("timed out")) {
      return Future.failedFuture(ApiError.of(ApiError.Reason.GATEWAY_TIMEOUT, "Device " + device.id()
        + " did not answer within " + device.timeoutMillis() + " ms."));
    }
    CertificateException untrusted = certificateProblem(cause);
    String reason = cause instanceof ConnectException || message.contains("Connection refused")
      ? "refused the connection"
      : untrusted != null ? "failed the TLS handshake: " + untrusted.getMessage()
      : message.toLowerCase().contains("ssl") || message.toLowerCase().contains("certificate")
        ? "failed the TLS handshake (" + message + ")"
        : "closed or reset the connection (" + message + ")";
    return Future.failedFuture(ApiError.of(ApiError.Reason.BAD_GATEWAY, "Device " + device.id() + " " + reason + "."));
  }
}
