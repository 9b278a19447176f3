package io.sessiongate.core.storage;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.TransactionPropagation;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collector;

/**
 * The shared pool as every store sees it. Each call (waiting for a connection included) is bounded by the
 * statement deadline on this side too: PostgreSQL's own statement_timeout cannot fire on a server that is
 * stopped (SIGSTOP) or cut off, and a request must not wait on it. Failures that mean "the store cannot
 * answer now" leave as {@link StoreFailures#translate store-unavailable ApiErrors}, and {@link StoreHealth}
 * hears of them; other failures (constraint violations the stores map themselves) pass through unchanged.
 */
final class StorePool implements Pool {
  private final Vertx vertx;
  private final Pool pool;
  private final long deadlineMillis;
  private final StoreHealth health;

  StorePool(Vertx vertx, Pool pool, long deadlineMillis, StoreHealth health) {
    this.vertx = vertx;
    this.pool = pool;
    this.deadlineMillis = deadlineMillis;
    this.health = health;
  }

  private <T> Future<T> bounded(Supplier<Future<T>> call) {
    Promise<T> result = Promise.promise();
    long timer = vertx.setTimer(deadlineMillis,
      id -> result.tryFail(new StoreFailures.StatementDeadline(deadlineMillis)));
    Future<T> running;
    try {
      running = call.get();
    } catch (RuntimeException e) {
      running = Future.failedFuture(e);
    }
    running.onComplete(done -> {
      vertx.cancelTimer(timer);
      if (done.succeeded()) {
        result.tryComplete(done.result());
      } else {
        result.tryFail(done.cause());
      }
    });
    return result.future().recover(this::translated);
  }

  private <T> Future<T> translated(Throwable failure) {
    Throwable translated = StoreFailures.translate(failure);
    if (translated != failure) {
      health.suspect(failure);
    }
    return Future.failedFuture(translated);
  }

  /** Bounded by the pool's acquire timeout ({@code pg.acquire-timeout-ms}); the caller holds the connection. */
  @Override
  public Future<SqlConnection> getConnection() {
    return pool.getConnection().recover(this::translated);
  }

  @Override
  public Query<RowSet<Row>> query(String sql) {
    return new BoundedQuery<>(pool.query(sql));
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
    return new BoundedPreparedQuery<>(pool.preparedQuery(sql));
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
    return new BoundedPreparedQuery<>(pool.preparedQuery(sql, options));
  }

  /** The whole transaction is bounded: past the deadline the client is answered; PostgreSQL rolls it back or not. */
  @Override
  public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> function) {
    return bounded(() -> pool.withTransaction(function));
  }

  @Override
  public <T> Future<T> withTransaction(TransactionPropagation propagation, Function<SqlConnection, Future<T>> function) {
    return bounded(() -> pool.withTransaction(propagation, function));
  }

  @Override
  public <T> Future<T> withConnection(Function<SqlConnection, Future<T>> function) {
    return bounded(() -> pool.withConnection(function));
  }

  @Override
  public int size() {
    return pool.size();
  }

  @Override
  public Future<Void> close() {
    return pool.close();
  }

  private class BoundedQuery<T> implements Query<T> {
    private final Query<T> query;

    BoundedQuery(Query<T> query) {
      this.query = query;
    }

    @Override
    public Future<T> execute() {
      return bounded(query::execute);
    }

    @Override
    public <R> Query<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
      return new BoundedQuery<>(query.collecting(collector));
    }

    @Override
    public <U> Query<RowSet<U>> mapping(Function<Row, U> mapper) {
      return new BoundedQuery<>(query.mapping(mapper));
    }
  }

  private final class BoundedPreparedQuery<T> implements PreparedQuery<T> {
    private final PreparedQuery<T> query;

    BoundedPreparedQuery(PreparedQuery<T> query) {
      this.query = query;
    }

    @Override
    public Future<T> execute() {
      return bounded(query::execute);
    }

    @Override
    public Future<T> execute(Tuple row) {
      return bounded(() -> query.execute(row));
    }

    @Override
    public Future<T> executeBatch(List<Tuple> rows) {
      return bounded(() -> query.executeBatch(rows));
    }

    @Override
    public <R> PreparedQuery<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
      return new BoundedPreparedQuery<>(query.collecting(collector));
    }

    @Override
    public <U> PreparedQuery<RowSet<U>> mapping(Function<Row, U> mapper) {
      return new BoundedPreparedQuery<>(query.mapping(mapper));
    }
  }
}
