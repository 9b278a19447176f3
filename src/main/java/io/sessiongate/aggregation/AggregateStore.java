package io.sessiongate.aggregation;

import io.sessiongate.core.storage.Storage;
import io.vertx.core.Future;

import java.util.List;

/** The aggregates (named sets of fleet members). Both backends pass {@code AggregationContract}. */
interface AggregateStore {
  static AggregateStore create(Storage storage) {
    return storage.isPostgres() ? new PgAggregateStore(storage.pool()) : new InMemoryAggregateStore();
  }

  /** One aggregate: {@code elements} are gateway member URIs, in the order they were added. */
  record Aggregate(String id, String name, String tenant, String owner, List<String> elements, long createdAt) {
    public Aggregate {
      elements = List.copyOf(elements);
    }

    Aggregate withElements(List<String> changed) {
      return new Aggregate(id, name, tenant, owner, changed, createdAt);
    }
  }

  Future<Void> insert(Aggregate aggregate);

  /** The aggregate, or null. */
  Future<Aggregate> find(String id);

  Future<List<Aggregate>> list();

  /** Replaces the elements; false when there is no such aggregate. */
  Future<Boolean> replaceElements(String id, List<String> elements);

  Future<Boolean> delete(String id);
}
