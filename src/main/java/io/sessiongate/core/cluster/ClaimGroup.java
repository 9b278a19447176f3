package io.sessiongate.core.cluster;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The claims of one group (the shards of the device proxy, say) that this node declared, and its share of
 * them: at most {@code ceil(claims / contenders)}, where contenders are the nodes sharing the group now
 * ({@link DutyLocks#contenders}), this one included. Until counted, the contenders are taken as 1.
 */
final class ClaimGroup {
  private final String name;
  private final ClaimSharing sharing;
  /** In declaration order: claims are taken first to last and given back last to first. */
  private final List<Claim> claims = new ArrayList<>();
  /** Null until counted (again, once a new lock connection has joined no group yet). */
  private Integer contenders;
  private boolean acquiring;

  ClaimGroup(String name, ClaimSharing sharing) {
    this.name = name;
    this.sharing = sharing;
  }

  String name() {
    return name;
  }

  ClaimSharing sharing() {
    return sharing;
  }

  Claim declare(String claim) {
    Claim declared = new Claim(claim, this);
    claims.add(declared);
    return declared;
  }

  /** True when that was the group's last claim here. */
  boolean withdraw(Claim claim) {
    claims.remove(claim);
    return claims.isEmpty();
  }

  boolean counted() {
    return contenders != null;
  }

  /** Counts the contenders (joining the group on the way); a failed count keeps the last one. */
  Future<Void> countContenders(long boundMillis) {
    return sharing.locks().contenders(name)
      .timeout(boundMillis, TimeUnit.MILLISECONDS)
      .onSuccess(this::contenders)
      .onFailure(err -> Duty.LOG.debug("could not count the contenders for {}: {}", name, err.getMessage()))
      .<Void>mapEmpty()
      .otherwiseEmpty();
  }

  void contenders(int count) {
    contenders = Math.max(1, count);
  }

  /** The lock connection was replaced: the new one has joined no group, so count (and join) again first. */
  void forgetContenders() {
    contenders = null;
  }

  /** This node no longer takes a share, so it no longer counts as a contender. */
  Future<Void> leave() {
    contenders = null;
    return sharing.locks().leaveGroup(name).otherwiseEmpty();
  }

  int share() {
    int nodes = contenders == null ? 1 : contenders;
    return (claims.size() + nodes - 1) / nodes;
  }

  private long holding() {
    return claims.stream().filter(claim -> claim.is(DutyState.HELD)).count();
  }

  /** The claims held beyond the share, the last declared first. */
  List<Claim> surplus() {
    List<Claim> held = claims.stream().filter(claim -> claim.is(DutyState.HELD)).toList();
    List<Claim> beyond = new ArrayList<>(held.subList(Math.min(share(), held.size()), held.size()));
    Collections.reverse(beyond);
    return beyond;
  }

  /** The first free claim not {@code tried} yet, while this node holds less than its share; else null. */
  Claim nextToTake(Set<Claim> tried) {
    if (holding() >= share()) {
      return null;
    }
    return claims.stream().filter(claim -> claim.is(DutyState.FREE) && !tried.contains(claim)).findFirst()
      .orElse(null);
  }

  /** False when an acquisition is already under way: claims of a group are taken one at a time. */
  boolean startAcquiring() {
    if (acquiring) {
      return false;
    }
    acquiring = true;
    return true;
  }

  void doneAcquiring() {
    acquiring = false;
  }

  /** The contenders as last counted, for the log ("null" when not counted). */
  Integer contenders() {
    return contenders;
  }
}
