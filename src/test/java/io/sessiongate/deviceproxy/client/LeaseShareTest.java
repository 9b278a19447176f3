package io.sessiongate.deviceproxy.client;

import io.sessiongate.core.fleet.Device;
import io.sessiongate.deviceproxy.owner.ShardMessages.Lease;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node's share of another node's leases: every lease the owner lent comes back to it exactly once, in as few
 * messages as the share can manage; none is lent twice at once, none after its block is due to go back, none of a
 * registration that changed. (The owner and the bus around it: ClusterIT.)
 */
class LeaseShareTest {
  private static final long HOLD = 1_000;
  private final Device device = device("d1");
  /** What went back to the owner, message by message. */
  private final List<List<Long>> sent = new ArrayList<>();
  private final LeaseShare share = new LeaseShare(sent::add);
  private long nextId = 100;

  private static Device device(String id) {
    return new Device(id, URI.create("https://bmc.example"), Device.Mode.POOLED, Device.TlsMode.INSECURE, null, "root",
      "sealed", 4, 64, 10_000, 0, 0, Device.Auth.SESSION, null, 0, List.of());
  }

  private List<Lease> block(int size) {
    return LongStream.range(0, size).mapToObj(i -> new Lease(nextId++, "sealed-" + (i % 2))).toList();
  }

  private List<Long> returned() {
    return sent.stream().flatMap(List::stream).toList();
  }

  @Test
  void aBlockIsLentOneLeaseAtATimeAndGoesBackInOneMessageOnceItsRequestsAreOver() {
    assertNull(share.take(device, 0), "nothing to lend before the owner lent a block");
    assertEquals(LeaseShare.MIN_BLOCK, share.wanted());
    List<Lease> lent = block(4);
    List<Lease> inUse = new ArrayList<>(List.of(share.accept(device, lent, 0, HOLD)));
    assertEquals(lent.get(0), inUse.get(0), "the asker gets the block's first lease");
    for (int i = 1; i < 4; i++) {
      inUse.add(share.take(device, 10));
    }
    assertEquals(new HashSet<>(lent), new HashSet<>(inUse), "each lease of the block lent once");
    assertNull(share.take(device, 10), "all four are in use");
    assertEquals(9, share.wanted(), "the next block: twice what is in use, and one");

    assertTrue(share.giveBack(inUse.get(0), false));
    assertEquals(inUse.get(0), share.take(device, 20), "a lease given back is lent again");
    assertEquals(List.of(), sent, "nothing went to the owner while the block lasts");

    assertNull(share.take(device, HOLD), "the block is due to go back: not lent any more");
    for (Lease lease : inUse) {
      assertTrue(share.giveBack(lease, false));
    }
    assertEquals(1, sent.size(), "one message: " + sent);
    assertEquals(lent.stream().map(Lease::id).collect(Collectors.toSet()), new HashSet<>(returned()));
    assertEquals(4, share.wanted(), "the next block is sized by the last one's peak (4)");
  }

  @Test
  void aRetiredBlocksFreeLeasesGoBackAtOnceAndTheRestAsTheirRequestsEnd() {
    List<Lease> lent = block(8);
    Lease first = share.accept(device, lent, 0, HOLD);
    Lease second = share.take(device, 1);
    share.sweep(HOLD - 1);
    assertEquals(List.of(), sent, "not due yet");
    share.sweep(HOLD);
    assertEquals(1, sent.size());
    assertEquals(6, sent.get(0).size(), "the six free ones at once");
    assertTrue(share.giveBack(first, false));
    assertEquals(1, sent.size(), "one still in use: the rest waits for it");
    assertTrue(share.giveBack(second, false));
    assertEquals(2, sent.size());
    assertEquals(lent.stream().map(Lease::id).sorted().toList(), returned().stream().sorted().toList(),
      "every lease back exactly once");
    assertFalse(share.giveBack(first, false), "a lease already back is not the share's");
  }

  @Test
  void aLeaseOfAnotherBlockOrNodeIsNotTheShares() {
    share.accept(device, block(4), 0, HOLD);
    assertFalse(share.giveBack(new Lease(-7, "sealed-0"), false), "a lease of this node's own owner");
    assertFalse(share.giveBack(new Lease(5, "sealed-0"), false), "one the share never had");
    assertEquals(List.of(), sent);
  }

  @Test
  void aRejectedLeaseRetiresItsBlockAndIsLeftToTheCallerToReport() {
    List<Lease> lent = block(4);
    Lease first = share.accept(device, lent, 0, HOLD);
    Lease second = share.take(device, 1);
    assertTrue(share.giveBack(first, true));
    assertNull(share.take(device, 2), "after a 401 no lease of that block is lent again");
    assertEquals(List.of(List.of(lent.get(2).id(), lent.get(3).id())), sent.stream()
      .map(ids -> ids.stream().sorted().toList()).toList(), "the free ones back at once, not the rejected one");
    assertTrue(share.giveBack(second, false));
    assertEquals(Set.of(lent.get(1).id(), lent.get(2).id(), lent.get(3).id()), new HashSet<>(returned()));

    Lease fresh = share.accept(device, block(2), 3, HOLD);
    assertNotNull(fresh, "a new block after the 401");
    assertNotNull(share.take(device, 4));
  }

  @Test
  void aChangedRegistrationGetsNoLeaseOfTheOldOnes() {
    List<Lease> lent = block(4);
    Lease first = share.accept(device, lent, 0, HOLD);
    Device changed = device("d1");
    assertNull(share.take(changed, 1), "the block was lent for the registration before the change");
    assertEquals(3, returned().size(), "its free leases went back");
    Lease fresh = share.accept(changed, block(4), 2, HOLD);
    assertEquals(nextId - 4, fresh.id());
    assertTrue(share.giveBack(first, false), "the old block's lease still comes home");
    assertEquals(4, returned().size());
    assertTrue(returned().containsAll(lent.stream().map(Lease::id).toList()));
  }

  @Test
  void eventLoopsLendingAtOnceNeverShareALeaseAndLoseNone() throws InterruptedException {
    List<Lease> lent = block(LeaseShare.MAX_BLOCK);
    ConcurrentLinkedQueue<List<Long>> back = new ConcurrentLinkedQueue<>();
    LeaseShare share = new LeaseShare(back::add);
    long now = 0;
    share.giveBack(share.accept(device, lent, now, 60_000), false);
    Set<Long> inUse = ConcurrentHashMap.newKeySet();
    AtomicInteger doubleLent = new AtomicInteger();
    AtomicInteger served = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(3);
    for (int t = 0; t < 3; t++) {
      new Thread(() -> {
        for (int i = 0; i < 100_000; i++) {
          Lease lease = share.take(device, 1);
          if (lease == null) {
            continue;
          }
          if (!inUse.add(lease.id())) {
            doubleLent.incrementAndGet();
          }
          served.incrementAndGet();
          inUse.remove(lease.id());
          share.giveBack(lease, false);
        }
        done.countDown();
      }).start();
    }
    done.await();
    assertEquals(0, doubleLent.get(), "a lease lent to two requests at once");
    assertTrue(served.get() > 100_000, "served " + served.get());
    share.sweep(60_000);
    assertEquals(lent.stream().map(Lease::id).sorted().toList(),
      back.stream().flatMap(List::stream).sorted().toList(), "every lease back exactly once");
  }
}
