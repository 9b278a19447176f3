package io.sessiongate.deviceproxy;

import io.sessiongate.core.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The BMC sessions the gateway holds for one device: at most {@code maxSessions}, created one login at a
 * time (a BMC login is slow and BMCs refuse logins past their cap), shared by all requests. Used from the
 * owning verticle's event loop only, so it needs no locks.
 */
final class BmcSessionPool {
  /** A request in flight on each session before another one is worth a login. */
  private static final int BUSY_PER_SESSION = 4;

  /**
   * {@code sealedToken}: the token sealed with the credential key, as it is written down and as it crosses the
   * event bus to the node that uses it; sealed once, when the session opens.
   */
  record BmcSession(String token, String location, String sealedToken) {
    @Override
    public String toString() {
      return "BmcSession[" + location + "]";
    }
  }

  private static final class Held {
    final BmcSession session;
    int inFlight;
    long lastUsed;

    Held(BmcSession session, long now) {
      this.session = session;
      this.lastUsed = now;
    }
  }

  private final int maxSessions;
  private final Supplier<Future<BmcSession>> login;
  private final List<Held> held = new ArrayList<>();
  private Future<BmcSession> pendingLogin;
  private int ceiling;

  BmcSessionPool(int maxSessions, Supplier<Future<BmcSession>> login) {
    this.maxSessions = maxSessions;
    this.ceiling = maxSessions;
    this.login = login;
  }

  /** A session to send one request on; release it with {@link #release}. */
  Future<BmcSession> acquire() {
    Held least = held.stream().min(Comparator.comparingInt(h -> h.inFlight)).orElse(null);
    if (least != null) {
      if (least.inFlight >= BUSY_PER_SESSION && held.size() < ceiling && pendingLogin == null) {
        startLogin();
      }
      least.inFlight++;
      return Future.succeededFuture(least.session);
    }
    Future<BmcSession> waiting = pendingLogin != null ? pendingLogin : startLogin();
    return waiting.compose(session -> {
      Held entry = find(session);
      if (entry == null) {
        // Dropped between login and now (a 401 raced it): take whatever is there now.
        return acquire();
      }
      entry.inFlight++;
      return Future.succeededFuture(session);
    });
  }

  void release(BmcSession session, long now) {
    Held entry = find(session);
    if (entry != null) {
      entry.inFlight = Math.max(0, entry.inFlight - 1);
      entry.lastUsed = now;
    }
  }

  /**
   * Takes over sessions a previous owner of the device left open, up to the cap; the rest are returned, for
   * the caller to log out. An adopted session the BMC has meanwhile dropped answers 401 and is replaced then.
   */
  List<BmcSession> adopt(List<BmcSession> sessions, long now) {
    List<BmcSession> surplus = new ArrayList<>();
    for (BmcSession session : sessions) {
      if (held.size() < maxSessions && find(session) == null) {
        held.add(new Held(session, now));
      } else {
        surplus.add(session);
      }
    }
    return surplus;
  }

  /** The BMC no longer accepts this session (401): forget it; the next acquire logs in again. */
  void invalidate(BmcSession session) {
    held.removeIf(h -> h.session.equals(session));
  }

  /** Sessions unused since {@code idleSinceMillis}, removed from the pool so the caller can log them out. */
  List<BmcSession> takeIdle(long idleSinceMillis) {
    List<BmcSession> idle = new ArrayList<>();
    held.removeIf(h -> {
      boolean isIdle = h.inFlight == 0 && h.lastUsed < idleSinceMillis;
      if (isIdle) {
        idle.add(h.session);
      }
      return isIdle;
    });
    return idle;
  }

  List<BmcSession> takeAll() {
    List<BmcSession> all = held.stream().map(h -> h.session).toList();
    held.clear();
    return all;
  }

  int size() {
    return held.size();
  }

  private Future<BmcSession> startLogin() {
    Promise<BmcSession> promise = Promise.promise();
    Future<BmcSession> attempt = promise.future();
    pendingLogin = attempt;
    login.get().onComplete(result -> {
      pendingLogin = null;
      if (result.succeeded()) {
        held.add(new Held(result.result(), System.currentTimeMillis()));
        promise.complete(result.result());
      } else {
        if (result.cause() instanceof ApiError refused && refused.reason() == ApiError.Reason.UNAVAILABLE
          && !held.isEmpty()) {
          // The BMC is at its own cap (other clients hold sessions): stop growing, use what we hold.
          ceiling = held.size();
        }
        promise.fail(result.cause());
      }
    });
    // Not pendingLogin: a login that fails at once (open circuit) has already cleared it.
    return attempt;
  }

  private Held find(BmcSession session) {
    for (Held h : held) {
      if (h.session.equals(session)) {
        return h;
      }
    }
    return null;
  }

  int maxSessions() {
    return maxSessions;
  }
}
