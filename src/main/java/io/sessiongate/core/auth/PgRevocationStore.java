package io.sessiongate.core.auth;

import io.sessiongate.core.storage.Storage;
import io.sessiongate.core.bus.Contexts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

final class PgRevocationStore implements RevocationStore {
  private static final Logger LOG = LoggerFactory.getLogger(PgRevocationStore.class);
  static final String CHANNEL = "sessiongate_revocations";

  private static final int MAX_BATCH = 500;
  private static final int MAX_PAYLOAD = 7000;

  private final Pool pool;
  private final PgSubscriber subscriber;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean flushing = new AtomicBoolean();

  private record Pending(Revocation revocation, Promise<Void> published) {
  }

  PgRevocationStore(Vertx vertx, Storage storage) {
    this.pool = storage.pool();
    this.subscriber = PgSubscriber.subscriber(vertx, storage.connectOptions())
      .reconnectPolicy(attempt -> storage.listenReconnectMillis());
  }

  @Override
  public Future<Void> publish(Revocation revocation) {
    Promise<Void> published = Promise.promise();
    queue.add(new Pending(revocation, published));
    flush();
    return Contexts.here(published.future());
  }

  /**
   * PostgreSQL serializes the commits of transactions that NOTIFY, so each revocation in a transaction of
   * its own would cap logouts at one WAL flush each. Revocations that arrive while one transaction is
   * committing go together in the next: their rows and their notifications commit together or not at all.
   */
  private void flush() {
    if (!flushing.compareAndSet(false, true)) {
      return;
    }
    List<Pending> batch = new ArrayList<>();
    for (Pending next = queue.poll(); next != null; next = batch.size() < MAX_BATCH ? queue.poll() : null) {
      batch.add(next);
    }
    if (batch.isEmpty()) {
      flushing.set(false);
      if (!queue.isEmpty()) {
        flush();
      }
      return;
    }
    pool.preparedQuery(RECORD_AND_NOTIFY).execute(recordAndNotify(batch)).onComplete(done -> {
      batch.forEach(pending -> pending.published().handle(done.mapEmpty()));
      flushing.set(false);
      flush();
    });
  }

  /**
   * The batch's session revocations and its notifications in one statement: one round trip and one commit
   * (a statement outside a transaction block is its own transaction, so the rows and the notifications still
   * commit together or not at all). The CTE's INSERT runs whether or not the SELECT reads it.
   */
  private static final String RECORD_AND_NOTIFY =
    "WITH recorded AS (INSERT INTO revoked_sessions (session_id, expires_at) "
      + "SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT (session_id) "
      + "DO UPDATE SET expires_at = GREATEST(revoked_sessions.expires_at, EXCLUDED.expires_at)) "
      + "SELECT pg_notify($3, payload) FROM unnest($4::text[]) AS payload";

  /**
   * The statement's parameters. A session named twice in one batch is one row with the later expiry (one
   * INSERT may not update the same row twice).
   */
  private static Tuple recordAndNotify(List<Pending> batch) {
    java.util.Map<String, Long> sessions = new java.util.LinkedHashMap<>();
    for (Pending pending : batch) {
      Revocation revocation = pending.revocation();
      if (revocation.kind() == Revocation.Kind.SESSION) {
        sessions.merge(revocation.key(), revocation.at(), Math::max);
      }
    }
    return Tuple.of(sessions.keySet().toArray(String[]::new), sessions.values().toArray(Long[]::new), CHANNEL,
      payloads(batch).toArray(String[]::new));
  }

  /** Notifications of at most {@link #MAX_PAYLOAD} characters (PostgreSQL's limit is 8000 bytes), one revocation a line. */
  private static List<String> payloads(List<Pending> batch) {
    List<String> payloads = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (Pending pending : batch) {
      String line = pending.revocation().encode();
      if (current.length() > 0 && current.length() + 1 + line.length() > MAX_PAYLOAD) {
        payloads.add(current.toString());
        current.setLength(0);
      }
      if (current.length() > 0) {
        current.append('\n');
      }
      current.append(line);
    }
    payloads.add(current.toString());
    return payloads;
  }

  @Override
  public Future<List<Revocation>> active(long nowMillis, long maxTokenAgeMillis) {
    Future<List<Revocation>> sessions = pool
      .preparedQuery("SELECT session_id, expires_at FROM revoked_sessions WHERE expires_at > $1")
      .execute(Tuple.of(nowMillis))
      .map(rows -> {
        List<Revocation> list = new ArrayList<>();
        for (Row row : rows) {
          list.add(Revocation.session(row.getString(0), row.getLong(1)));
        }
        return list;
      });
    Future<List<Revocation>> users = pool
      .preparedQuery("SELECT login, tokens_not_before FROM users WHERE tokens_not_before > $1")
      .execute(Tuple.of(nowMillis - maxTokenAgeMillis))
      .map(rows -> {
        List<Revocation> list = new ArrayList<>();
        for (Row row : rows) {
          list.add(Revocation.user(row.getString(0), row.getLong(1)));
        }
        return list;
      });
    return Future.all(sessions, users).map(all -> {
      List<Revocation> list = new ArrayList<>(sessions.result());
      list.addAll(users.result());
      return list;
    });
  }

  @Override
  public Future<Void> subscribe(Consumer<Revocation> listener, Runnable resync) {
    subscriber.channel(CHANNEL).handler(payload -> {
      for (String line : payload.split("\n")) {
        try {
          listener.accept(Revocation.decode(line));
        } catch (IllegalArgumentException e) {
          LOG.warn("ignored a malformed revocation notification: {}", e.getMessage());
        }
      }
    }).subscribeHandler(v -> resync.run());
    return subscriber.connect();
  }

  @Override
  public Future<Void> close() {
    return subscriber.close();
  }

  @Override
  public Future<Void> prune(long nowMillis) {
    return pool.preparedQuery("DELETE FROM revoked_sessions WHERE expires_at < $1").execute(Tuple.of(nowMillis))
      .mapEmpty();
  }
}
