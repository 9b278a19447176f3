package io.sessiongate.murano;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Carries out a deployment for the session verticle: Murano's engine, reduced to "did it work". */
public interface Deployer {
  /** Completes with true when the environment is deployed (or deleted), false when that failed; never fails. */
  Future<Boolean> deploy(DeploymentTask task);

  default Future<Void> close() {
    return Future.succeededFuture();
  }

  static Deployer create(Vertx vertx, MuranoSettings settings) {
    return switch (settings.deployer()) {
      // The draft becomes the environment's model when the session verticle records the success.
      case BUILTIN -> task -> Future.succeededFuture(true);
      case WEBHOOK -> new WebhookDeployer(vertx, settings.deployerUrl(), settings.deployerTimeoutMs());
    };
  }
}
