package io.sessiongate.murano;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;

/**
 * POSTs {@code {environment_id, session_id, description}} to a configured URL with the non-blocking WebClient:
 * a 2xx answer means deployed; any other answer, a transport failure or no answer within the timeout means
 * the deployment failed.
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
  public Future<Boolean> deploy(DeploymentTask task) {
    Promise<Boolean> outcome = Promise.promise();
    // The whole exchange is bounded, not only the idle time between bytes.
    long timer = vertx.setTimer(timeoutMs, id -> {
      if (outcome.tryComplete(false)) {
        LOG.warn("deployment of session {}: {} did not answer within {} ms", task.sessionId(), url, timeoutMs);
      }
    });
    client.postAbs(url).timeout(timeoutMs).sendJsonObject(task.toJson()).onComplete(answer -> {
      vertx.cancelTimer(timer);
      if (answer.failed()) {
        if (outcome.tryComplete(false)) {
          LOG.warn("deployment of session {}: {} failed: {}", task.sessionId(), url, answer.cause().toString());
        }
        return;
      }
      int status = answer.result().statusCode();
      if (outcome.tryComplete(status / 100 == 2) && status / 100 != 2) {
        LOG.warn("deployment of session {}: {} answered {}", task.sessionId(), url, status);
      }
    });
    return outcome.future();
  }

  @Override
  public Future<Void> close() {
    client.close();
    return Future.succeededFuture();
  }
}
