package io.sessiongate.deviceproxy;

import io.sessiongate.core.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.BodyTransformers;
import io.vertx.httpproxy.MediaType;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

import java.util.List;
import java.util.Set;

/**
 * Carries one client request to a BMC and its answer back, on this node, with vertx-http-proxy: bodies are
 * streamed both ways, except a JSON answer whose links are rewritten for the path-prefix address (Redfish
 * resources are small) and a small request body kept so that a 401 on a pooled session can be retried.
 * Only the headers listed in {@link ProxyExchange} cross, so credentials and tokens never do.
 */
final class DeviceForwarder {
  /** Request bodies up to this size are kept in memory and may be sent twice (a retry after a 401). */
  static final long REPLAYABLE_BYTES = 64 * 1024;
  /** A JSON answer to rewrite is read into memory; past this size the BMC's answer is refused. */
  static final long MAX_REWRITTEN_BYTES = 16L * 1024 * 1024;
  private static final Set<HttpMethod> BODYLESS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.DELETE,
    HttpMethod.OPTIONS);

  private DeviceForwarder() {
  }

  /** True when the request's body is small enough, and its length known, to keep it for a retry. */
  static boolean replayable(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    if (length == null) {
      return request.getHeader("Transfer-Encoding") == null;
    }
    try {
      return Long.parseLong(length.trim()) <= REPLAYABLE_BYTES;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The whole body of a request that was paused until now. */
  static Future<Buffer> readBody(HttpServerRequest request) {
    Future<Buffer> body = request.body();
    request.resume();
    return body;
  }

  /**
   * The client's request, addressed to the BMC, with only the headers a BMC may see. Call it before the body is
   * read: it takes the request's body as the stream to send on.
   */
  static ProxyRequest prepare(HttpServerRequest request, DeviceClient client, String uri) {
    ProxyRequest proxy = ProxyRequest.reverseProxy(request);
    proxy.setURI(uri).setAuthority(HostAndPort.create(client.device().address().getHost(), client.device().port()));
    MultiMap headers = proxy.headers();
    headers.clear();
    for (String name : ProxyExchange.FORWARDED_REQUEST_HEADERS) {
      List<String> values = request.headers().getAll(name);
      if (!values.isEmpty()) {
        headers.add(name, values);
      }
    }
    return proxy;
  }

  /**
   * Sends the request to the BMC under the device's breaker; the future holds the answer's head, its body not
   * yet read. {@code body}: the request body read already (it may be sent again), or null to stream the
   * request's own.
   */
  static Future<ProxyResponse> exchange(ProxyRequest proxy, DeviceClient client, Buffer body, String token,
                                        String authorization) {
    return client.call(() -> {
      if (token != null) {
        proxy.headers().set("X-Auth-Token", token);
      } else if (authorization != null) {
        proxy.headers().set("Authorization", authorization);
      }
      if (body != null) {
        proxy.setBody(body.length() == 0 && BODYLESS.contains(proxy.getMethod()) ? null : Body.body(body));
      }
      return client.http().request(client.requestOptions(proxy.getMethod(), proxy.getURI())).compose(proxy::send)
        .recover(err -> Future.failedFuture(proxy.proxiedRequest().response().closed() ? new ClientGone() : err));
    });
  }

  /**
   * The client went away while its request was under way (the proxy then resets the BMC side too): nobody to
   * answer, and no sign of a sick BMC, so the device's breaker does not count it.
   */
  static final class ClientGone extends RuntimeException {
    ClientGone() {
      super("the client closed the connection", null, false, false);
    }
  }

  /**
   * Sends the BMC's answer to the client: its status, the headers a client may see (Location rewritten), the
   * gateway's own token when there is one, and the body, streamed, or with its links rewritten.
   */
  static Future<Void> relay(ProxyResponse response, LinkRewriter rewriter, String gatewayToken) {
    MultiMap kept = MultiMap.caseInsensitiveMultiMap();
    for (String name : ProxyExchange.FORWARDED_RESPONSE_HEADERS) {
      for (String value : response.headers().getAll(name)) {
        kept.add(name, rewriter != null && name.equals("Location") ? rewriter.link(value) : value);
      }
    }
    response.headers().clear();
    response.headers().addAll(kept);
    if (gatewayToken != null) {
      response.putHeader("X-Auth-Token", gatewayToken);
    }
    String type = response.getBody() == null ? null : response.getBody().mediaType();
    int status = response.getStatusCode();
    boolean hasBody = response.request().getMethod() != HttpMethod.HEAD && status != 204 && status != 304;
    if (rewriter == null || !hasBody || type == null || !type.contains("json")) {
      return response.send();
    }
    return BodyTransformers.transform(MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON, MAX_REWRITTEN_BYTES,
        buffer -> rewriter.body(buffer, type))
      .transform(response.getBody())
      .recover(err -> Future.failedFuture(ApiError.of(ApiError.Reason.BAD_GATEWAY, "The device's answer is not "
        + "JSON of at most " + MAX_REWRITTEN_BYTES + " bytes, so its links cannot be rewritten.")))
      .compose(rewritten -> response.setBody(rewritten).send());
  }

  /** Reads and drops an answer that will not reach the client (a 401 about to be retried). */
  static Future<Void> discard(ProxyResponse response) {
    Future<Buffer> body = response.proxiedResponse().body();
    // The proxy paused the answer so that it could be streamed on; reading it needs the flow back.
    response.proxiedResponse().resume();
    return body.<Void>mapEmpty().otherwiseEmpty();
  }
}
