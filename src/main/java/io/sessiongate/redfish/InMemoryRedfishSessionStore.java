package io.sessiongate.redfish;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One node's sessions in maps. Thread-safe, because token validation reads it from the router's event loops
 * while the session verticle writes it.
 */
final class InMemoryRedfishSessionStore implements RedfishSessionStore {
  private final ConcurrentMap<String, RedfishSession> byId = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, String> idByTokenHash = new ConcurrentHashMap<>();
  private final AtomicReference<SessionServiceSettings> settings = new AtomicReference<>();

  @Override
  public Future<SessionServiceSettings> initSettings(SessionServiceSettings initial) {
    settings.compareAndSet(null, initial);
    return Future.succeededFuture(settings.get());
  }

  @Override
  public Future<SessionServiceSettings> settings() {
    return Future.succeededFuture(settings.get());
  }

  @Override
  public Future<SessionServiceSettings> updateSettings(Integer sessionTimeoutSeconds, Boolean serviceEnabled) {
    return Future.succeededFuture(settings.updateAndGet(current -> new SessionServiceSettings(
      sessionTimeoutSeconds != null ? sessionTimeoutSeconds : current.sessionTimeoutSeconds(),
      serviceEnabled != null ? serviceEnabled : current.serviceEnabled())));
  }

  @Override
  public Future<Void> insert(RedfishSession session) {
    byId.put(session.id(), session);
    idByTokenHash.put(session.tokenHash(), session.id());
    return Future.succeededFuture();
  }

  @Override
  public Future<RedfishSession> find(String id) {
    return Future.succeededFuture(byId.get(id));
  }

  @Override
  public Future<RedfishSession> findByTokenHash(String tokenHash) {
    String id = idByTokenHash.get(tokenHash);
    return Future.succeededFuture(id == null ? null : byId.get(id));
  }

  @Override
  public Future<List<RedfishSession>> list(String userName) {
    return Future.succeededFuture(byId.values().stream()
      .filter(s -> userName == null || s.userName().equals(userName))
      .sorted(Comparator.comparingLong(RedfishSession::createdAt).thenComparing(RedfishSession::id))
      .toList());
  }

  @Override
  public Future<RedfishSession> delete(String id) {
    RedfishSession removed = byId.remove(id);
    if (removed != null) {
      idByTokenHash.remove(removed.tokenHash());
    }
    return Future.succeededFuture(removed);
  }

  @Override
  public Future<List<String>> recordUse(Map<String, Long> lastUses) {
    List<String> gone = new ArrayList<>();
    lastUses.forEach((id, usedAt) -> {
      RedfishSession updated = byId.computeIfPresent(id, (key, s) -> usedAt <= s.lastUsedAt() ? s
        : new RedfishSession(s.id(), s.tokenHash(), s.userName(), s.tenant(), s.userRoles(), s.userPrivileges(),
            s.context(), s.clientAddress(), s.createdAt(), usedAt));
      if (updated == null) {
        gone.add(id);
      }
    });
    return Future.succeededFuture(gone);
  }

  @Override
  public Future<List<RedfishSession>> deleteIdle(long idleBefore) {
    List<RedfishSession> deleted = new ArrayList<>();
    for (RedfishSession session : byId.values()) {
      if (session.lastUsedAt() < idleBefore && byId.remove(session.id(), session)) {
        idByTokenHash.remove(session.tokenHash());
        deleted.add(session);
      }
    }
    return Future.succeededFuture(deleted);
  }
}
