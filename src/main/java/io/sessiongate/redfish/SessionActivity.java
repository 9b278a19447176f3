package io.sessiongate.redfish;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * When this node last saw each Redfish session used. Router event loops record every authenticated request
 * here (the token cache means most requests never reach the store); the session verticle writes the uses
 * back to the store in batches, so other nodes see the session is alive, and reads them when it decides a
 * session is idle. Memory only: what another node must know goes through the store.
 */
final class SessionActivity {
  private final ConcurrentMap<String, Long> lastUse = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Long> unwritten = new ConcurrentHashMap<>();

  void used(String sessionId, long at) {
    // Many requests of one session share a millisecond: a read, where a merge would lock the entry for nothing.
    Long seen = lastUse.get(sessionId);
    if (seen != null && seen >= at) {
      return;
    }
    lastUse.merge(sessionId, at, Math::max);
    unwritten.merge(sessionId, at, Math::max);
  }

  /** The last use this node saw, or 0. */
  long lastUse(String sessionId) {
    return lastUse.getOrDefault(sessionId, 0L);
  }

  /** The newest use of the session known here: what the store has, or what this node saw since. */
  long lastUse(RedfishSession session) {
    return Math.max(session.lastUsedAt(), lastUse(session.id()));
  }

  /** The uses not yet written to the store, removed from the pending set (a newer use stays pending). */
  Map<String, Long> takeUnwritten() {
    Map<String, Long> taken = new HashMap<>();
    unwritten.forEach((id, at) -> {
      if (unwritten.remove(id, at)) {
        taken.put(id, at);
      }
    });
    return taken;
  }

  /** Drops what this node remembers of sessions unused since {@code cutoff}: such a use keeps nothing alive. */
  void forgetUsedBefore(long cutoff) {
    lastUse.forEach((id, at) -> {
      if (at < cutoff && !unwritten.containsKey(id)) {
        lastUse.remove(id, at);
      }
    });
  }

  void forget(String sessionId) {
    lastUse.remove(sessionId);
    unwritten.remove(sessionId);
  }
}
