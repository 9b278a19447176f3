package io.sessiongate.core.cluster;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.sessiongate.core.cluster.DutyState.ACQUIRING;
import static io.sessiongate.core.cluster.DutyState.FREE;
import static io.sessiongate.core.cluster.DutyState.HELD;
import static io.sessiongate.core.cluster.DutyState.RELEASING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The moves a duty may make between its states, and the ones it may not. */
class DutyStateTest {

  private static Duty duty() {
    return new PeriodicDuty("test.sweep", Duration.ofSeconds(1), new InProcessLocks());
  }

  @Test
  void aDutyIsTakenHeldAndGivenBackInOrder() {
    Duty duty = duty();
    assertTrue(duty.is(FREE));
    for (DutyState next : new DutyState[] {ACQUIRING, HELD, RELEASING, FREE}) {
      duty.moveTo(next);
      assertTrue(duty.is(next), "now " + next);
    }
  }

  @Test
  void aDutyNotGrantedOrLostIsFreeAgain() {
    Duty notGranted = duty();
    notGranted.moveTo(ACQUIRING);
    notGranted.moveTo(FREE);
    assertTrue(notGranted.is(FREE));

    Duty lost = duty();
    lost.moveTo(ACQUIRING);
    lost.moveTo(HELD);
    lost.moveTo(FREE);
    assertTrue(lost.is(FREE));
  }

  @Test
  void aDutyIsNeitherHeldWithoutItsLockNorAskedForTwice() {
    Duty free = duty();
    assertRefused(free, FREE, HELD);
    assertRefused(free, FREE, RELEASING);

    Duty acquiring = duty();
    acquiring.moveTo(ACQUIRING);
    // Advisory locks count re-entries: a second acquisition in flight would need two releases.
    assertRefused(acquiring, ACQUIRING, ACQUIRING);
    assertRefused(acquiring, ACQUIRING, RELEASING);

    Duty held = duty();
    held.moveTo(ACQUIRING);
    held.moveTo(HELD);
    assertRefused(held, HELD, ACQUIRING);

    Duty releasing = duty();
    releasing.moveTo(ACQUIRING);
    releasing.moveTo(HELD);
    releasing.moveTo(RELEASING);
    // Taken again before its lock went back, the next holder would act beside the declarer still letting go.
    assertRefused(releasing, RELEASING, ACQUIRING);
    assertRefused(releasing, RELEASING, HELD);
  }

  private static void assertRefused(Duty duty, DutyState now, DutyState next) {
    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> duty.moveTo(next));
    assertEquals("the cluster duty test.sweep cannot go from " + now + " to " + next, refused.getMessage());
    assertTrue(duty.is(now), "the state did not change");
  }
}
