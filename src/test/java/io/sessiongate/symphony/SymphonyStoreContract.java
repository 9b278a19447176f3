package io.sessiongate.symphony;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every SymphonyStore backend must do; run against the in-process store and a real PostgreSQL. */
abstract class SymphonyStoreContract {
  static final long MINUTE = 1000;
  static final SessionScope ANY = new SessionScope("app", null, null);

  /** A store whose minute lasts {@link #MINUTE} ms. */
  abstract SymphonyStore store();

  WorkloadSession create(String owner, String cluster, int ttlMinutes, long at) {
    return await(store().create(new NewSession("app", cluster, owner,
      new JsonObject().put("sessionName", "s").put("sessionTTLInMinutes", ttlMinutes), ttlMinutes, at)));
  }

  @Test
  void aCreatedSessionComesBackWithEveryFieldAndIncreasingIds() {
    WorkloadSession first = create("ada", "c1", 2, 10_000);
    WorkloadSession second = create("bob", "c1", 0, 10_000);
    assertTrue(second.sessionId() > first.sessionId());
    assertEquals(new WorkloadSession(first.sessionId(), "app", "c1", "ada", SessionState.OPEN,
      new JsonObject().put("sessionName", "s").put("sessionTTLInMinutes", 2), 2, 10_000, 10_000, null, 12_000L), first);
    assertNull(second.expiresAt());
    assertEquals(first, await(store().touch(first.sessionId(), ANY, 10_000)));
  }

  @Test
  void aUsePushesExpiryBackAndAnExpiredSessionIsInvisible() {
    WorkloadSession session = create("ada", "c1", 1, 10_000);
    WorkloadSession used = await(store().touch(session.sessionId(), ANY, 10_500));
    assertEquals(10_500, used.lastUsedAt());
    assertEquals(11_500L, used.expiresAt());
    assertNull(await(store().touch(session.sessionId(), ANY, 11_500)), "expired at its expiry instant");
    assertNull(await(store().close(session.sessionId(), ANY, 11_500)));
    assertNull(await(store().destroy(session.sessionId(), ANY, 11_500)));
    assertTrue(await(store().list(ANY, null, 11_500)).isEmpty());
    assertEquals(1, await(store().list(ANY, null, 11_499)).size());
  }

  @Test
  void theSweepDeletesOnlyExpiredSessions() {
    WorkloadSession expiring = create("ada", "c1", 1, 10_000);
    WorkloadSession forever = create("ada", "c1", 0, 10_000);
    WorkloadSession later = create("ada", "c1", 5, 10_000);
    assertEquals(0, await(store().deleteExpired(10_999)));
    assertEquals(1, await(store().deleteExpired(11_000)));
    assertEquals(List.of(forever.sessionId(), later.sessionId()),
      await(store().list(ANY, null, 0)).stream().map(WorkloadSession::sessionId).toList(),
      "the expired session is gone even for a clock before its expiry");
    assertNull(await(store().touch(expiring.sessionId(), ANY, 0)));
  }

  @Test
  void scopeLimitsApplicationClusterAndOwner() {
    WorkloadSession ada = create("ada", "c1", 0, 10_000);
    WorkloadSession bob = create("bob", "c2", 0, 10_000);
    assertNull(await(store().touch(ada.sessionId(), new SessionScope("other", null, null), 10_001)));
    assertNull(await(store().touch(ada.sessionId(), new SessionScope("app", "c2", null), 10_001)));
    assertNull(await(store().touch(ada.sessionId(), new SessionScope("app", null, "bob"), 10_001)));
    assertNull(await(store().close(ada.sessionId(), new SessionScope("app", null, "bob"), 10_001)));
    assertNull(await(store().destroy(ada.sessionId(), new SessionScope("app", null, "bob"), 10_001)));
    assertEquals(ada.sessionId(), await(store().touch(ada.sessionId(), new SessionScope("app", "c1", "ada"), 10_001)).sessionId());
    assertEquals(List.of(bob.sessionId()), await(store().list(new SessionScope("app", null, "bob"), null, 10_001))
      .stream().map(WorkloadSession::sessionId).toList());
    assertEquals(List.of(bob.sessionId()), await(store().list(new SessionScope("app", "c2", null), null, 10_001))
      .stream().map(WorkloadSession::sessionId).toList());
  }

  @Test
  void closingIsIdempotentAndDestroyingRemoves() {
    WorkloadSession session = create("ada", "c1", 0, 10_000);
    WorkloadSession closed = await(store().close(session.sessionId(), ANY, 10_100));
    assertEquals(SessionState.CLOSED, closed.state());
    assertEquals(10_100L, closed.closedAt());
    WorkloadSession again = await(store().close(session.sessionId(), ANY, 10_200));
    assertEquals(10_100L, again.closedAt());
    assertEquals(10_200, again.lastUsedAt());
    assertEquals(List.of(), await(store().list(ANY, SessionState.OPEN, 10_300)));
    assertEquals(1, await(store().list(ANY, SessionState.CLOSED, 10_300)).size());
    assertEquals(SessionState.CLOSED, await(store().destroy(session.sessionId(), ANY, 10_300)).state());
    assertNull(await(store().destroy(session.sessionId(), ANY, 10_300)));
    assertNull(await(store().touch(session.sessionId(), ANY, 10_300)));
  }

  @Test
  void anApplicationIsRegisteredReplacedAndRemovedOnlyWithoutLiveSessions() {
    Application app = new Application("app", List.of("c1", "c2"), false);
    assertTrue(await(store().putApplication(app)));
    assertEquals(app, await(store().application("app")));
    Application replaced = new Application("app", List.of("c3"), false);
    assertEquals(false, await(store().putApplication(replaced)));
    await(store().putApplication(new Application("another", List.of("c1"), false)));
    assertEquals(List.of(new Application("another", List.of("c1"), false), replaced), await(store().applications()));

    create("ada", "c3", 1, 10_000);
    assertEquals(SymphonyStore.Removal.HAS_SESSIONS, await(store().removeApplication("app", 10_999)));
    assertEquals(SymphonyStore.Removal.REMOVED, await(store().removeApplication("app", 11_000)), "expired sessions do not count");
    assertNull(await(store().application("app")));
    assertEquals(SymphonyStore.Removal.NOT_FOUND, await(store().removeApplication("app", 11_000)));
  }
}
