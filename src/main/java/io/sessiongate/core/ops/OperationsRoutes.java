package io.sessiongate.core.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sessiongate.core.cluster.ClusterView;
import io.sessiongate.core.storage.Storage;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * {@code /health/live}, {@code /health/ready} (the store answers its probe, else 503 with the reason; check {@code cluster} shows members and the
 * cluster duties this node holds, and is DOWN while the node drains) and {@code /metrics} (Prometheus).
 */
public final class OperationsRoutes implements Handler<Router> {
  private final HealthChecks readiness;
  private final HealthChecks liveness;
  private final PrometheusMeterRegistry registry;

  public OperationsRoutes(Vertx vertx, Storage storage, ClusterView cluster, PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.liveness = HealthChecks.create(vertx).register("event-loop", promise -> promise.complete(Status.OK()));
    // The store's state as its probe last saw it (StoreHealth): a readiness poll costs no database round trip.
    this.readiness = HealthChecks.create(vertx).register("store", promise -> promise.complete(
        storage.health().isUp() ? Status.OK(storage.health().describe()) : Status.KO(storage.health().describe())))
      .register("cluster", promise -> promise.complete(cluster.draining()
        ? Status.KO(cluster.describe()) : Status.OK(cluster.describe())));
  }

  @Override
  public void handle(Router router) {
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(liveness));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness));
    if (registry != null) {
      router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    }
  }
}
