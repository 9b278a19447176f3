import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The framework's ceiling for bench lines 1 and 4: Vert.x 5 with nothing of the gateway, HTTPS with the same
 * certificate and TLS engine, one verticle instance per core (2), as the gateway deploys its HTTP verticles.
 * <ul>
 *   <li>{@code 204 <port> <cert.pem> <key.pem>}: an HttpServer answering every request 204.</li>
 *   <li>{@code proxy <port> <cert.pem> <key.pem> <bmcPort>}: a vertx-http-proxy reverse proxy of
 *   {@code /bmc/sim1/...} to {@code 127.0.0.1:<bmcPort>/...} on a keep-alive pool, with HTTP Basic added (what
 *   bench/run's nginx {@code proxy_pass} does).</li>
 * </ul>
 * Run: java -cp target/sessiongate.jar bench/BareVertx.java 204 8443 cert.pem key.pem
 */
public class BareVertx {
  private static final String DEVICE_PREFIX = "/bmc/sim1";
  private static final String BASIC = "Basic " + Base64.getEncoder()
    .encodeToString("root:calvin".getBytes(StandardCharsets.UTF_8));

  public static void main(String[] args) {
    String mode = args[0];
    int port = Integer.parseInt(args[1]);
    // The gateway's TLS settings (core.http.ServerTls): OpenSSL engine, ALPN, TLSv1.2 and 1.3.
    HttpServerOptions https = new HttpServerOptions().setHost("127.0.0.1").setPort(port).setSsl(true).setUseAlpn(true)
      .setSslEngineOptions(new OpenSSLEngineOptions().setSessionCacheEnabled(true))
      .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"))
      .setKeyCertOptions(new PemKeyCertOptions().setCertPath(args[2]).setKeyPath(args[3]));
    Vertx vertx = Vertx.vertx();
    Supplier<Handler<HttpServerRequest>> handlers = switch (mode) {
      case "204" -> () -> request -> request.response().setStatusCode(204).end();
      case "proxy" -> () -> deviceProxy(vertx, Integer.parseInt(args[4]));
      default -> throw new IllegalArgumentException("mode is 204 or proxy, not " + mode);
    };
    vertx.deployVerticle(() -> new VerticleBase() {
        @Override
        public Future<?> start() {
          return vertx.createHttpServer(https).requestHandler(handlers.get()).listen();
        }
      }, new DeploymentOptions().setInstances(2))
      .onSuccess(id -> System.out.println("bare " + mode + " listening on " + port))
      .onFailure(err -> {
        err.printStackTrace();
        System.exit(1);
      });
  }

  /** One proxy (and its client pool) per verticle instance, so each event loop keeps its own connections. */
  private static HttpProxy deviceProxy(Vertx vertx, int bmcPort) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(64));
    return HttpProxy.reverseProxy(client).origin(bmcPort, "127.0.0.1").addInterceptor(new ProxyInterceptor() {
      @Override
      public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        String uri = context.request().getURI();
        context.request().setURI(uri.startsWith(DEVICE_PREFIX) ? uri.substring(DEVICE_PREFIX.length()) : uri);
        context.request().putHeader("Authorization", BASIC);
        return context.sendRequest();
      }
    });
  }
}
