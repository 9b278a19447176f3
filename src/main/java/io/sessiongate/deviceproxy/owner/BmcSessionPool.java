package io.sessiongate.deviceproxy.owner;

import io.sessiongate.deviceproxy.bmc.BmcLogin;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The BMC sessions the gateway holds for one device: at most {@code maxSessions}, created one login at a
 * time (a BMC login is slow and BMCs refuse logins past their cap), shared by all requests. Used from the
 * owning verticle's event loop only, so it needs no locks.
 */
final class BmcSessionPool {
  /** A request in flight on each session before another one is worth a login. */
  private static final int BUSY_PER_SESSION = 4;
  /** How long a pool shrunk by the BMC's own session cap stays shrunk before it tries one more login. */
  static final long GROW_BACK_MILLIS = 60_000;

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
  private final Consumer<BmcSession> retire;
  private final LongSupplier clock;
  private final List<Held> held = new ArrayList<>();
  private Future<BmcSession> pendingLogin;
  private int ceiling;
  private long shrunkAt;
  private long replaceIdleAfterMillis = Long.MAX_VALUE;

  /** {@code retire}: logs out of a session the pool stopped using before the BMC would expire it. */
  BmcSessionPool(int maxSessions, Supplier<Future<BmcSession>> login, Consumer<BmcSession> retire) {
    this(maxSessions, login, retire, System::currentTimeMillis);
  }

  /** {@code clock}: the time in milliseconds (a test's own, so that waiting out {@link #GROW_BACK_MILLIS} takes no minute). */
  BmcSessionPool(int maxSessions, Supplier<Future<BmcSession>> login, Consumer<BmcSession> retire, LongSupplier clock) {
    this.maxSessions = maxSessions;
    this.ceiling = maxSessions;
    this.login = login;
    this.retire = retire;
    this.clock = clock;
  }

  /**
   * Sessions unused this long are replaced rather than used: the BMC expires a session after its own
   * SessionTimeout, and a request should never be the one that finds out.
   */
  void replaceIdleAfter(long millis) {
    replaceIdleAfterMillis = millis;
  }

  long replaceIdleAfterMillis() {
    return replaceIdleAfterMillis;
  }

  /** A session to send one request on; release it with {@link #release}. */
  Future<BmcSession> acquire() {
    long now = clock.getAsLong();
    takeIdle(now - replaceIdleAfterMillis).forEach(retire);
    if (ceiling < maxSessions && now - shrunkAt >= GROW_BACK_MILLIS) {
      // Whoever else held the BMC's sessions may have let them go: the next busy moment tries one more login.
      ceiling = maxSessions;
    }
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
        held.add(new Held(result.result(), clock.getAsLong()));
        promise.complete(result.result());
      } else {
        if (result.cause() instanceof BmcLogin.Refused refused && refused.refusal == BmcLogin.Refusal.SESSION_LIMIT
          && !held.isEmpty()) {
          // The BMC is at its own cap (its limit is below maxSessions, or other clients hold sessions): stop
          // growing and share what we hold; requests wait on those sessions instead of failing.
          ceiling = held.size();
          shrunkAt = clock.getAsLong();
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

  /** How many sessions the pool may hold now: {@code maxSessions}, or fewer while the BMC refuses more. */
  int effective() {
    return ceiling;
  }
}
