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
  private final MessageConsumer<Object> runs;

  private final Holding holding;

  private ClusterDuty(Vertx vertx, String name, MessageConsumer<Object> runs, Holding holding) {
    this.vertx = vertx;
    this.name = name;
    this.runs = runs;
    this.holding = holding;
  }

  /** The declarer's side: its actions in order (a release waits for a take-up under way), and whether it holds a claim. */
  private static final class Holding {
    final Supplier<Future<?>> release;
    Future<?> previous = Future.succeededFuture();
    boolean held;

    Holding(Supplier<Future<?>> release) {
      this.release = release;
    }

    Future<?> then(Supplier<Future<?>> action) {
      previous = previous.transform(ignored -> {
        try {
          return action.get();
        } catch (RuntimeException e) {
          return Future.failedFuture(e);
        }
      });
      return previous;
    }
  }

  /**
   * Declares the duty to this node's {@link ClusterDutyVerticle}; call it from the context the work must run
   * on. Fails when the name is already declared on this node.
   */
  public static Future<ClusterDuty> declare(Vertx vertx, String name, Duration period, Supplier<Future<?>> work) {
    return declare(vertx, new DutyMessages.Declaration(name, period, null), work, Future::succeededFuture);
  }

  /**
   * Declares a claim: something one node of the cluster owns at a time (a shard of the devices, say) for as
   * long as it lives, rather than runs now and then. {@code held} runs when this node takes the claim up (the
   * claim is not this node's until its future succeeds); {@code released} runs before the claim goes to
   * another node (this node leaves, or gives back its surplus when another node joins), and the claim moves
   * once its future completes. A node that dies releases nothing: its claims move when PostgreSQL notices.
   * The claims of one {@code group} are spread evenly over the nodes. Both run on the caller's context, one
   * after the other.
   */
  public static Future<ClusterDuty> claim(Vertx vertx, String group, String name, Supplier<Future<?>> held,
                                          Supplier<Future<?>> released) {
    return declare(vertx, new DutyMessages.Declaration(name, null, group), held, released);
  }

  private static Future<ClusterDuty> declare(Vertx vertx, DutyMessages.Declaration declaration,
                                             Supplier<Future<?>> work, Supplier<Future<?>> release) {
    Holding holding = new Holding(declaration.claim() ? release : null);
    MessageConsumer<Object> runs = vertx.eventBus().localConsumer(ClusterDutyVerticle.runAddress(declaration.name()),
      message -> {
        boolean releasing = message.body() instanceof DutyMessages.Release;
        Future<?> run = holding.then(releasing ? release : work);
        holding.held = declaration.claim() && !releasing;
        run.onComplete(done -> {
          if (done.succeeded()) {
            message.reply(null);
          } else {
            message.fail(ReplyFailure.RECIPIENT_FAILURE.toInt(), String.valueOf(done.cause().getMessage()));
          }
        });
      });
    return runs.completion()
      .compose(v -> vertx.eventBus().request(ClusterDutyVerticle.DUTIES, declaration, ClusterDutyVerticle.LOCAL))
      .map(v -> new ClusterDuty(vertx, declaration.name(), runs, holding))
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
      .recover(gone -> {
        // Nobody will tell this claim's holder to let go: it does so itself.
        if (holding.held) {
          holding.held = false;
          return holding.then(holding.release).<Void>mapEmpty().otherwiseEmpty();
        }
        return Future.succeededFuture();
      })
      .compose(v -> runs.unregister());
  }
}
