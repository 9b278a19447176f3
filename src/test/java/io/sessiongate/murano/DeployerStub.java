package io.sessiongate.murano;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.sessiongate.testing.Await.await;
import static io.sessiongate.testing.Await.until;

/**
 * A real HTTP endpoint for the webhook deployer: answers each deployment with the status (and body) the test
 * chose, or holds it unanswered until the test releases it (a deployment in progress). Told to, it first
 * posts status reports to the deployment's report URL with its secret, over real HTTPS, one after another,
 * as an external engine reports while it works.
 */
final class DeployerStub implements AutoCloseable {
  static final int HOLD = 0;

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final Queue<JsonObject> received = new ConcurrentLinkedQueue<>();
  private final Queue<String> traceparents = new ConcurrentLinkedQueue<>();
  private final List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
  private final WebClient reporter = WebClient.create(vertx, new WebClientOptions().setTrustAll(true)
    .setVerifyHost(false));
  private final Queue<Integer> reportStatuses = new ConcurrentLinkedQueue<>();
  private volatile int answer = 200;
  private volatile JsonObject answerBody;
  private volatile List<JsonObject> reportsToPost = List.of();

  DeployerStub() {
    server = await(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      JsonObject task = body.toJsonObject();
      received.add(task);
      traceparents.add(String.valueOf(request.getHeader("traceparent")));
      postReports(task, reportsToPost).onComplete(posted -> {
        int status = answer;
        if (status == HOLD) {
          held.add(request);
        } else {
          respond(request, status);
        }
      });
    })).listen(0, "127.0.0.1"));
  }

  private Future<Void> postReports(JsonObject task, List<JsonObject> reports) {
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject report : reports) {
      chain = chain.compose(v -> reporter.postAbs(task.getString("report_url"))
        .putHeader("X-Report-Secret", task.getString("report_secret"))
        .sendJsonObject(report)
        .map(response -> {
          reportStatuses.add(response.statusCode());
          return (Void) null;
        }));
    }
    return chain;
  }

  private void respond(HttpServerRequest request, int status) {
    JsonObject body = answerBody;
    if (body == null) {
      request.response().setStatusCode(status).end();
    } else {
      request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
  }

  /** Reports to post (in this order) for each next deployment before answering it; forgets the statuses seen. */
  void reportWhileWorking(List<JsonObject> reports) {
    reportsToPost = List.copyOf(reports);
    reportStatuses.clear();
  }

  /** The body of the next answers (null: none). */
  void answerWith(JsonObject body) {
    answerBody = body;
  }

  /** The statuses the gateway answered the posted reports with, in order. */
  List<Integer> reportStatuses() {
    return List.copyOf(reportStatuses);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/deploy";
  }

  /** The status to answer the next deployments with, or {@link #HOLD}. */
  void answer(int status) {
    answer = status;
  }

  /** Answers every held deployment with {@code status} and stops holding. */
  void release(int status) {
    answer = status;
    held.forEach(request -> respond(request, status));
    held.clear();
  }

  /** The {@code traceparent} header of each deployment received, in order ("null" when it had none). */
  List<String> traceparents() {
    return List.copyOf(traceparents);
  }

  List<JsonObject> received() {
    return List.copyOf(received);
  }

  /**
   * The deployment received after the first {@code before}, waiting for it (bounded): the gateway records a
   * deployment before its webhook request reaches this server.
   */
  JsonObject receivedAfter(int before) {
    until("a deployment beyond the first " + before + " reached the deployer", Duration.ofSeconds(10),
      () -> received.size() > before);
    List<JsonObject> tasks = received();
    return tasks.get(before);
  }

  @Override
  public void close() {
    release(200);
    await(vertx.close());
  }
}
