package io.sessiongate.core.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.HostAndPort;

/** The optional plain-HTTP port: it serves nothing, it only sends clients to HTTPS (308 keeps the method). */
public final class HttpsRedirectVerticle extends VerticleBase {
  private final String host;
  private final int port;
  private final int httpsPort;

  public HttpsRedirectVerticle(String host, int port, int httpsPort) {
    this.host = host;
    this.port = port;
    this.httpsPort = httpsPort;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
      .requestHandler(request -> {
        HostAndPort authority = request.authority();
        String targetHost = authority == null ? "localhost" : authority.host();
        String hostPart = targetHost.contains(":") && !targetHost.startsWith("[") ? "[" + targetHost + "]" : targetHost;
        request.response()
          .setStatusCode(308)
          .putHeader("Location", "https://" + hostPart + (httpsPort == 443 ? "" : ":" + httpsPort) + request.uri())
          .end();
      })
      .listen();
  }
}
