package io.sessiongate.core.http;

import io.vertx.core.Deployable;

import java.util.List;
import java.util.function.Supplier;

/**
 * One published API: its contract, where it is mounted, how it renders errors, the handler of each
 * operation, and the session verticle(s) that own its state. Built once per node and shared by every
 * router verticle instance, so handlers keep no per-request state.
 */
public interface ApiSlice {
  /** Short name for logs and metrics: "redfish", "admin", ... */
  String name();

  /** Classpath location of the OpenAPI contract, e.g. {@code openapi/admin.yaml}. */
  String contract();

  /** Path prefix the contract's paths are relative to ("" for the root). */
  String mountPath();

  /** Requests under this prefix that match no operation get this API's 404/405; defaults to the mount path. */
  default String ownedPrefix() {
    return mountPath();
  }

  ErrorFormat errorFormat();

  /** Binds a handler to every operation of the contract. */
  void bind(SliceRoutes routes);

  /** The verticles that own this API's state, deployed before the router serves requests. */
  default List<Supplier<? extends Deployable>> sessionVerticles() {
    return List.of();
  }
}
