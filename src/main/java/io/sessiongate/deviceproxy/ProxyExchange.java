package io.sessiongate.deviceproxy;

import io.sessiongate.core.bus.LocalMessage;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/** The messages between the router and the device-proxy verticle that owns a device. */
public final class ProxyExchange {
  private ProxyExchange() {
  }

  /**
   * One client request for one device. {@code uri} is the BMC-side path and query; {@code linkPrefix} is what
   * same-origin links in the answer get in front of them ({@code /bmc/<id>}), or null to leave them alone.
   */
  public record ProxyRequest(String deviceId, HttpMethod method, String uri, MultiMap headers, Buffer body,
                             String linkPrefix, ClientCredential client) implements LocalMessage {
  }

  /**
   * For a passthrough device, what the client itself presents to the BMC: the BMC token its gateway token
   * stands for, or its own Authorization header (Basic), or nothing (a login, the service root).
   * Null on a request for a pooled device, which goes on a pooled session.
   */
  public record ClientCredential(String bmcToken, String authorization) {
    public static final ClientCredential NONE = new ClientCredential(null, null);
  }

  /** {@code bmcToken} is the X-Auth-Token a BMC answered a passthrough login with: for the gateway, never sent on. */
  public record ProxyResponse(int status, MultiMap headers, Buffer body, String bmcToken) implements LocalMessage {
  }

  /** Request headers a BMC may see: never the client's credentials, cookies or Host. */
  static final String[] FORWARDED_REQUEST_HEADERS = {"Accept", "Content-Type", "If-Match", "If-None-Match",
    "OData-Version", "OData-MaxVersion", "Prefer", "Accept-Language"};

  /** Response headers a client may see: never the BMC's session token or cookies. */
  static final String[] FORWARDED_RESPONSE_HEADERS = {"Content-Type", "ETag", "Location", "OData-Version", "Allow",
    "Retry-After", "Link", "Cache-Control", "Content-Language"};
}
