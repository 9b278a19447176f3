package io.sessiongate.deviceproxy.bmc;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.function.UnaryOperator;

/**
 * Rewrites a BMC's same-origin links (paths starting with /redfish/, or absolute URLs of the BMC itself) so
 * that a client following them through the path-prefix address stays on the gateway.
 */
public final class LinkRewriter {
  private final UnaryOperator<String> paths;
  private final String origin;
  private final boolean gatewaySessions;

  /** {@code prefix} like {@code /bmc/bmc1} (empty: links stay as they are); {@code origin} like {@code https://10.0.0.5:443}. */
  public LinkRewriter(String prefix, String origin) {
    this(path -> prefix + path, origin, false);
  }

  /** Same-origin paths (starting with /redfish) become {@code paths}' answer (the aggregation's member URIs). */
  public LinkRewriter(UnaryOperator<String> paths, String origin) {
    this(paths, origin, false);
  }

  private LinkRewriter(UnaryOperator<String> paths, String origin, boolean gatewaySessions) {
    this.paths = paths;
    this.origin = origin;
    this.gatewaySessions = gatewaySessions;
  }

  /**
   * For the service root of a pooled device: it also names the SessionService clients log in to, which is the
   * gateway's (at the device's own /redfish/v1/SessionService), whether or not the BMC has one. A BMC reached with
   * HTTP Basic has none, and a client such as redfishtool finds the login link nowhere else.
   */
  public LinkRewriter advertisingGatewaySessions() {
    return new LinkRewriter(paths, origin, true);
  }

  String link(String value) {
    if (value.startsWith("/redfish")) {
      return paths.apply(value);
    }
    if (origin != null && value.startsWith(origin + "/redfish")) {
      return paths.apply(value.substring(origin.length()));
    }
    return value;
  }

  /** The body with links rewritten; a body that is not JSON passes unchanged. */
  public Buffer body(Buffer body, String contentType) {
    if (body == null || body.length() == 0 || contentType == null || !contentType.contains("json")) {
      return body;
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(body);
    } catch (DecodeException notJson) {
      return body;
    }
    if (gatewaySessions && parsed instanceof JsonObject root) {
      root.put("SessionService", new JsonObject().put("@odata.id", "/redfish/v1/SessionService"));
      JsonObject links = root.getValue("Links") instanceof JsonObject existing ? existing : new JsonObject();
      root.put("Links", links.put("Sessions", new JsonObject().put("@odata.id", "/redfish/v1/SessionService/Sessions")));
    }
    boolean namedByItsUri = parsed instanceof JsonObject resource && idIsLastSegment(resource);
    Object rewritten = rewrite(parsed);
    if (namedByItsUri) {
      // DSP0266: a resource's Id is the last segment of its URI, which the rewriting may have changed (the
      // aggregation's /redfish/v1/Systems/1 → /redfish/v1/Systems/bmc1_1).
      ((JsonObject) rewritten).put("Id", lastSegment(((JsonObject) rewritten).getString("@odata.id")));
    }
    return rewritten instanceof JsonObject o ? o.toBuffer() : rewritten instanceof JsonArray a ? a.toBuffer() : body;
  }

  /** Whether the resource's Id is its URI's last segment, as DSP0266 has it (else it is left as the BMC sent it). */
  private static boolean idIsLastSegment(JsonObject resource) {
    return resource.getValue("Id") instanceof String id && resource.getValue("@odata.id") instanceof String self
      && lastSegment(self).equals(id);
  }

  private static String lastSegment(String uri) {
    String path = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private Object rewrite(Object value) {
    if (value instanceof JsonObject object) {
      for (String key : object.fieldNames()) {
        object.put(key, rewrite(object.getValue(key)));
      }
      return object;
    }
    if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, rewrite(array.getValue(i)));
      }
      return array;
    }
    if (value instanceof String text) {
      return link(text);
    }
    return value;
  }
}
