package io.sessiongate.aggregation;

import io.sessiongate.core.storage.Storage;
import io.vertx.core.Future;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** The aggregates (named sets of fleet members). Both backends pass {@code AggregationContract}. */
interface AggregateStore {
  static AggregateStore create(Storage storage) {
    return storage.isPostgres() ? new PgAggregateStore(storage.pool()) : new InMemoryAggregateStore();
  }

  /**
   * One aggregate: {@code elements} are gateway member URIs, in the order they were added; {@code version} is bumped
   * by every change of them (the aggregate's ETag).
   */
  record Aggregate(String id, String name, String tenant, String owner, List<String> elements, long createdAt,
                   long version) {
    public Aggregate {
      elements = List.copyOf(elements);
    }

    Aggregate withElements(List<String> changed) {
      return new Aggregate(id, name, tenant, owner, changed, createdAt, version + 1);
    }

    /** The strong ETag of the aggregate as it is now. */
    String etag() {
      return "\"" + version + "\"";
    }
  }

  Future<Void> insert(Aggregate aggregate);

  /** The aggregate, or null. */
  Future<Aggregate> find(String id);

  Future<List<Aggregate>> list();

  /**
   * Changes the aggregate atomically: {@code change} gets it as it is now, no other change in between, and answers
   * it changed ({@link Aggregate#withElements}) or throws (an {@code ApiError}: nothing is changed, the future fails
   * with it). The aggregate as changed, or null when there is no such aggregate.
   */
  Future<Aggregate> change(String id, UnaryOperator<Aggregate> change);

  /**
   * Deletes the aggregate unless {@code precondition}, given it as it is now, throws (the future then fails with
   * that); false when there is no such aggregate.
   */
  Future<Boolean> delete(String id, Consumer<Aggregate> precondition);
}
