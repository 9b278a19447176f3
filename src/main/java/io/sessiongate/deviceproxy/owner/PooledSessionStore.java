package io.sessiongate.deviceproxy.owner;

import io.sessiongate.core.storage.Storage;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The BMC sessions held for pooled devices, sealed, so that a device's next owner can adopt them. */
public interface PooledSessionStore {
  static PooledSessionStore create(Storage storage) {
    return storage.isPostgres() ? new Pg(storage.pool()) : new InMemory();
  }

  /** One held BMC session: {@code key} is the SHA-256 of its token. */
  record Stored(String deviceId, String key, String sealedToken, String location, long createdAt) {
  }

  Future<Void> insert(Stored session);

  Future<Void> delete(String deviceId, String key);

  Future<List<Stored>> list(String deviceId);

  final class InMemory implements PooledSessionStore {
    private final Map<String, Map<String, Stored>> byDevice = new ConcurrentHashMap<>();

    @Override
    public Future<Void> insert(Stored session) {
      byDevice.computeIfAbsent(session.deviceId(), id -> new ConcurrentHashMap<>()).put(session.key(), session);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> delete(String deviceId, String key) {
      Map<String, Stored> sessions = byDevice.get(deviceId);
      if (sessions != null) {
        sessions.remove(key);
      }
      return Future.succeededFuture();
    }

    @Override
    public Future<List<Stored>> list(String deviceId) {
      return Future.succeededFuture(new ArrayList<>(byDevice.getOrDefault(deviceId, Map.of()).values()));
    }
  }

  final class Pg implements PooledSessionStore {
    private final Pool pool;

    Pg(Pool pool) {
      this.pool = pool;
    }

    @Override
    public Future<Void> insert(Stored s) {
      // A device removed meanwhile takes its sessions with it (the foreign key): nothing to keep then.
      return pool.preparedQuery("INSERT INTO device_pooled_sessions (device_id, session_key, sealed_token, location, "
          + "created_at) SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM devices WHERE id = $1) "
          + "ON CONFLICT DO NOTHING")
        .execute(Tuple.of(s.deviceId(), s.key(), s.sealedToken(), s.location(), s.createdAt()))
        .mapEmpty();
    }

    @Override
    public Future<Void> delete(String deviceId, String key) {
      return pool.preparedQuery("DELETE FROM device_pooled_sessions WHERE device_id = $1 AND session_key = $2")
        .execute(Tuple.of(deviceId, key)).mapEmpty();
    }

    @Override
    public Future<List<Stored>> list(String deviceId) {
      return pool.preparedQuery("SELECT device_id, session_key, sealed_token, location, created_at "
          + "FROM device_pooled_sessions WHERE device_id = $1 ORDER BY created_at")
        .execute(Tuple.of(deviceId))
        .map(rows -> {
          List<Stored> sessions = new ArrayList<>();
          rows.forEach(row -> sessions.add(new Stored(row.getString(0), row.getString(1), row.getString(2),
            row.getString(3), row.getLong(4))));
          return sessions;
        });
    }
  }
}
