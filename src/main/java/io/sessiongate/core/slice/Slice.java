package io.sessiongate.core.slice;

import io.sessiongate.core.cluster.ClusterKeys;
import io.sessiongate.core.config.DataDirectory;
import io.sessiongate.core.http.ApiSlice;
import io.sessiongate.core.http.StreamingRoutes;
import io.vertx.core.Future;

import java.util.List;

/**
 * One part of the gateway (an API, the device proxy, the Redfish aggregation) as a node mounts it. The node knows
 * slices only through this interface and calls, for every slice in the order of its list:
 * <ol>
 *   <li>{@link #sharedKeys} before the node starts, and again once the store is open (a clustered node must share
 *       them with the others, {@link ClusterKeys});</li>
 *   <li>{@link #prepare} on a worker thread, before the store opens;</li>
 *   <li>{@link #mount} once the store, the cluster duties and the identity core are up: the slice builds its stores,
 *       routes and verticles, takes the ports of the slices before it and offers its own ({@link SliceContext});</li>
 *   <li>{@link #verticles}: every slice's are deployed together, before the routers;</li>
 *   <li>{@link #started} once every slice's verticles are up, in list order;</li>
 *   <li>{@link #apis} and {@link #streamingRoutes}, which every router verticle mounts;</li>
 *   <li>on stop, {@link #close} once every slice's verticles are undeployed, before the store closes.</li>
 * </ol>
 * A slice's cluster duties and claims are declared by its verticles as they start ({@link SessionVerticle#duty},
 * {@link SessionVerticle#claim}); the node's duty verticle is deployed before any slice is mounted.
 */
public interface Slice {
  /** Keys every node of a cluster must share (config, or what {@link #prepare} found in the data directory). */
  default List<ClusterKeys.Key> sharedKeys() {
    return List.of();
  }

  /** Blocking: reads or creates what the slice keeps in the node's data directory (secrets). */
  default void prepare(DataDirectory dataDirectory) {
  }

  void mount(SliceContext context);

  /** The verticles this slice owns its state in, with their instances and options. */
  default List<SliceVerticle> verticles() {
    return List.of();
  }

  /** What must wait for every slice's verticles (e.g. registering the configured devices with their owners up). */
  default Future<Void> started() {
    return Future.succeededFuture();
  }

  /** The contract-bound APIs this slice serves, mounted in this order. */
  default List<ApiSlice> apis() {
    return List.of();
  }

  /** Routes not built from a contract, mounted before the router reads bodies (a proxy streams them). */
  default List<StreamingRoutes> streamingRoutes() {
    return List.of();
  }

  /** Releases what {@link #mount} opened beyond the verticles (clients, connections); safe when never mounted. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
