package io.sessiongate.core.slice;

import io.micrometer.core.instrument.MeterRegistry;
import io.sessiongate.core.auth.Identity;
import io.sessiongate.core.cluster.ClusterSettings;
import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.http.ErrorResponder;
import io.sessiongate.core.storage.Storage;
import io.vertx.core.Vertx;

import java.util.HashMap;
import java.util.Map;

/**
 * What a node gives the slices it mounts, and the ports they offer one another. A port is an interface of the core
 * ({@code core.fleet}, {@code core.redfish}) that one slice implements and others use: a slice takes only the ports
 * of slices mounted before it, so the order of the slice list is the order of their dependencies.
 */
public final class SliceContext {
  private final Vertx vertx;
  private final GatewayConfig config;
  private final Storage storage;
  private final Identity identity;
  private final MeterRegistry meters;
  private final ClusterSettings cluster;
  private final ErrorResponder errors;
  private final int eventLoops;
  private final Map<Class<?>, Object> ports = new HashMap<>();

  public SliceContext(Vertx vertx, GatewayConfig config, Storage storage, Identity identity, MeterRegistry meters,
                      ClusterSettings cluster, ErrorResponder errors, int eventLoops) {
    this.vertx = vertx;
    this.config = config;
    this.storage = storage;
    this.identity = identity;
    this.meters = meters;
    this.cluster = cluster;
    this.errors = errors;
    this.eventLoops = eventLoops;
  }

  public Vertx vertx() {
    return vertx;
  }

  public GatewayConfig config() {
    return config;
  }

  public Storage storage() {
    return storage;
  }

  public Identity identity() {
    return identity;
  }

  public MeterRegistry meters() {
    return meters;
  }

  public ClusterSettings cluster() {
    return cluster;
  }

  /** Renders a failure of a route that is not built from a contract, as the router's own do. */
  public ErrorResponder errors() {
    return errors;
  }

  /** How many router verticles serve requests (one per event loop unless configured). */
  public int eventLoops() {
    return eventLoops;
  }

  public <T> void offer(Class<T> port, T implementation) {
    if (ports.putIfAbsent(port, implementation) != null) {
      throw new IllegalStateException("two slices offer " + port.getSimpleName());
    }
  }

  public <T> T port(Class<T> port) {
    Object implementation = ports.get(port);
    if (implementation == null) {
      throw new IllegalStateException("no slice mounted so far offers " + port.getSimpleName()
        + ": the slice that does must come earlier in the list");
    }
    return port.cast(implementation);
  }
}
