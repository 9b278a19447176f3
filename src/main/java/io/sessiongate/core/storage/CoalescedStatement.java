package io.sessiongate.core.storage;

import io.sessiongate.core.api.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One prepared statement for many rows: rows that arrive while earlier batches are in flight are sent
 * together as one batch, which PostgreSQL runs as one implicit transaction, so they share one round trip
 * and one commit (WAL flush) instead of paying one each. A failed batch is retried row by row, so one bad
 * row fails only its own request. A batch that meets a store outage is not retried: it fails, and so do the rows
 * queued behind it (never sent, so nothing was changed for them), so that no row waits longer than one statement
 * deadline for a store that does not answer. Use it from one context (the owning session verticle's): it keeps its
 * queue without locks.
 */
public final class CoalescedStatement {
  private final Pool pool;
  private final String sql;
  private final int maxBatch;
  private final int maxInFlight;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private int inFlight;

  private record Pending(Tuple row, Promise<RowSet<Row>> result) {
  }

  public CoalescedStatement(Pool pool, String sql, int maxBatch, int maxInFlight) {
    this.pool = pool;
    this.sql = sql;
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
  }

  /** Runs the statement for {@code row}; the result is this row's own RowSet. */
  public Future<RowSet<Row>> execute(Tuple row) {
    Promise<RowSet<Row>> result = Promise.promise();
    queue.add(new Pending(row, result));
    if (inFlight < maxInFlight) {
      flush();
    }
    return result.future();
  }

  private void flush() {
    if (queue.isEmpty()) {
      return;
    }
    List<Pending> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
    while (!queue.isEmpty() && batch.size() < maxBatch) {
      batch.add(queue.poll());
    }
    inFlight++;
    Future<RowSet<Row>> sent = batch.size() == 1
      ? pool.preparedQuery(sql).execute(batch.get(0).row())
      : pool.preparedQuery(sql).executeBatch(batch.stream().map(Pending::row).toList());
    sent.onComplete(done -> {
      inFlight--;
      if (done.succeeded()) {
        RowSet<Row> rows = done.result();
        for (Pending pending : batch) {
          pending.result().complete(rows);
          rows = rows.next();
        }
      } else if (done.cause() instanceof ApiError error && error.isStoreUnavailable()) {
        batch.forEach(pending -> pending.result().fail(error));
        ApiError notSent = StoreFailures.unavailable(StoreFailures.Outcome.NOT_SENT, "queued behind a failed batch");
        while (!queue.isEmpty()) {
          queue.poll().result().fail(notSent);
        }
      } else if (batch.size() == 1) {
        batch.get(0).result().fail(done.cause());
      } else {
        batch.forEach(pending -> pool.preparedQuery(sql).execute(pending.row()).onComplete(pending.result()));
      }
      flush();
    });
  }
}
