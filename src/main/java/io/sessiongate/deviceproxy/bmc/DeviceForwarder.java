package io.sessiongate.deviceproxy.bmc;

import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.tracing.Tracing;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.streams.ReadStream;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.MediaType;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Carries one client request to a BMC and its answer back, on this node, with vertx-http-proxy: bodies are
 * streamed both ways, except a JSON answer whose links are rewritten for the path-prefix address (Redfish
 * resources are small) and a small request body kept so that a 401 on a pooled session can be retried.
 * Only the headers listed in {@link ProxyExchange} cross, so credentials and tokens never do.
 */
public final class DeviceForwarder {
  /** Request bodies up to this size are kept in memory and may be sent twice (a retry after a 401). */
  static final long REPLAYABLE_BYTES = 64 * 1024;
  /** A JSON answer to rewrite is read into memory; past this size the BMC's answer is refused. */
  static final long MAX_REWRITTEN_BYTES = 16L * 1024 * 1024;
  private static final Set<HttpMethod> BODYLESS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.DELETE,
    HttpMethod.OPTIONS);
  /** Sent twice, these do what they do once (RFC 9110, 9.2.2). */
  private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT,
    HttpMethod.DELETE, HttpMethod.OPTIONS);

  private DeviceForwarder() {
  }

  /**
   * True when the request's body is kept in memory (and may be sent twice): its declared length is small, or it
   * declares none and is not chunked (an HTTP/2 request, whose body {@link #readBody} then bounds). Otherwise the
   * body streams to the BMC with the length or the chunking the client declared.
   */
  public static boolean replayable(HttpServerRequest request) {
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

  /**
   * The whole body of a request that was paused until now, of at most {@link #REPLAYABLE_BYTES}: a body that
   * declared no length and runs past it gets 411 (a BMC needs to be told the length of what it receives).
   */
  public static Future<Buffer> readBody(HttpServerRequest request) {
    return readAtMost(request, REPLAYABLE_BYTES, () -> ApiError.of(ApiError.Reason.LENGTH_REQUIRED, "A request body of "
      + "more than " + REPLAYABLE_BYTES + " bytes sent to a device needs a Content-Length header (or chunked transfer "
      + "coding on HTTP/1.1)."), (err, idleMillis) -> err, () -> { });
  }

  /** What a stream that broke off after {@code idleMillis} without data fails with. */
  private interface BrokenStream {
    Throwable failure(Throwable cause, long idleMillis);
  }

  /**
   * Reads a paused stream whole, up to {@code max} bytes: past it the future fails with {@code tooLarge} (and
   * {@code overflow} runs), and a broken stream fails it with {@code broken}'s translation of the failure and of
   * how long nothing had come before it.
   */
  private static Future<Buffer> readAtMost(ReadStream<Buffer> stream, long max, Supplier<ApiError> tooLarge,
                                           BrokenStream broken, Runnable overflow) {
    Promise<Buffer> promise = Promise.promise();
    Buffer body = Buffer.buffer();
    long[] lastChunkAt = {System.nanoTime()};
    stream.handler(chunk -> {
      lastChunkAt[0] = System.nanoTime();
      if (promise.future().isComplete()) {
        return;
      }
      if (body.length() + chunk.length() > max) {
        promise.tryFail(tooLarge.get());
        overflow.run();
        return;
      }
      body.appendBuffer(chunk);
    });
    stream.exceptionHandler(err -> promise.tryFail(broken.failure(err, (System.nanoTime() - lastChunkAt[0]) / 1_000_000)));
    stream.endHandler(v -> promise.tryComplete(body));
    stream.resume();
    return promise.future();
  }

  /**
   * The client's request, addressed to the BMC, with only the headers a BMC may see. Call it before the body is
   * read: it takes the request's body as the stream to send on.
   */
  public static ProxyRequest prepare(HttpServerRequest request, DeviceClient client, String uri) {
    ProxyRequest proxy = ProxyRequest.reverseProxy(request);
    // No setAuthority: the BMC's host and port come from the client's request options, and nothing the client
    // sent as Host (or left out, on HTTP/1.0) reaches the BMC.
    proxy.setURI(uri);
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

  /** A BMC session's token when there is one, else {@code authorization} (HTTP Basic) when there is that. */
  public static void authorize(MultiMap headers, String token, String authorization) {
    if (token != null) {
      headers.set("X-Auth-Token", token);
    } else if (authorization != null) {
      headers.set("Authorization", authorization);
    }
  }

  /**
   * Sends the request to the BMC under the device's breaker; the future holds the answer's head, its body not
   * yet read. {@code body}: the request body read already (it may be sent again), or null to stream the
   * request's own. A pooled keep-alive connection the BMC closed before any byte of the answer came is the
   * BMC's habit, not its failure: an idempotent request, or one whose body is still at hand and whose method
   * changes nothing twice, goes again once on a fresh connection; a POST or PATCH that went out is not replayed.
   */
  public static Future<BmcAnswer> exchange(ProxyRequest proxy, DeviceClient client, Buffer body, String token,
                                    String authorization, boolean retry) {
    return client.call("bmc.request", proxy.getMethod(), retry, () -> {
      authorize(proxy.headers(), token, authorization);
      boolean resendable = IDEMPOTENT.contains(proxy.getMethod()) && (body != null || BODYLESS.contains(proxy.getMethod()));
      return client.pooled(http -> send(proxy, client, body, http), BmcAnswer::ended).recover(err -> {
        if (!resendable || !closedUnanswered(err) || proxy.proxiedRequest().response().closed()) {
          return Future.failedFuture(err);
        }
        client.resent();
        Tracing.annotate("sessiongate.resent", true);
        if (body == null) {
          // A bodyless request streamed nothing; its (empty) stream is spent, so it goes again with no body.
          proxy.setBody(null);
        }
        // Not from the pool: the pool may hand out another connection the BMC is closing right now.
        Future<HttpClientConnection> fresh = client.freshConnection();
        return fresh.compose(connection -> send(proxy, client, body, connection))
          .andThen(sent -> fresh.onSuccess(connection -> {
            if (sent.failed()) {
              connection.close();
            } else {
              sent.result().ended().onComplete(over -> connection.close());
            }
          }));
      });
    });
  }

  private static Future<BmcAnswer> send(ProxyRequest proxy, DeviceClient client, Buffer body, HttpClient via) {
    if (body != null) {
      proxy.setBody(body.length() == 0 && BODYLESS.contains(proxy.getMethod()) ? null : Body.body(body));
    }
    return via.request(client.requestOptions(proxy.getMethod(), proxy.getURI()))
      // Watched from the moment the head arrives: a break-off before anyone reads the body is otherwise lost.
      .compose(request -> proxy.send(request).map(response -> {
        Tracing.annotate("http.response.status_code", response.getStatusCode());
        return new BmcAnswer(response, response.proxiedResponse().end(), client);
      }))
      .recover(err -> Future.failedFuture(proxy.proxiedRequest().response().closed() ? new ClientGone() : err));
  }

  /**
   * The connection closed (or was reset) before the answer's head: what a BMC that closed an idle keep-alive
   * connection as the request went out looks like. Not a refused connection, a timeout or a TLS failure.
   */
  private static boolean closedUnanswered(Throwable err) {
    if (err instanceof HttpClosedException) {
      return true;
    }
    String message = err.getMessage() == null ? "" : err.getMessage();
    return err instanceof java.io.IOException && !(err instanceof java.net.ConnectException)
      && (message.contains("reset") || message.contains("Broken pipe") || message.contains("closed"));
  }

  /**
   * The BMC's answer, its head read and its body not yet. {@code ended} fails as soon as the BMC breaks the
   * answer off, whether or not anyone reads the body yet (Vert.x reports that only to handlers already set).
   */
  public record BmcAnswer(ProxyResponse response, Future<Void> ended, DeviceClient client) {
    public int status() {
      return response.getStatusCode();
    }

    public String header(String name) {
      return response.headers().get(name);
    }

  }

  /**
   * The client went away while its request was under way (the proxy then resets the BMC side too): nobody to
   * answer, and no sign of a sick BMC, so the device's breaker does not count it.
   */
  public static final class ClientGone extends RuntimeException {
    ClientGone() {
      super("the client closed the connection", null, false, false);
    }
  }

  /**
   * Sends the BMC's answer to the client: its status, the headers a client may see (Location rewritten), the
   * gateway's own token when there is one, and the body, streamed, or with its links rewritten.
   */
  public static Future<Void> relay(BmcAnswer answer, LinkRewriter rewriter, String gatewayToken) {
    if (answer.ended().failed()) {
      return Future.failedFuture(answer.client().answerBrokenOff(answer.ended().cause(), 0));
    }
    ProxyResponse response = answer.response();
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
    boolean rewrite = rewriter != null && LinkRewriter.rewrites(type);
    // An HTTP/1.0 client cannot take a chunked answer: vertx-http-proxy would buffer it with no limit.
    boolean mustBuffer = response.request().version() == HttpVersion.HTTP_1_0
      && answer.header("Content-Length") == null;
    if (!hasBody || (!rewrite && !mustBuffer)) {
      return response.send();
    }
    // Read whole (the rewrite needs it whole), then sent rewritten, or as the BMC sent it when it is not one JSON value.
    return readAnswer(answer).compose(body -> {
      Buffer rewritten = rewrite ? rewriter.body(body, type) : body;
      response.headers().remove("Content-Length");
      // No media type: the BMC's own Content-Type header, forwarded, stays as it was.
      return response.setBody(Body.body(rewritten, (MediaType) null)).send();
    });
  }

  /**
   * The BMC's whole answer (to rewrite its links, or for an HTTP/1.0 client): past {@link #MAX_REWRITTEN_BYTES}
   * 502 and the BMC connection is reset; broken off or stalled, {@link DeviceClient#answerBrokenOff}.
   */
  private static Future<Buffer> readAnswer(BmcAnswer answer) {
    HttpClientResponse stream = answer.response().proxiedResponse();
    // relay() checked that the answer was not broken off before this sets its handlers; later, they hear it.
    return readAtMost(stream, MAX_REWRITTEN_BYTES, () -> ApiError.of(ApiError.Reason.BAD_GATEWAY,
        "The answer of device " + answer.client().device().id() + " is larger than " + MAX_REWRITTEN_BYTES + " bytes, more than the gateway reads whole (to "
        + "rewrite its links, or for an HTTP/1.0 client); use the host-based address, or HTTP/1.1."),
      answer.client()::answerBrokenOff, () -> stream.request().reset());
  }

  /** Reads and drops an answer that will not reach the client (a 401 about to be retried). */
  public static Future<Void> discard(BmcAnswer answer) {
    if (answer.ended().failed()) {
      return Future.succeededFuture();
    }
    HttpClientResponse stream = answer.response().proxiedResponse();
    stream.handler(chunk -> { });
    // The proxy paused the answer so that it could be streamed on; reading it needs the flow back.
    stream.resume();
    return answer.ended().otherwiseEmpty();
  }
}
