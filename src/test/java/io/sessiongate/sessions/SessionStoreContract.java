package io.sessiongate.sessions;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every SessionStore backend must do, with explicit clocks; run on the in-process store and PostgreSQL. */
abstract class SessionStoreContract {
  /** 3 failures within a minute lock for 1 s, then 2 s, capped at 4 s. */
  static final LockoutPolicy POLICY = new LockoutPolicy(3, 60_000, 1_000, 4_000);
  static final long T0 = 1_700_000_000_000L;

  abstract SessionStore store();

  static String login() {
    return "login-" + UUID.randomUUID();
  }

  static ControllerSession session(String login) {
    return new ControllerSession(UUID.randomUUID().toString(), login, T0, T0 + 3_600_000,
      "manager-" + UUID.randomUUID(), "organization-" + UUID.randomUUID(), null);
  }

  @Test
  void nothingRecordedIsAnEmptyState() {
    String login = login();
    assertEquals(LoginState.none(login), await(store().loginState(login)));
  }

  @Test
  void failuresWithinTheWindowLockTheLoginAndALockedLoginIsNotAdmitted() {
    String login = login();
    await(store().recordFailure(login, "192.0.2.1", T0, true, POLICY));
    await(store().recordFailure(login, "192.0.2.2", T0 + 10, true, POLICY));
    LoginState third = await(store().recordFailure(login, "192.0.2.3", T0 + 20, true, POLICY));
    assertEquals(3, third.failures());
    assertEquals(T0 + 20 + 1_000, third.lockedUntil());
    assertEquals(1, third.lockouts());
    assertEquals(T0 + 20, third.lastFailedLogin());
    assertEquals("192.0.2.3", third.lastFailedLoginIp());
    assertEquals(third, await(store().loginState(login)));

    assertNull(await(store().admit(session(login), null, T0 + 500)), "locked: not admitted");
    assertNull(await(store().loginState(login)).lastSuccessfulLogin(), "and nothing recorded as a success");

    LoginState whileLocked = await(store().recordFailure(login, "192.0.2.4", T0 + 600, true, POLICY));
    assertEquals(T0 + 1_020, whileLocked.lockedUntil(), "failures while locked do not extend the lock");
    assertEquals("192.0.2.4", whileLocked.lastFailedLoginIp(), "but are recorded");

    assertNotNull(await(store().admit(session(login), null, T0 + 1_020)), "admitted once the lock has ended");
  }

  @Test
  void eachLockoutBeforeASuccessDoublesTheBackOffUpToTheCap() {
    String login = login();
    long now = T0;
    long[] expected = {1_000, 2_000, 4_000, 4_000};
    for (long lockout : expected) {
      LoginState state = null;
      for (int i = 0; i < 3; i++) {
        state = await(store().recordFailure(login, "192.0.2.1", now, true, POLICY));
      }
      assertEquals(now + lockout, state.lockedUntil());
      now = state.lockedUntil();
    }
    SessionStore.Admission admitted = await(store().admit(session(login), null, now));
    assertEquals(0, admitted.state().lockouts(), "a success resets the back-off");
    LoginState again = null;
    for (int i = 0; i < 3; i++) {
      again = await(store().recordFailure(login, "192.0.2.1", now + 1, true, POLICY));
    }
    assertEquals(now + 1 + 1_000, again.lockedUntil());
  }

  @Test
  void failuresOutsideTheWindowStartTheCountAfresh() {
    String login = login();
    await(store().recordFailure(login, "192.0.2.1", T0, true, POLICY));
    await(store().recordFailure(login, "192.0.2.1", T0 + 1, true, POLICY));
    LoginState later = await(store().recordFailure(login, "192.0.2.1", T0 + 60_000, true, POLICY));
    assertEquals(1, later.failures());
    assertEquals(T0 + 60_000, later.windowStartedAt());
    assertFalse(later.lockedAt(T0 + 60_000));
  }

