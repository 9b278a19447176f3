package io.sessiongate.sessions;

import io.sessiongate.core.api.LocalMessage;

/**
 * What the sessions controller remembers about logins to one account (or to a login that names no
 * account: those are counted and locked the same way, so a lockout says nothing about whether the account
 * exists). Times are epoch milliseconds; the {@code Long}s are null until the first such event.
 *
 * @param failures        counted failures in the current window
 * @param windowStartedAt when the current counting window began (0: none)
 * @param lockouts        lockouts since the last successful login (each doubles the next back-off)
 * @param lockedUntil     logins are refused until then (0: not locked)
 * @param nodeVersion     the software version the node reported at its last successful node login
 */
record LoginState(String login, Long lastSuccessfulLogin, Long lastFailedLogin, String lastFailedLoginIp,
                  int failures, long windowStartedAt, int lockouts, long lockedUntil, String nodeVersion)
  implements LocalMessage {

  static LoginState none(String login) {
    return new LoginState(login, null, null, null, 0, 0, 0, 0, null);
  }

  boolean lockedAt(long now) {
    return lockedUntil > now;
  }

  /**
   * The state after a failed login at {@code now} from {@code ip}. Every failure is recorded; only a
   * {@code counted} one (a wrong password, not an inactive account) moves towards a lockout, and failures
   * while locked do not extend the lock.
   */
  LoginState afterFailure(String ip, long now, boolean counted, LockoutPolicy policy) {
    if (!counted || lockedAt(now)) {
      return new LoginState(login, lastSuccessfulLogin, now, ip, failures, windowStartedAt, lockouts, lockedUntil,
        nodeVersion);
    }
    // A window that has run out, or a lockout that has ended, starts the count afresh.
    boolean fresh = windowStartedAt == 0 || now - windowStartedAt >= policy.windowMillis() || lockedUntil != 0;
    int count = fresh ? 1 : failures + 1;
    long windowStart = fresh ? now : windowStartedAt;
    if (count >= policy.maxFailures()) {
      return new LoginState(login, lastSuccessfulLogin, now, ip, count, windowStart, lockouts + 1,
        now + policy.lockoutAfter(lockouts), nodeVersion);
    }
    return new LoginState(login, lastSuccessfulLogin, now, ip, count, windowStart, lockouts, 0, nodeVersion);
  }

  /** The state after a successful login at {@code now}; a node login also records its version. */
  LoginState afterSuccess(long now, String reportedNodeVersion) {
    return new LoginState(login, now, lastFailedLogin, lastFailedLoginIp, 0, 0, 0, 0,
      reportedNodeVersion != null ? reportedNodeVersion : nodeVersion);
  }
}
