package io.sessiongate.core.cluster;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A group's share of its claims and which claim a node takes or gives back next. */
class ClaimGroupTest {
  private final ClaimGroup group = new ClaimGroup("test.shards", ClaimSharing.of(true, new InProcessLocks()));
  private final List<Claim> claims = new ArrayList<>();

  private void declare(int count) {
    for (int i = 0; i < count; i++) {
      claims.add(group.declare("test.shards." + i));
    }
  }

  private static void hold(Claim claim) {
    claim.moveTo(DutyState.ACQUIRING);
    claim.moveTo(DutyState.HELD);
  }

  @Test
  void theShareIsTheClaimsDividedByTheContendersRoundedUp() {
    declare(16);
    assertEquals(16, group.share(), "taken as the only contender until counted");
    group.contenders(3);
    assertEquals(6, group.share());
    group.contenders(16);
    assertEquals(1, group.share());
    group.contenders(20);
    assertEquals(1, group.share(), "more nodes than claims: each may still hold one");
    group.forgetContenders();
    assertFalse(group.counted());
    assertEquals(16, group.share());
  }

  @Test
  void claimsAreTakenFirstToLastUpToTheShare() {
    declare(5);
    group.contenders(2);
    Set<Claim> tried = new HashSet<>();
    Claim first = group.nextToTake(tried);
    assertSame(claims.get(0), first);
    tried.add(first);
    // Another node holds the first: the next free one is tried, not the same one again.
    assertSame(claims.get(1), group.nextToTake(tried));
    hold(claims.get(1));
    hold(claims.get(2));
    tried.add(claims.get(1));
    tried.add(claims.get(2));
    assertSame(claims.get(3), group.nextToTake(tried));
    hold(claims.get(3));
    assertNull(group.nextToTake(tried), "three held is ceil(5 / 2): the share is full");
  }

  @Test
  void aClaimBeingTakenOrGivenBackIsNotTakenAgain() {
    declare(3);
    claims.get(0).moveTo(DutyState.ACQUIRING);
    hold(claims.get(1));
    claims.get(1).moveTo(DutyState.RELEASING);
    assertSame(claims.get(2), group.nextToTake(new HashSet<>()));
  }

  @Test
  void theSurplusIsGivenBackLastDeclaredFirst() {
    declare(8);
    claims.forEach(ClaimGroupTest::hold);
    assertEquals(List.of(), group.surplus(), "alone, every claim is this node's");
    group.contenders(2);
    assertEquals(List.of(claims.get(7), claims.get(6), claims.get(5), claims.get(4)), group.surplus(),
      "four over ceil(8 / 2)");
    claims.get(7).moveTo(DutyState.RELEASING);
    assertEquals(List.of(claims.get(6), claims.get(5), claims.get(4)), group.surplus(), "one already on its way back");
    group.contenders(3);
    assertEquals(List.of(claims.get(6), claims.get(5), claims.get(4), claims.get(3)), group.surplus(),
      "seven held: four over ceil(8 / 3)");
  }

  @Test
  void withdrawingTheLastClaimEmptiesTheGroup() {
    declare(2);
    assertFalse(group.withdraw(claims.get(0)));
    assertEquals(1, group.share());
    assertTrue(group.withdraw(claims.get(1)));
  }

  @Test
  void claimsOfAGroupAreTakenOneAcquisitionAtATime() {
    assertTrue(group.startAcquiring());
    assertFalse(group.startAcquiring(), "a second acquisition waits for the first to end");
    group.doneAcquiring();
    assertTrue(group.startAcquiring());
  }
}
