package io.sessiongate.deviceproxy.owner;

import io.sessiongate.deviceproxy.bmc.BmcLogin;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The BMC sessions the gateway holds for one device: at most {@code maxSessions}, created one login at a
 * time (a BMC login is slow and BMCs refuse logins past their cap), shared by all requests. Changed (logins,
 * drops, idle sweeps) from the owning verticle's event loop only; a session that is there can also be taken
 * and released from any of the node's event loops ({@link #tryAcquire}, {@link #releaseQuick}), so a request
 * need not hop to the owner's loop and back: the in-flight counts are atomic, and a session being retired is
 * marked first, so that a taker who finds the mark puts it back (both sides write, then read the other's).
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
    final AtomicInteger inFlight = new AtomicInteger();
    volatile long lastUsed;
    /** Set by the owner before it looks at inFlight to retire the session; a taker that sees it backs off. */
    volatile boolean retiring;
    /** The BMC answered 401 on it: no one takes it again while the owner is yet to drop it. */
    volatile boolean rejected;

    Held(BmcSession session, long now) {
      this.session = session;
      this.lastUsed = now;
    }
  }

  private static final Held[] NONE = new Held[0];

  private final int maxSessions;
  private final Supplier<Future<BmcSession>> login;
  private final Consumer<BmcSession> retire;
  private final LongSupplier clock;
  private final List<Held> held = new ArrayList<>();
  /** {@code held} as the other event loops see it: a new array whenever the owner changes the list. */
  private volatile Held[] published = NONE;
  private Future<BmcSession> pendingLogin;
  private volatile int ceiling;
  private long shrunkAt;
  private volatile long replaceIdleAfterMillis = Long.MAX_VALUE;

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
    BmcSession there = acquireHeld();
    if (there != null) {
      return Future.succeededFuture(there);
    }
    Future<BmcSession> waiting = pendingLogin != null ? pendingLogin : startLogin();
    return waiting.compose(session -> {
      Held entry = find(session);
      if (entry == null) {
        // Dropped between login and now (a 401 raced it): take whatever is there now.
        return acquire();
      }
      entry.inFlight.incrementAndGet();
      return Future.succeededFuture(session);
    });
  }

  /**
   * The least busy of the sessions there, or null when there is none yet (the caller waits for a login:
   * {@link #acquire}); a login starts beside it when all are busy and the pool may grow. On the owner's loop.
   */
  BmcSession acquireHeld() {
    long now = clock.getAsLong();
    takeIdle(now - replaceIdleAfterMillis).forEach(retire);
    if (ceiling < maxSessions && now - shrunkAt >= GROW_BACK_MILLIS) {
      // Whoever else held the BMC's sessions may have let them go: the next busy moment tries one more login.
      ceiling = maxSessions;
    }
    Held least = held.stream().min(Comparator.comparingInt(h -> h.inFlight.get())).orElse(null);
    if (least == null) {
      return null;
    }
    if (least.inFlight.get() >= BUSY_PER_SESSION && held.size() < ceiling && pendingLogin == null) {
      startLogin();
    }
    least.inFlight.incrementAndGet();
    return least.session;
  }

  /**
   * From any event loop: the least busy session, when taking it needs nothing of the owner; null when the owner
   * must decide (no session yet, all busy while the pool may grow, the least busy one due to be replaced, or
   * being retired right now). Released with {@link #releaseQuick}.
   */
  BmcSession tryAcquire(long now) {
    Held[] sessions = published;
    Held least = null;
    int leastInFlight = Integer.MAX_VALUE;
    for (Held h : sessions) {
      int inFlight = h.inFlight.get();
      if (inFlight < leastInFlight) {
        least = h;
        leastInFlight = inFlight;
      }
    }
    if (least == null || leastInFlight >= BUSY_PER_SESSION && sessions.length < ceiling
      || least.lastUsed < now - replaceIdleAfterMillis || least.rejected) {
      return null;
    }
    least.inFlight.incrementAndGet();
    if (least.retiring) {
      least.inFlight.decrementAndGet();
      return null;
    }
    return least.session;
  }

  /**
   * From any event loop: the request on a session {@link #tryAcquire} gave is over; {@code rejected}: the BMC
   * answered it 401, and the owner is told to {@link #invalidate} it.
   */
  void releaseQuick(String sealedToken, long now, boolean rejected) {
    for (Held h : published) {
      if (h.session.sealedToken().equals(sealedToken)) {
        h.rejected |= rejected;
        h.inFlight.decrementAndGet();
        h.lastUsed = now;
        return;
      }
    }
  }

  void release(BmcSession session, long now) {
    Held entry = find(session);
    if (entry != null) {
      entry.inFlight.updateAndGet(n -> Math.max(0, n - 1));
      entry.lastUsed = now;
    }
  }

  /** The pooled session whose sealed token this is, or null. */
  BmcSession bySealedToken(String sealedToken) {
    for (Held h : held) {
      if (h.session.sealedToken().equals(sealedToken)) {
        return h.session;
      }
    }
    return null;
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
    publish();
    return surplus;
  }

  /** The BMC no longer accepts this session (401): forget it; the next acquire logs in again. */
  void invalidate(BmcSession session) {
    held.removeIf(h -> {
      boolean dropped = h.session.equals(session);
      h.retiring |= dropped;
      return dropped;
    });
    publish();
  }

  /** Sessions unused since {@code idleSinceMillis}, removed from the pool so the caller can log them out. */
  List<BmcSession> takeIdle(long idleSinceMillis) {
    List<BmcSession> idle = new ArrayList<>();
    held.removeIf(h -> {
      if (h.inFlight.get() != 0 || h.lastUsed >= idleSinceMillis) {
        return false;
      }
      h.retiring = true;
      if (h.inFlight.get() != 0) {
        // Taken from another event loop between the two reads: it stays.
        h.retiring = false;
        return false;
      }
      idle.add(h.session);
      return true;
    });
    if (!idle.isEmpty()) {
      publish();
    }
    return idle;
  }

  List<BmcSession> takeAll() {
    held.forEach(h -> h.retiring = true);
    List<BmcSession> all = held.stream().map(h -> h.session).toList();
    held.clear();
    publish();
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
        publish();
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

  private void publish() {
    published = held.toArray(NONE);
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
