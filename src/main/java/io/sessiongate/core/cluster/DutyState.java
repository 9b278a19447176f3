package io.sessiongate.core.cluster;

import java.util.Set;

/**
 * Where this node stands with one duty (periodic or claim). One state rather than flags: a duty is never
 * both being taken and being given back, and the only ways between the states are listed here.
 *
 * <pre>
 *   FREE --take--> ACQUIRING --lock granted--> HELD --give back--> RELEASING --unlocked--> FREE
 *                  ACQUIRING --not granted, or withdrawn meanwhile--> FREE
 *                                              HELD --lock connection lost, or the node stops--> FREE
 * </pre>
 */
enum DutyState {
  /** Not this node's; it may try to take it. */
  FREE,
  /**
   * Its lock is being asked for. Nothing else may ask meanwhile: advisory locks count re-entries, so a second
   * acquisition in flight would need two releases.
   */
  ACQUIRING,
  /** This node's: a periodic duty runs here, a claim's declarer acts on it. */
  HELD,
  /**
   * Being given back in order: the declarer of a claim lets go, then the lock is released. Not taken again
   * until then.
   */
  RELEASING;

  /**
   * The states this one may become. HELD becomes FREE without releasing when there is no lock left to release
   * in order: its connection died, or it is about to close with every lock at once as the node stops.
   */
  Set<DutyState> next() {
    return switch (this) {
      case FREE -> Set.of(ACQUIRING);
      case ACQUIRING -> Set.of(HELD, FREE);
      case HELD -> Set.of(RELEASING, FREE);
      case RELEASING -> Set.of(FREE);
    };
  }
}
