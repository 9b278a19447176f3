import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Redfish client load for the benchmarks: N concurrent clients, each doing "log in, G GETs, log out" once
 * (flow mode) or repeatedly for a duration (loop mode). Run with the gateway jar on the class path:
 * java -cp target/sessiongate.jar bench/RedfishFlow.java BASE_URL PREFIX CLIENTS GETS SECONDS USER PASSWORD
 * (SECONDS 0 = each client once). Prints one JSON object.
 */
public class RedfishFlow {
  public static void main(String[] args) throws Exception {
    URI base = URI.create(args[0]);
    String prefix = args[1].equals("-") ? "" : args[1];
    int clients = Integer.parseInt(args[2]);
    int gets = Integer.parseInt(args[3]);
    int seconds = Integer.parseInt(args[4]);
    JsonObject credentials = new JsonObject().put("UserName", args[5]).put("Password", args[6]);
    Vertx vertx = Vertx.vertx();
    boolean tls = base.getScheme().equals("https");
    WebClient client = WebClient.create(vertx, new WebClientOptions().setSsl(tls).setTrustAll(true).setVerifyHost(false)
      .setDefaultHost(base.getHost()).setDefaultPort(base.getPort()).setKeepAlive(true),
      new io.vertx.core.http.PoolOptions().setHttp1MaxSize(clients));
    Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    AtomicLong logins = new AtomicLong();
    AtomicLong flows = new AtomicLong();
    long started = System.nanoTime();
    long deadline = seconds == 0 ? Long.MAX_VALUE : started + TimeUnit.SECONDS.toNanos(seconds);
    Promise<Void> all = Promise.promise();
    AtomicLong running = new AtomicLong(clients);
    for (int i = 0; i < clients; i++) {
      vertx.runOnContext(v -> runClient(client, prefix, credentials, gets, deadline, seconds == 0, outcomes, logins, flows)
        .onComplete(done -> {
          if (running.decrementAndGet() == 0) {
            all.complete();
          }
        }));
    }
    all.future().toCompletionStage().toCompletableFuture().get(Math.max(seconds, 1) * 3L + 120, TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - started) / 1e9;
    JsonObject result = new JsonObject().put("clients", clients).put("seconds", elapsed)
      .put("logins", logins.get()).put("flows", flows.get())
      .put("loginsPerSecond", logins.get() / elapsed).put("flowsPerSecond", flows.get() / elapsed);
    JsonObject statuses = new JsonObject();
    outcomes.forEach((k, n) -> statuses.put(k, n.get()));
    result.put("outcomes", statuses);
    System.out.println(result.encode());
    vertx.close();
  }

  private static Future<Void> runClient(WebClient client, String prefix, JsonObject credentials, int gets, long deadline,
                                        boolean once, Map<String, AtomicLong> outcomes, AtomicLong logins, AtomicLong flows) {
    if (!once && System.nanoTime() > deadline) {
      return Future.succeededFuture();
    }
    Future<Void> flow = client.request(HttpMethod.POST, prefix + "/redfish/v1/SessionService/Sessions")
      .sendJsonObject(credentials)
      .compose(login -> {
        count(outcomes, "login " + login.statusCode());
        if (login.statusCode() != 201) {
          return Future.<Void>succeededFuture();
        }
        logins.incrementAndGet();
        String token = login.getHeader("X-Auth-Token");
        String location = login.getHeader("Location");
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < gets; i++) {
          chain = chain.compose(v -> client.request(HttpMethod.GET, prefix + "/redfish/v1/Systems/1")
            .putHeader("X-Auth-Token", token).send().map(r -> {
              count(outcomes, "get " + r.statusCode());
              return null;
            }));
        }
        return chain.compose(v -> client.request(HttpMethod.DELETE, path(prefix, location))
          .putHeader("X-Auth-Token", token).send()).<Void>map(r -> {
            count(outcomes, "logout " + r.statusCode());
            flows.incrementAndGet();
            return null;
          });
      })
      .<Void>mapEmpty()
      .recover(err -> {
        count(outcomes, "error " + err.getClass().getSimpleName());
        return Future.<Void>succeededFuture();
      });
    return once ? flow : flow.compose(v -> runClient(client, prefix, credentials, gets, deadline, false, outcomes, logins, flows));
  }

  private static String path(String prefix, String location) {
    String path = URI.create(location).getPath();
    return path.startsWith(prefix) ? path : prefix + path;
  }

  private static void count(Map<String, AtomicLong> outcomes, String key) {
    outcomes.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
  }
}
