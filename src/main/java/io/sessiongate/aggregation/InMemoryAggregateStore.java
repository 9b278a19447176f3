package io.sessiongate.aggregation;

import io.vertx.core.Future;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

final class InMemoryAggregateStore implements AggregateStore {
  private final Map<String, Aggregate> aggregates = new ConcurrentHashMap<>();

  @Override
  public Future<Void> insert(Aggregate aggregate) {
    aggregates.put(aggregate.id(), aggregate);
    return Future.succeededFuture();
  }

  @Override
  public Future<Aggregate> find(String id) {
    return Future.succeededFuture(aggregates.get(id));
  }

  @Override
  public Future<List<Aggregate>> list() {
    return Future.succeededFuture(aggregates.values().stream()
      .sorted(Comparator.comparingLong(Aggregate::createdAt).thenComparing(Aggregate::id)).toList());
  }

  @Override
  public Future<Boolean> replaceElements(String id, List<String> elements) {
    return Future.succeededFuture(aggregates.computeIfPresent(id, (key, old) -> old.withElements(elements)) != null);
  }

  @Override
  public Future<Boolean> delete(String id) {
    return Future.succeededFuture(aggregates.remove(id) != null);
  }
}
