package io.sessiongate.deviceproxy.client;

import io.sessiongate.core.fleet.Device;
import io.sessiongate.deviceproxy.owner.ShardMessages.Lease;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * This node's share of the leases of one device whose owner is another node: the owner lends them in blocks
 * ({@code LeaseRequest} with {@code wanted} > 1), this node lends them to its requests one at a time and gives
 * them back together, so a proxied request costs no event-bus message at all while the share lasts. A block is
 * used for {@code holdMillis} (well within the owner's lapse of twice the device's timeout), then retired: its
 * free leases go back at once, the others when their requests end, in one message. The next block is sized by
 * what the node used of the last one, so the leases it holds idle (which the device's bulkhead counts as in
 * flight) stay near its own peak. A 401 on one of them retires the block: the session it named is gone at the
 * BMC, and perhaps the others with it (the owner moved, or logged out of them). Thread-safe: every event loop of
 * the node leases from the same share.
 */
final class LeaseShare {
  static final int MIN_BLOCK = 4;
  static final int MAX_BLOCK = 64;

  private static final class Block {
    final Device device;
    final long returnBy;
    final ArrayDeque<Lease> free = new ArrayDeque<>();
    final Set<Long> ids = new HashSet<>();
    final List<Long> back = new ArrayList<>();
    int inUse;
    int peak;
    boolean retired;

    Block(Device device, long returnBy) {
      this.device = device;
      this.returnBy = returnBy;
    }
  }

  /** Sends leases back to the device's owner, in one message. */
  private final Consumer<List<Long>> giveBack;
  private Block current;
  private final List<Block> draining = new ArrayList<>();
  /** What the node had in use at most of the last block: the next one is asked at that size. */
  private int lastPeak;
  private int inUse;

  LeaseShare(Consumer<List<Long>> giveBack) {
    this.giveBack = giveBack;
  }

  /**
   * A free lease of {@code device}'s registration, or null: none is free, or the block is due to go back (its free
   * leases go back then) or is of an older registration.
   */
  synchronized Lease take(Device device, long now) {
    Block block = current;
    if (block == null) {
      return null;
    }
    if (block.device != device || now >= block.returnBy) {
      retire();
      return null;
    }
    Lease lease = block.free.pollFirst();
    if (lease != null) {
      use(block);
    }
    return lease;
  }

  /** How many leases to ask for when none is free: twice what is in use (at least the last block's peak). */
  synchronized int wanted() {
    return Math.max(MIN_BLOCK, Math.min(MAX_BLOCK, Math.max(2 * inUse + 1, lastPeak)));
  }

  /**
   * A block the owner lent: its first lease goes to the request that asked, the others are free to take, in the
   * current block when it is of the same registration (it keeps its time to go back), else in a new one.
   */
  synchronized Lease accept(Device device, List<Lease> leases, long now, long holdMillis) {
    Block block = current;
    if (block == null || block.device != device || now >= block.returnBy) {
      retire();
      block = current = new Block(device, now + holdMillis);
    }
    for (Lease lease : leases) {
      block.ids.add(lease.id());
    }
    for (int i = leases.size() - 1; i > 0; i--) {
      block.free.addFirst(leases.get(i));
    }
    use(block);
    return leases.get(0);
  }

  /**
   * The request on {@code lease} is over. False when the lease is not one of this share's (the caller gives it back
   * to the owner itself); {@code rejected}: the BMC answered 401, the block is retired and the caller still tells
   * the owner of this lease alone (so that it drops its session).
   */
  synchronized boolean giveBack(Lease lease, boolean rejected) {
    Block block = holding(lease.id());
    if (block == null) {
      return false;
    }
    block.inUse--;
    inUse--;
    if (rejected) {
      block.ids.remove(lease.id());
      if (block == current) {
        retire();
      }
    } else if (block.retired) {
      block.back.add(lease.id());
    } else {
      block.free.addFirst(lease);
    }
    if (block.retired && block.inUse == 0) {
      draining.remove(block);
      if (!block.back.isEmpty()) {
        giveBack.accept(List.copyOf(block.back));
      }
    }
    return true;
  }

  /** Retires the current block when it is due to go back. */
  synchronized void sweep(long now) {
    if (current != null && now >= current.returnBy) {
      retire();
    }
  }

  /** The current block goes back: its free leases now, the ones in use as their requests end. */
  synchronized void retire() {
    Block block = current;
    if (block == null) {
      return;
    }
    current = null;
    block.retired = true;
    lastPeak = block.peak;
    List<Long> free = new ArrayList<>(block.free.size());
    for (Lease lease : block.free) {
      free.add(lease.id());
    }
    block.free.clear();
    if (block.inUse > 0) {
      draining.add(block);
    }
    if (!free.isEmpty()) {
      giveBack.accept(free);
    }
  }

  private void use(Block block) {
    block.inUse++;
    inUse++;
    block.peak = Math.max(block.peak, block.inUse);
  }

  private Block holding(long id) {
    if (current != null && current.ids.contains(id)) {
      return current;
    }
    for (Block block : draining) {
      if (block.ids.contains(id)) {
        return block;
      }
    }
    return null;
  }
}
