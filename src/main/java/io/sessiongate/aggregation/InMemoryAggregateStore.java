package io.sessiongate.aggregation;

import io.vertx.core.Future;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

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
  public Future<Aggregate> change(String id, UnaryOperator<Aggregate> change) {
    // computeIfPresent is atomic per key: a change sees the previous one's result; one that throws changes nothing.
    try {
      return Future.succeededFuture(aggregates.computeIfPresent(id, (key, now) -> change.apply(now)));
    } catch (RuntimeException refused) {
      return Future.failedFuture(refused);
    }
  }

  @Override
  public Future<Boolean> delete(String id, Consumer<Aggregate> precondition) {
    boolean[] found = {false};
    try {
      aggregates.computeIfPresent(id, (key, now) -> {
        precondition.accept(now);
        found[0] = true;
        return null;
      });
    } catch (RuntimeException refused) {
      return Future.failedFuture(refused);
    }
    return Future.succeededFuture(found[0]);
  }
}
