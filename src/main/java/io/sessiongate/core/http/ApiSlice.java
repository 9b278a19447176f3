package io.sessiongate.core.http;

import io.sessiongate.core.api.ErrorFormat;
import io.vertx.core.Deployable;

import java.util.List;
import java.util.function.Supplier;

/**
 * One published API: its contract, where it is mounted, how it renders errors ({@link SliceMount}), the
 * handler of each operation, and the session verticle(s) that own its state. Built once per node and shared
 * by every router verticle instance, so handlers keep no per-request state.
 */
public interface ApiSlice {
  SliceMount mount();

  /** Binds a handler to every operation of the contract. */
  void bind(SliceRoutes routes);

  /** The verticles that own this API's state, deployed before the router serves requests. */
  default List<Supplier<? extends Deployable>> sessionVerticles() {
    return List.of();
  }

  default String name() {
    return mount().name();
  }

  default String contract() {
    return mount().contract();
  }

  default String mountPath() {
    return mount().mountPath();
  }

  default String ownedPrefix() {
    return mount().ownedPrefix();
  }

  default ErrorFormat errorFormat() {
    return mount().errorFormat();
  }
}