  @Test
  void anUncountedFailureIsRecordedButDoesNotLock() {
    String login = login();
    for (int i = 0; i < 5; i++) {
      await(store().recordFailure(login, "192.0.2.9", T0 + i, false, POLICY));
    }
    LoginState state = await(store().loginState(login));
    assertEquals(0, state.failures());
    assertEquals(T0 + 4, state.lastFailedLogin());
    assertEquals("192.0.2.9", state.lastFailedLoginIp());
    assertFalse(state.lockedAt(T0 + 5));
  }

  @Test
  void anAdmittedSessionCarriesThePreviousSuccessAndResetsTheCount() {
    String login = login();
    SessionStore.Admission first = await(store().admit(session(login), "5.1.0", T0));
    assertNull(first.session().previousSuccessfulLogin());
    assertEquals(T0, first.state().lastSuccessfulLogin());
    assertEquals("5.1.0", first.state().nodeVersion());

    await(store().recordFailure(login, "192.0.2.1", T0 + 5, true, POLICY));
    SessionStore.Admission second = await(store().admit(session(login), null, T0 + 10));
    assertEquals(T0, second.session().previousSuccessfulLogin());
    assertEquals(T0 + 10, second.state().lastSuccessfulLogin());
    assertEquals(0, second.state().failures());
    assertEquals(T0 + 5, second.state().lastFailedLogin(), "the failure stays on record");
    assertEquals("5.1.0", second.state().nodeVersion(), "a user login keeps the node version");
    assertEquals(second.session(), await(store().session(second.session().sessionId())));
  }

  @Test
  void endpointsTokensResolveUntilReplacedAndTheSessionUntilItEnds() {
    ControllerSession session = await(store().admit(session(login()), null, T0)).session();
    assertEquals(session, await(store().sessionWithEndpointsToken(session.serverManagerToken())));
    assertEquals(session, await(store().sessionWithEndpointsToken(session.organizationAdminToken())));

    ControllerSession replaced = await(store().replaceEndpointsTokens(
      session.withEndpointsTokens("manager-new-" + UUID.randomUUID(), "organization-new-" + UUID.randomUUID())));
    assertEquals(session.previousSuccessfulLogin(), replaced.previousSuccessfulLogin());
    assertNull(await(store().sessionWithEndpointsToken(session.serverManagerToken())));
    assertNull(await(store().sessionWithEndpointsToken(session.organizationAdminToken())));
    assertEquals(replaced, await(store().sessionWithEndpointsToken(replaced.serverManagerToken())));

    await(store().end(session.sessionId()));
    assertNull(await(store().session(session.sessionId())));
    assertNull(await(store().sessionWithEndpointsToken(replaced.organizationAdminToken())));
  }

  @Test
  void replacingTheTokensOfAnUnrecordedSessionRecordsIt() {
    ControllerSession unrecorded = session(login());
    assertEquals(unrecorded, await(store().replaceEndpointsTokens(unrecorded)));
    assertEquals(unrecorded, await(store().session(unrecorded.sessionId())));
  }

  @Test
  void pruningForgetsExpiredSessionsAndStaleGuessesButKeepsLocksAndAccounts() {
    ControllerSession expired = await(store().admit(session(login()), null, T0)).session();
    String guessed = login();
    await(store().recordFailure(guessed, "192.0.2.1", T0, true, POLICY));
    String locked = login();
    for (int i = 0; i < 3; i++) {
      await(store().recordFailure(locked, "192.0.2.1", T0 + 3_600_000, true, POLICY));
    }
    long now = expired.expiresAt() + 1;
    await(store().prune(now, 60_000));

    assertNull(await(store().session(expired.sessionId())));
    assertNull(await(store().sessionWithEndpointsToken(expired.serverManagerToken())));
    assertEquals(LoginState.none(guessed), await(store().loginState(guessed)));
    assertTrue(await(store().loginState(locked)).lockedAt(now), "a lock in force is kept");
    assertEquals(T0, await(store().loginState(expired.login())).lastSuccessfulLogin(), "an account's record is kept");
  }
}
