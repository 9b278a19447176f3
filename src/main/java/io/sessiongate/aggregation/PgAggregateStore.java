package io.sessiongate.aggregation;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

final class PgAggregateStore implements AggregateStore {
  private static final String COLUMNS = "id, name, tenant, owner, elements, created_at, version";

  private final Pool pool;

  PgAggregateStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Void> insert(Aggregate a) {
    return pool.preparedQuery("INSERT INTO aggregates (" + COLUMNS + ") VALUES ($1,$2,$3,$4,$5,$6,$7)")
      .execute(Tuple.tuple().addString(a.id()).addString(a.name()).addString(a.tenant()).addString(a.owner())
        .addArrayOfString(a.elements().toArray(String[]::new)).addLong(a.createdAt()).addLong(a.version()))
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
  public Future<Aggregate> change(String id, UnaryOperator<Aggregate> change) {
    // The row is locked from the read to the write: a concurrent change waits, then sees this one's result.
    return pool.withTransaction(conn -> locked(conn, id).compose(now -> {
      if (now == null) {
        return Future.succeededFuture(null);
      }
      Aggregate changed = change.apply(now);
      return conn.preparedQuery("UPDATE aggregates SET elements = $2, version = $3 WHERE id = $1")
        .execute(Tuple.tuple().addString(id).addArrayOfString(changed.elements().toArray(String[]::new))
          .addLong(changed.version()))
        .map(changed);
    }));
  }

  @Override
  public Future<Boolean> delete(String id, Consumer<Aggregate> precondition) {
    return pool.withTransaction(conn -> locked(conn, id).compose(now -> {
      if (now == null) {
        return Future.succeededFuture(false);
      }
      precondition.accept(now);
      return conn.preparedQuery("DELETE FROM aggregates WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.rowCount() == 1);
    }));
  }

  private static Future<Aggregate> locked(SqlConnection conn, String id) {
    return conn.preparedQuery("SELECT " + COLUMNS + " FROM aggregates WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : toAggregate(rows.iterator().next()));
  }

  private static Aggregate toAggregate(Row row) {
    return new Aggregate(row.getString("id"), row.getString("name"), row.getString("tenant"), row.getString("owner"),
      List.of(row.getArrayOfStrings("elements")), row.getLong("created_at"), row.getLong("version"));
  }
}
