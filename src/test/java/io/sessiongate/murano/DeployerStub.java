package io.sessiongate.murano;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.sessiongate.testing.Await.await;

/**
 * A real HTTP endpoint for the webhook deployer: answers each deployment with the status the test chose,
 * or holds it unanswered until the test releases it (a deployment in progress).
 */
final class DeployerStub implements AutoCloseable {
  static final int HOLD = 0;

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final Queue<JsonObject> received = new ConcurrentLinkedQueue<>();
  private final List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
  private volatile int answer = 200;

  DeployerStub() {
    server = await(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      received.add(body.toJsonObject());
      int status = answer;
      if (status == HOLD) {
        held.add(request);
      } else {
        request.response().setStatusCode(status).end();
      }
    })).listen(0, "127.0.0.1"));
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
    held.forEach(request -> request.response().setStatusCode(status).end());
    held.clear();
  }

  List<JsonObject> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    release(200);
    await(vertx.close());
  }
}
