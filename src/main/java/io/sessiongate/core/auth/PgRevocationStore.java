package io.sessiongate.core.auth;

import io.sessiongate.core.storage.Storage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

final class PgRevocationStore implements RevocationStore {
  private static final Logger LOG = LoggerFactory.getLogger(PgRevocationStore.class);
  static final String CHANNEL = "sessiongate_revocations";

  private final Pool pool;
  private final PgSubscriber subscriber;

  PgRevocationStore(Vertx vertx, Storage storage) {
    this.pool = storage.pool();
    this.subscriber = PgSubscriber.subscriber(vertx, storage.connectOptions())
      .reconnectPolicy(attempt -> 250L);
  }

  @Override
  public Future<Void> publish(Revocation revocation) {
    // One transaction: the record and the notification commit together or not at all.
    return pool.withTransaction(conn -> {
      Future<?> record = revocation.kind() == Revocation.Kind.SESSION
        ? conn.preparedQuery("INSERT INTO revoked_sessions (session_id, expires_at) VALUES ($1, $2) "
            + "ON CONFLICT (session_id) DO UPDATE SET expires_at = GREATEST(revoked_sessions.expires_at, EXCLUDED.expires_at)")
          .execute(Tuple.of(revocation.key(), revocation.at()))
        : Future.succeededFuture();
      return record.compose(v -> conn.preparedQuery("SELECT pg_notify($1, $2)")
        .execute(Tuple.of(CHANNEL, revocation.encode())));
    }).mapEmpty();
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
      try {
        listener.accept(Revocation.decode(payload));
      } catch (IllegalArgumentException e) {
        LOG.warn("ignored a malformed revocation notification: {}", e.getMessage());
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
