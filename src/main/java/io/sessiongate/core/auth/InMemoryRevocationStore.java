package io.sessiongate.core.auth;

import io.vertx.core.Future;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** One node: the registry itself is the record, so publishing is just telling the listeners. */
final class InMemoryRevocationStore implements RevocationStore {
  private final List<Consumer<Revocation>> listeners = new CopyOnWriteArrayList<>();

  @Override
  public Future<Void> publish(Revocation revocation) {
    listeners.forEach(l -> l.accept(revocation));
    return Future.succeededFuture();
  }

  @Override
  public Future<List<Revocation>> active(long nowMillis, long maxTokenAgeMillis) {
    return Future.succeededFuture(List.of());
  }

  @Override
  public Future<Void> subscribe(Consumer<Revocation> listener, Runnable resync) {
    listeners.add(listener);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> prune(long nowMillis) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
