package io.sessiongate.murano;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Carries out a deployment for the session verticle: Murano's engine, reduced to its result and reports. */
public interface Deployer {
  /** Completes with the deployer's answer (a failure is an answer too); never fails. */
  Future<DeployerAnswer> deploy(DeploymentTask task);

  default Future<Void> close() {
    return Future.succeededFuture();
  }

  static Deployer create(Vertx vertx, MuranoSettings settings) {
    return switch (settings.deployer()) {
      // The draft becomes the environment's model when the session verticle records the success.
      case BUILTIN -> task -> Future.succeededFuture(DeployerAnswer.deployed(null, java.util.List.of()));
      case WEBHOOK -> new WebhookDeployer(vertx, settings.deployerUrl(), settings.deployerTimeoutMs());
    };
  }
}
