package io.sessiongate.murano;

import io.sessiongate.core.tracing.Tracing;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ObjLongConsumer;

/**
 * POSTs the {@link DeploymentTask} to a configured URL with the non-blocking WebClient: a 2xx answer means
 * deployed; any other answer, a transport failure or no answer within the timeout means the deployment
 * failed. An answer's JSON body may carry {@code result} (Murano's action result) and {@code reports}.
 */
final class WebhookDeployer implements Deployer {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDeployer.class);

  private final Vertx vertx;
  private final WebClient client;
  private final String url;
  private final int timeoutMs;

  WebhookDeployer(Vertx vertx, URI url, int timeoutMs) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx);
    this.url = url.toString();
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Future<DeployerAnswer> deploy(DeploymentTask task) {
    // A span of its own around the webhook's exchange, so a trace shows the deployer's share.
    return Tracing.span("murano.webhook", Map.of("sessiongate.murano.session.id", task.sessionId(),
      "http.request.method", "POST"), () -> post(task));
  }

  private Future<DeployerAnswer> post(DeploymentTask task) {
    // Taken now, while the webhook's span is current: the WebClient's callbacks run where it no longer is, and its
    // request makes no client span of its own (so sends no traceparent) from this context.
    ObjLongConsumer<String> span = Tracing.annotator();
    Promise<DeployerAnswer> outcome = Promise.promise();
    // The whole exchange is bounded, not only the idle time between bytes.
    long timer = vertx.setTimer(timeoutMs, id -> {
      String why = url + " did not answer within " + timeoutMs + " ms";
      if (outcome.tryComplete(DeployerAnswer.failed(why, null, List.of()))) {
        LOG.warn("deployment of session {}: {}", task.sessionId(), why);
      }
    });
    HttpRequest<Buffer> request = client.postAbs(url).timeout(timeoutMs);
    Tracing.propagate(request.headers()::set);
    request.sendJsonObject(task.toJson()).onComplete(answer -> {
      vertx.cancelTimer(timer);
      if (answer.failed()) {
        String why = url + " failed: " + answer.cause();
        if (outcome.tryComplete(DeployerAnswer.failed(why, null, List.of()))) {
          LOG.warn("deployment of session {}: {}", task.sessionId(), why);
        }
        return;
      }
      HttpResponse<Buffer> response = answer.result();
      span.accept("http.response.status_code", response.statusCode());
      JsonObject body = jsonBody(response.body());
      JsonObject result = body.getValue("result") instanceof JsonObject given ? given : null;
      List<JsonObject> reports = new ArrayList<>();
      if (body.getValue("reports") instanceof JsonArray listed) {
        listed.forEach(report -> {
          if (report instanceof JsonObject object) {
            reports.add(object);
          }
        });
      }
      int status = response.statusCode();
      if (status / 100 == 2) {
        outcome.tryComplete(DeployerAnswer.deployed(result, reports));
      } else if (outcome.tryComplete(DeployerAnswer.failed(url + " answered " + status, result, reports))) {
        LOG.warn("deployment of session {}: {} answered {}", task.sessionId(), url, status);
      }
    });
    return outcome.future();
  }

  /** An answer without a JSON object body says nothing beyond its status. */
  private static JsonObject jsonBody(Buffer body) {
    if (body == null || body.length() == 0) {
      return new JsonObject();
    }
    try {
      return io.vertx.core.json.Json.decodeValue(body) instanceof JsonObject object ? object : new JsonObject();
    } catch (DecodeException notJson) {
      return new JsonObject();
    }
  }

  @Override
  public Future<Void> close() {
    client.close();
    return Future.succeededFuture();
  }
}
