package io.sessiongate.core.fleet;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Requests to pooled devices on the gateway's lent BMC sessions, offered by the device proxy (same leases, breaker,
 * bulkhead and timeouts as its own routes) to the Redfish aggregation.
 */
public interface PooledForwarding {
  /**
   * Forwards the request, paused, to {@code bmcPath} of pooled device {@code deviceId} as the device proxy's own
   * path-prefix address does (same leases, breaker, bulkhead, timeouts, and the same rule of who may reach the
   * device, {@link Device#visibleTo}), with the BMC's links in the answer mapped by {@code answerLinks} and the
   * gateway's links in a request body kept in memory (at most 64 KiB) mapped back by {@code requestLinks}; a larger
   * body streams as it is. A device that is not pooled, or not visible to the caller, is 404 (a passthrough device's
   * clients log in to the BMC).
   */
  void forwardPooled(RoutingContext ctx, String deviceId, String bmcPath, UnaryOperator<String> answerLinks,
                     UnaryOperator<String> requestLinks);

  /**
   * GETs {@code bmcPath} of pooled device {@code deviceId} and answers its JSON object, empty when the BMC answers
   * 404 (it has no such resource); any other answer than a 2xx JSON object fails with 502 naming the device, a
   * transport failure as the device proxy's do (502/503/504).
   */
  Future<Optional<JsonObject>> readPooled(String deviceId, String bmcPath);

  /** A BMC's whole answer to a request the gateway made itself. */
  record PooledAnswer(int status, Buffer body) {
  }

  /**
   * One request of the gateway's own ({@code body}: JSON, or null) to {@code bmcPath} of pooled device
   * {@code deviceId}; a 401 (the BMC dropped the session, so nothing was done) is sent once more on another session.
   * Fails only when no answer came.
   */
  Future<PooledAnswer> callPooled(String deviceId, HttpMethod method, String bmcPath, JsonObject body);
}
