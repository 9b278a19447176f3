package io.sessiongate.core.cluster;

import io.sessiongate.core.api.LocalMessage;

import java.time.Duration;

/** The messages of {@link ClusterDutyVerticle#DUTIES} and of each duty's run address. */
final class DutyMessages {
  private DutyMessages() {
  }

  /**
   * A duty this node can take: the coordinator competes for it. A periodic duty ({@code period} set) is asked
   * for a run each period while held; a claim ({@code group} set, no period) is told when it is held and when
   * it is released, and the coordinator spreads the claims of a group evenly over the nodes.
   */
  record Declaration(String name, Duration period, String group) implements LocalMessage {
    boolean claim() {
      return group != null;
    }
  }

  /** The declarer no longer runs the duty (its verticle stops); the coordinator releases it. */
  record Withdrawal(String name) implements LocalMessage {
  }

  /** Run the duty once now (a claim: this node holds it from now on); the reply says the run is over. */
  record Run(String name) implements LocalMessage {
  }

  /** A claim: this node no longer holds it; the reply says the declarer stopped acting on it. */
  record Release(String name) implements LocalMessage {
  }
}
