package io.sessiongate.core.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyFailure;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Work that must happen once per cluster (an expiry sweep, pruning a table), run every {@code period} by the
 * one node that holds the duty, and taken over by another node when the holder dies or stops. With the
 * in-process store the node is alone and holds every duty.
 *
 * <p>The work runs on the event loop of whoever declared it (a session verticle's, typically), like
 * {@code SessionVerticle.every}; the next run waits until the future of the previous one completes. A holder
 * that dies mid-run leaves the run unfinished, and a node can lose its lock while a run is under way, so a
 * duty must be safe to run again and, briefly, twice at once (a conditional DELETE is; "send one e-mail" is
 * not).
 */
public final class ClusterDuty {
  /** A live coordinator answers at once; one that is stopping may drop the message, so do not wait long. */
  private static final DeliveryOptions WITHDRAWAL = new DeliveryOptions(ClusterDutyVerticle.LOCAL).setSendTimeout(1_000);
  private final Vertx vertx;
  private final String name;
  private final MessageConsumer<DutyMessages.Run> runs;

  private ClusterDuty(Vertx vertx, String name, MessageConsumer<DutyMessages.Run> runs) {
    this.vertx = vertx;
    this.name = name;
    this.runs = runs;
  }

  /**
   * Declares the duty to this node's {@link ClusterDutyVerticle}; call it from the context the work must run
   * on. Fails when the name is already declared on this node.
   */
  public static Future<ClusterDuty> declare(Vertx vertx, String name, Duration period, Supplier<Future<?>> work) {
    MessageConsumer<DutyMessages.Run> runs = vertx.eventBus().localConsumer(ClusterDutyVerticle.runAddress(name),
      message -> {
        Future<?> run;
        try {
          run = work.get();
        } catch (RuntimeException e) {
          run = Future.failedFuture(e);
        }
        run.onComplete(done -> {
          if (done.succeeded()) {
            message.reply(null);
          } else {
            message.fail(ReplyFailure.RECIPIENT_FAILURE.toInt(), String.valueOf(done.cause().getMessage()));
          }
        });
      });
    return runs.completion()
      .compose(v -> vertx.eventBus().request(ClusterDutyVerticle.DUTIES, new DutyMessages.Declaration(name, period),
        ClusterDutyVerticle.LOCAL))
      .map(v -> new ClusterDuty(vertx, name, runs))
      .recover(err -> runs.unregister().transform(v -> Future.failedFuture(err)));
  }

  public String name() {
    return name;
  }

  /** This node stops competing for the duty (and releases it if it held it). */
  public Future<Void> withdraw() {
    // The coordinator may already be gone (it stops first when the node shuts down, releasing everything).
    return vertx.eventBus().request(ClusterDutyVerticle.DUTIES, new DutyMessages.Withdrawal(name), WITHDRAWAL)
      .<Void>mapEmpty()
      .otherwiseEmpty()
      .compose(v -> runs.unregister());
  }
}
