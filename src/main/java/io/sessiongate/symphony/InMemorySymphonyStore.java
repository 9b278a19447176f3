package io.sessiongate.symphony;

import io.vertx.core.Future;

import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/** One node's sessions, in memory (the {@code memory} store). Ids come from an AtomicLong. */
final class InMemorySymphonyStore implements SymphonyStore {
  private final long minuteMillis;
  private final AtomicLong ids = new AtomicLong();
  private final NavigableMap<Long, WorkloadSession> sessions = new ConcurrentSkipListMap<>();
  private final NavigableMap<String, Application> applications = new ConcurrentSkipListMap<>();

  InMemorySymphonyStore(long minuteMillis) {
    this.minuteMillis = minuteMillis;
  }

  @Override
  public Future<WorkloadSession> create(NewSession s) {
    WorkloadSession session = new WorkloadSession(ids.incrementAndGet(), s.applicationName(), s.clusterId(), s.owner(),
      SessionState.OPEN, s.attributes(), s.ttlMinutes(), s.createdAt(), s.createdAt(), null,
      expiry(s.ttlMinutes(), s.createdAt()));
    sessions.put(session.sessionId(), session);
    return Future.succeededFuture(session);
  }

  @Override
  public Future<WorkloadSession> touch(long sessionId, SessionScope scope, long now) {
    return Future.succeededFuture(change(sessionId, scope, now, s -> used(s, s.state(), s.closedAt(), now)));
  }

  @Override
  public Future<WorkloadSession> close(long sessionId, SessionScope scope, long now) {
    return Future.succeededFuture(change(sessionId, scope, now,
      s -> used(s, SessionState.CLOSED, s.closedAt() == null ? now : s.closedAt(), now)));
  }

  @Override
  public Future<WorkloadSession> destroy(long sessionId, SessionScope scope, long now) {
    WorkloadSession current = visible(sessionId, scope, now);
    if (current == null || !sessions.remove(sessionId, current)) {
      return Future.succeededFuture(null);
    }
    return Future.succeededFuture(current);
  }

  @Override
  public Future<List<WorkloadSession>> list(SessionScope scope, SessionState state, long now) {
    return Future.succeededFuture(sessions.values().stream()
      .filter(s -> live(s, scope, now) && (state == null || s.state() == state))
      .toList());
  }

  @Override
  public Future<Integer> deleteExpired(long now) {
    int before = sessions.size();
    sessions.values().removeIf(s -> s.expiresAt() != null && s.expiresAt() <= now);
    return Future.succeededFuture(before - sessions.size());
  }

  @Override
  public Future<Application> application(String name) {
    return Future.succeededFuture(applications.get(name));
  }

  @Override
  public Future<List<Application>> applications() {
    return Future.succeededFuture(List.copyOf(applications.values()));
  }

  @Override
  public Future<Boolean> putApplication(Application application) {
    return Future.succeededFuture(applications.put(application.name(), application) == null);
  }

  @Override
  public Future<Removal> removeApplication(String name, long now) {
    if (!applications.containsKey(name)) {
      return Future.succeededFuture(Removal.NOT_FOUND);
    }
    SessionScope all = new SessionScope(name, null, null);
    if (sessions.values().stream().anyMatch(s -> live(s, all, now))) {
      return Future.succeededFuture(Removal.HAS_SESSIONS);
    }
    applications.remove(name);
    return Future.succeededFuture(Removal.REMOVED);
  }

  /** Replaces the session only if nobody changed it meanwhile, as the PostgreSQL store's conditional UPDATE does. */
  private WorkloadSession change(long sessionId, SessionScope scope, long now, UnaryOperator<WorkloadSession> change) {
    WorkloadSession current = visible(sessionId, scope, now);
    if (current == null) {
      return null;
    }
    WorkloadSession changed = change.apply(current);
    return sessions.replace(sessionId, current, changed) ? changed : null;
  }

  private WorkloadSession visible(long sessionId, SessionScope scope, long now) {
    WorkloadSession session = sessions.get(sessionId);
    return session != null && live(session, scope, now) ? session : null;
  }

  private static boolean live(WorkloadSession s, SessionScope scope, long now) {
    return scope.includes(s) && (s.expiresAt() == null || s.expiresAt() > now);
  }

  private WorkloadSession used(WorkloadSession s, SessionState state, Long closedAt, long now) {
    return new WorkloadSession(s.sessionId(), s.applicationName(), s.clusterId(), s.owner(), state, s.attributes(),
      s.ttlMinutes(), s.createdAt(), now, closedAt, expiry(s.ttlMinutes(), now));
  }

  private Long expiry(int ttlMinutes, long from) {
    return ttlMinutes > 0 ? from + ttlMinutes * minuteMillis : null;
  }
}
