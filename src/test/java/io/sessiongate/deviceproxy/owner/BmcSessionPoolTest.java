package io.sessiongate.deviceproxy.owner;

import io.sessiongate.deviceproxy.bmc.BmcLogin;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.deviceproxy.owner.BmcSessionPool.BmcSession;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pool's arithmetic against a BMC at its own session cap, on a clock of the test's own (the BMC side is
 * bmc-sim over HTTP in BmcHabitsTest; waiting out the grow-back there would take a minute).
 */
class BmcSessionPoolTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  /** The BMC: it opens sessions up to {@code bmcCap}, then refuses as a full BMC does. */
  private int bmcCap = 3;
  private final List<BmcSession> opened = new ArrayList<>();
  private int refused;
  private final BmcSessionPool pool = new BmcSessionPool(8, this::login, session -> { }, now::get);

  private Future<BmcSession> login() {
    if (opened.size() >= bmcCap) {
      refused++;
      return Future.failedFuture(new BmcLogin.Refused(BmcLogin.Refusal.SESSION_LIMIT,
        ApiError.unavailable("at its own session limit", 2)));
    }
    BmcSession session = new BmcSession("token-" + opened.size(), "/s/" + opened.size(), "sealed-" + opened.size());
    opened.add(session);
    return Future.succeededFuture(session);
  }

  /** {@code n} requests in flight at once, none released. */
  private List<Future<BmcSession>> busy(int n) {
    List<Future<BmcSession>> leases = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      leases.add(pool.acquire());
    }
    return leases;
  }

  @Test
  void aBmcFullAtThreeShrinksThePoolToThreeAndEveryRequestStillGetsASession() {
    List<Future<BmcSession>> leases = busy(64);
    assertTrue(leases.stream().allMatch(Future::succeeded), "no request failed while sessions were held");
    assertEquals(3, pool.size());
    assertEquals(3, pool.effective());
    assertEquals(1, refused, "one refused login shrinks the pool; it does not keep knocking");
    busy(64);
    assertEquals(1, refused, "shrunk, the pool tries no more logins");
  }

  @Test
  void afterTheGrowBackTimeTheNextBusyMomentTriesOneMoreLoginAndKeepsItWhenTheBmcHasRoom() {
    busy(64);
    assertEquals(3, pool.effective());
    now.addAndGet(BmcSessionPool.GROW_BACK_MILLIS - 1);
    busy(64);
    assertEquals(1, refused, "still shrunk just before the grow-back time");

    now.addAndGet(1);
    bmcCap = 4; // another client let one of the BMC's sessions go
    busy(64);
    assertEquals(4, pool.size(), "grown back by the session the BMC had room for");
    assertEquals(2, refused, "and shrunk again at the BMC's new cap");
    assertEquals(4, pool.effective());
  }

  @Test
  void anotherEventLoopTakesAFreeSessionButLeavesLoginsAndReplacementsToTheOwner() {
    assertNull(pool.tryAcquire(now.get()), "no session yet: the owner logs in");
    BmcSession first = await(pool.acquire());
    assertEquals(first, pool.tryAcquire(now.get()), "the session is there: taken without the owner");
    busy(2);
    // Four in flight on the only session, and room for more: the owner's next acquire logs in.
    assertNull(pool.tryAcquire(now.get()));
    pool.release(first, now.get());
    assertEquals(first, pool.tryAcquire(now.get()), "three in flight: still worth sharing");
    pool.releaseQuick(first.sealedToken(), now.get(), false);
    pool.releaseQuick(first.sealedToken(), now.get(), false);
    pool.release(first, now.get());
    pool.release(first, now.get());

    pool.replaceIdleAfter(10_000);
    now.addAndGet(10_001);
    assertNull(pool.tryAcquire(now.get()), "idle near the BMC's own timeout: the owner replaces it");
    now.addAndGet(-10_001);
    assertEquals(first, pool.tryAcquire(now.get()));
    pool.releaseQuick(first.sealedToken(), now.get(), true);
    assertNull(pool.tryAcquire(now.get()), "answered 401: not taken again before the owner drops it");
    pool.invalidate(first);
    assertEquals(0, pool.size());
    assertNull(pool.tryAcquire(now.get()), "a dropped session is never taken again");
  }

  @Test
  void aSessionTakenOnAnotherEventLoopIsNeverRetiredWhileItsRequestIsUnderWay() throws Exception {
    java.util.Set<BmcSession> retired = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicInteger taken = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger retiredUnderway = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean over = new java.util.concurrent.atomic.AtomicBoolean();
    List<Thread> takers = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      Thread taker = new Thread(() -> {
        while (!over.get()) {
          BmcSession session = pool.tryAcquire(now.get());
          if (session == null) {
            Thread.onSpinWait();
            continue;
          }
          taken.incrementAndGet();
          for (int spin = 0; spin < 20; spin++) {
            Thread.onSpinWait();
          }
          if (retired.contains(session)) {
            retiredUnderway.incrementAndGet();
          }
          pool.releaseQuick(session.sealedToken(), now.get(), false);
        }
      });
      taker.start();
      takers.add(taker);
    }
    // The owner: every session not in use right now is idle; it retires them and adopts fresh ones, over and over.
    long deadline = System.nanoTime() + 1_000_000_000L;
    int generation = 0;
    while (System.nanoTime() < deadline) {
      List<BmcSession> fresh = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        fresh.add(new BmcSession("t" + generation + "-" + i, "/s/" + generation + "-" + i, "sealed" + generation + "-" + i));
      }
      generation++;
      pool.adopt(fresh, now.get());
      retired.addAll(pool.takeIdle(Long.MAX_VALUE));
    }
    over.set(true);
    for (Thread taker : takers) {
      taker.join();
    }
    assertTrue(taken.get() > 100, "the takers got sessions: " + taken.get());
    assertTrue(retired.size() > 100, "the owner retired sessions: " + retired.size());
    assertEquals(0, retiredUnderway.get(), "a session retired while a request was on it");
  }
}
