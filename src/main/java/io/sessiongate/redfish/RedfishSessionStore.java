package io.sessiongate.redfish;

import io.sessiongate.core.storage.Storage;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;

/**
 * Redfish sessions and the SessionService settings. With PostgreSQL every node sees the same sessions and
 * settings; each change is one statement, so no half-written session is ever visible.
 */
public interface RedfishSessionStore {
  static RedfishSessionStore create(Storage storage) {
    return storage.isPostgres() ? new PgRedfishSessionStore(storage.pool()) : new InMemoryRedfishSessionStore();
  }

  /** Stores the settings unless some node already did (the first start of a cluster decides). */
  Future<SessionServiceSettings> initSettings(SessionServiceSettings initial);

  Future<SessionServiceSettings> settings();

  /** Applies the non-null members in one statement; replies the settings after the change. */
  Future<SessionServiceSettings> updateSettings(Integer sessionTimeoutSeconds, Boolean serviceEnabled);

  Future<Void> insert(RedfishSession session);

  /** The session, or null. */
  Future<RedfishSession> find(String id);

  /** The session whose token has this SHA-256, or null. */
  Future<RedfishSession> findByTokenHash(String tokenHash);

  /** All sessions, oldest first; only those of {@code userName} when it is not null. */
  Future<List<RedfishSession>> list(String userName);

  /** The deleted session, or null when there was none. */
  Future<RedfishSession> delete(String id);

  /**
   * Records uses (session id to epoch milliseconds); a stored last use is never moved back. Replies the
   * ids that no longer exist, so the caller stops tracking them.
   */
  Future<List<String>> recordUse(Map<String, Long> lastUses);

  /** Deletes every session not used since {@code idleBefore}; replies the deleted sessions. */
  Future<List<RedfishSession>> deleteIdle(long idleBefore);
}
