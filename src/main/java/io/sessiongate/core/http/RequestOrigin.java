package io.sessiongate.core.http;

import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

/** The scheme and authority a client used, for links that must point back at the same front door. */
public final class RequestOrigin {
  private RequestOrigin() {
  }

  /**
   * {@code https://host[:port]} from the request's Host (HTTP/1.1) or :authority (HTTP/2), or "" when the
   * request names no authority (HTTP/1.0), so the link stays relative rather than naming a guessed host.
   */
  public static String of(RoutingContext ctx) {
    HostAndPort authority = ctx.request().authority();
    if (authority == null) {
      return "";
    }
    String host = authority.host();
    String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return ctx.request().scheme() + "://" + hostPart + (authority.port() >= 0 ? ":" + authority.port() : "");
  }
}
