package io.sessiongate.core.auth;

import io.sessiongate.core.storage.Storage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.function.Consumer;

/**
 * Durable record of revocations, and the feed that tells every node about them. PostgreSQL: a table plus
 * LISTEN/NOTIFY, so a logout on one node is refused on all without a database read per request.
 */
public interface RevocationStore {
  static RevocationStore create(Vertx vertx, Storage storage) {
    return storage.isPostgres() ? new PgRevocationStore(vertx, storage) : new InMemoryRevocationStore();
  }

  /** Records the revocation and announces it to every node (this one included). */
  Future<Void> publish(Revocation revocation);

  /** Every revocation still in force at {@code nowMillis}, given tokens live at most {@code maxTokenAgeMillis}. */
  Future<List<Revocation>> active(long nowMillis, long maxTokenAgeMillis);

  /**
   * Delivers every revocation published from now on, on any node. {@code resync} is called whenever the
   * feed may have missed some (after a reconnect), so the caller reloads {@link #active}.
   */
  Future<Void> subscribe(Consumer<Revocation> listener, Runnable resync);

  /** Forgets revocations of sessions whose tokens have expired anyway. */
  Future<Void> prune(long nowMillis);

  Future<Void> close();
}
