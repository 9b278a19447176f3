package io.sessiongate.sessions;

/**
 * When failed logins lock an account: {@code maxFailures} failures within {@code windowMillis} lock it for
 * {@code lockoutMillis}, doubled for each further lockout without a successful login in between, up to
 * {@code maxLockoutMillis}. The store applies it to {@link LoginState} under a row lock, so every node
 * agrees on the count.
 */
record LockoutPolicy(int maxFailures, long windowMillis, long lockoutMillis, long maxLockoutMillis) {
  /** How long the next lockout lasts, given how many came before it since the last success. */
  long lockoutAfter(int earlierLockouts) {
    // Doubling past 2^20 minutes is beyond any cap the configuration allows.
    long doubled = lockoutMillis << Math.min(earlierLockouts, 20);
    return Math.min(doubled, Math.max(maxLockoutMillis, lockoutMillis));
  }
}
