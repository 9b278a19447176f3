package io.sessiongate.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The system's UTC clock, ahead by as much as the test has advanced it: time still passes as it does for
 * the timers and the sockets, and a test that needs a session to expire or a lockout to end moves the clock
 * instead of sleeping. It never goes back, so issue times, uses and expiries keep their order.
 */
public final class AdjustableClock extends Clock {
  private final AtomicLong aheadMillis = new AtomicLong();

  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("the clock only goes forward, not by " + by);
    }
    aheadMillis.addAndGet(by.toMillis());
  }

  @Override
  public long millis() {
    return System.currentTimeMillis() + aheadMillis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (!ZoneOffset.UTC.equals(zone)) {
      throw new UnsupportedOperationException("the gateway's clock is UTC");
    }
    return this;
  }
}
