package io.sessiongate.core.cluster;

import io.sessiongate.core.bus.LocalMessage;

import java.time.Duration;

/** The messages of {@link ClusterDutyVerticle#DUTIES} and of each duty's run address. */
final class DutyMessages {
  private DutyMessages() {
  }

  /** A duty this node can run: the coordinator competes for it and, while it holds it, asks for a run each period. */
  record Declaration(String name, Duration period) implements LocalMessage {
  }

  /** The declarer no longer runs the duty (its verticle stops); the coordinator releases it. */
  record Withdrawal(String name) implements LocalMessage {
  }

  /** Run the duty once now; the reply says the run is over. */
  record Run(String name) implements LocalMessage {
  }
}
