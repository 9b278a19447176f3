package io.sessiongate.deviceproxy.bmc;

/** What passes between a client and a BMC through the gateway, and what never does. */
public final class ProxyExchange {
  private ProxyExchange() {
  }

  /**
   * For a passthrough device, what the client itself presents to the BMC: the BMC token its gateway token
   * stands for, or its own Authorization header (Basic), or nothing (a login, the service root).
   */
  public record ClientCredential(String bmcToken, String authorization) {
    public static final ClientCredential NONE = new ClientCredential(null, null);
  }

  /** Request headers a BMC may see: never the client's credentials, cookies or Host. */
  static final String[] FORWARDED_REQUEST_HEADERS = {"Accept", "Content-Type", "If-Match", "If-None-Match",
    "OData-Version", "OData-MaxVersion", "Prefer", "Accept-Language"};

  /** Response headers a client may see: never the BMC's session token or cookies. */
  static final String[] FORWARDED_RESPONSE_HEADERS = {"Content-Type", "ETag", "Location", "OData-Version", "Allow",
    "Retry-After", "Link", "Cache-Control", "Content-Language"};
}
