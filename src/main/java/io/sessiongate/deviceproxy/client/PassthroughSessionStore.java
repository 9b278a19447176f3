package io.sessiongate.deviceproxy.client;

import io.sessiongate.core.storage.Storage;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Gateway tokens of passthrough sessions; in PostgreSQL every node can map a token another node issued. */
public interface PassthroughSessionStore {
  static PassthroughSessionStore create(Storage storage) {
    return storage.isPostgres() ? new Pg(storage.pool()) : new InMemory();
  }

  Future<Void> insert(PassthroughSession session);

  /** The session, or null. */
  Future<PassthroughSession> find(String tokenHash);

  Future<Void> delete(String tokenHash);

  final class InMemory implements PassthroughSessionStore {
    private final ConcurrentMap<String, PassthroughSession> sessions = new ConcurrentHashMap<>();

    @Override
    public Future<Void> insert(PassthroughSession session) {
      sessions.put(session.tokenHash(), session);
      return Future.succeededFuture();
    }

    @Override
    public Future<PassthroughSession> find(String tokenHash) {
      return Future.succeededFuture(sessions.get(tokenHash));
    }

    @Override
    public Future<Void> delete(String tokenHash) {
      sessions.remove(tokenHash);
      return Future.succeededFuture();
    }
  }

  final class Pg implements PassthroughSessionStore {
    private final Pool pool;

    Pg(Pool pool) {
      this.pool = pool;
    }

    @Override
    public Future<Void> insert(PassthroughSession s) {
      return pool.preparedQuery("INSERT INTO device_passthrough_sessions (token_hash, device_id, sealed_bmc_token, "
          + "bmc_location, created_at) VALUES ($1, $2, $3, $4, $5)")
        .execute(Tuple.of(s.tokenHash(), s.deviceId(), s.sealedBmcToken(), s.bmcLocation(), s.createdAt()))
        .mapEmpty();
    }

    @Override
    public Future<PassthroughSession> find(String tokenHash) {
      return pool.preparedQuery("SELECT token_hash, device_id, sealed_bmc_token, bmc_location, created_at "
          + "FROM device_passthrough_sessions WHERE token_hash = $1")
        .execute(Tuple.of(tokenHash))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row row = rows.iterator().next();
          return new PassthroughSession(row.getString(0), row.getString(1), row.getString(2), row.getString(3),
            row.getLong(4));
        });
    }

    @Override
    public Future<Void> delete(String tokenHash) {
      return pool.preparedQuery("DELETE FROM device_passthrough_sessions WHERE token_hash = $1")
        .execute(Tuple.of(tokenHash)).mapEmpty();
    }
  }
}
