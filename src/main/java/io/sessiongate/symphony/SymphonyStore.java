package io.sessiongate.symphony;

import io.sessiongate.core.storage.Storage;
import io.vertx.core.Future;

import java.util.List;

/**
 * Where workload sessions live. Every change is one conditional statement, so a session is never half
 * written and two nodes changing one session serialize in the store. A session whose {@code expiresAt} has
 * passed is invisible to every call even before {@link #deleteExpired} removes it. Both backends pass
 * {@code SymphonyStoreContract}.
 */
public interface SymphonyStore {
  /** @param minuteMillis the length of a minute of {@code sessionTTLInMinutes} */
  static SymphonyStore create(Storage storage, long minuteMillis) {
    return storage.isPostgres() ? new PgSymphonyStore(storage.pool(), minuteMillis) : new InMemorySymphonyStore(minuteMillis);
  }

  /** Stores an open session under the next id (increasing, unique across every node sharing the store). */
  Future<WorkloadSession> create(NewSession session);

  /** Records a use at {@code now} (which pushes expiry back); the session after it, or null when not in scope. */
  Future<WorkloadSession> touch(long sessionId, SessionScope scope, long now);

  /** Closes (idempotently) and records a use; the session after it, or null when not in scope. */
  Future<WorkloadSession> close(long sessionId, SessionScope scope, long now);

  /** Removes the session; the session as it was, or null when not in scope. */
  Future<WorkloadSession> destroy(long sessionId, SessionScope scope, long now);

  /** The live sessions in scope, oldest first, optionally only those in {@code state}. */
  Future<List<WorkloadSession>> list(SessionScope scope, SessionState state, long now);

  /** Deletes the sessions expired at {@code now}; how many. */
  Future<Integer> deleteExpired(long now);

  /** An application an admin registered, or null. */
  Future<Application> application(String name);

  /** The applications admins registered, by name. */
  Future<List<Application>> applications();

  /** Registers or replaces an admin application; true when it is new. */
  Future<Boolean> putApplication(Application application);

  /** Removes an admin application unless it still has sessions (expired ones not counted). */
  Future<Removal> removeApplication(String name, long now);

  /** What {@link #removeApplication} did. */
  enum Removal { REMOVED, NOT_FOUND, HAS_SESSIONS }
}
