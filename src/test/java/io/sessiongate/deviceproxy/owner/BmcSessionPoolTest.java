package io.sessiongate.deviceproxy.owner;

import io.sessiongate.deviceproxy.bmc.BmcLogin;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.deviceproxy.owner.BmcSessionPool.BmcSession;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
