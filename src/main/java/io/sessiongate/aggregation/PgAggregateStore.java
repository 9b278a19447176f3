package io.sessiongate.aggregation;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

final class PgAggregateStore implements AggregateStore {
  private static final String COLUMNS = "id, name, tenant, owner, elements, created_at";

  private final Pool pool;

  PgAggregateStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Void> insert(Aggregate a) {
    return pool.preparedQuery("INSERT INTO aggregates (" + COLUMNS + ") VALUES ($1,$2,$3,$4,$5,$6)")
      .execute(Tuple.tuple().addString(a.id()).addString(a.name()).addString(a.tenant()).addString(a.owner())
        .addArrayOfString(a.elements().toArray(String[]::new)).addLong(a.createdAt()))
      .mapEmpty();
  }

  @Override
  public Future<Aggregate> find(String id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM aggregates WHERE id = $1").execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : toAggregate(rows.iterator().next()));
  }

  @Override
  public Future<List<Aggregate>> list() {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM aggregates ORDER BY created_at, id").execute().map(rows -> {
      List<Aggregate> all = new ArrayList<>();
      rows.forEach(row -> all.add(toAggregate(row)));
      return all;
    });
  }

  @Override
  public Future<Boolean> replaceElements(String id, List<String> elements) {
    return pool.preparedQuery("UPDATE aggregates SET elements = $2 WHERE id = $1")
      .execute(Tuple.tuple().addString(id).addArrayOfString(elements.toArray(String[]::new)))
      .map(rows -> rows.rowCount() == 1);
  }

  @Override
  public Future<Boolean> delete(String id) {
    return pool.preparedQuery("DELETE FROM aggregates WHERE id = $1").execute(Tuple.of(id))
      .map(rows -> rows.rowCount() == 1);
  }

  private static Aggregate toAggregate(Row row) {
    return new Aggregate(row.getString("id"), row.getString("name"), row.getString("tenant"), row.getString("owner"),
      List.of(row.getArrayOfStrings("elements")), row.getLong("created_at"));
  }
}
