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
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The framework's ceiling for bench lines 1, 2 and 4: Vert.x 5 with nothing of the gateway, HTTPS with the same
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
      case "insert" -> {
        Pool pool = PgBuilder.pool().with(new io.vertx.sqlclient.PoolOptions().setMaxSize(32)).connectingTo(args[4])
          .using(vertx).build();
        yield () -> insert(new Batches(pool));
      }
      default -> throw new IllegalArgumentException("mode is 204, proxy or insert, not " + mode);
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

  private static Handler<HttpServerRequest> insert(Batches batches) {
    return request -> {
      if (request.method() != io.vertx.core.http.HttpMethod.POST) {
        request.response().setStatusCode(204).end();
        return;
      }
      request.body().compose(body -> {
        JsonObject attributes = body.toJsonObject();
        return batches.insert(Tuple.of("admin", "symping7.3.2", "cluster1", attributes, System.currentTimeMillis()));
      }).onSuccess(id -> request.response().putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("sessionId", id).put("applicationName", "symping7.3.2").put("clusterId", "cluster1")
            .toBuffer()))
        .onFailure(err -> request.response().setStatusCode(500).end(String.valueOf(err)));
    };
  }

  /** The gateway's coalescing (core.storage.CoalescedStatement) in a few lines: one event loop's queue of rows. */
  private static final class Batches {
    private static final String INSERT = "INSERT INTO bench_sessions (owner, application, cluster, attributes, "
      + "created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id";
    private final Pool pool;
    private final ArrayDeque<Tuple> rows = new ArrayDeque<>();
    private final ArrayDeque<io.vertx.core.Promise<Long>> ids = new ArrayDeque<>();
    private int inFlight;

    Batches(Pool pool) {
      this.pool = pool;
    }

    Future<Long> insert(Tuple row) {
      io.vertx.core.Promise<Long> id = io.vertx.core.Promise.promise();
      rows.add(row);
      ids.add(id);
      if (inFlight < 4) {
        flush();
      }
      return id.future();
    }

    private void flush() {
      if (rows.isEmpty()) {
        return;
      }
      List<Tuple> batch = new ArrayList<>();
      List<io.vertx.core.Promise<Long>> waiting = new ArrayList<>();
      while (!rows.isEmpty() && batch.size() < 128) {
        batch.add(rows.poll());
        waiting.add(ids.poll());
      }
      inFlight++;
      pool.preparedQuery(INSERT).executeBatch(batch).onComplete(done -> {
        inFlight--;
        RowSet<Row> result = done.succeeded() ? done.result() : null;
        for (io.vertx.core.Promise<Long> id : waiting) {
          if (result == null) {
            id.fail(done.cause());
          } else {
            id.complete(result.iterator().next().getLong(0));
            result = result.next();
          }
        }
        flush();
      });
    }
  }
}
