package io.sessiongate.core.cluster;

import io.sessiongate.core.storage.Storage;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * This node's side of the cluster duties (one instance per node, deployed before anything declares a duty).
 * Every {@code cluster.duty-check-seconds} it confirms that the locks it holds are still its own and tries to
 * take the declared duties nobody holds; for each duty it holds it asks the declarer for a run right away and
 * then every period. On stop it gives up every lock, so another node takes the duties over at its next check.
 *
 * <p>Address {@link #DUTIES}: {@link DutyMessages.Declaration} / {@link DutyMessages.Withdrawal} -> null.
 * Address {@code sessiongate.cluster.duty.<name>} (served by the declarer, see {@link ClusterDuty}):
 * {@link DutyMessages.Run} -> null once the run is over.
 */
public final class ClusterDutyVerticle extends VerticleBase {
  public static final String DUTIES = "sessiongate.cluster.duties";
  private static final Logger LOG = LoggerFactory.getLogger(ClusterDutyVerticle.class);
  private static final long MIN_RUN_TIMEOUT_MILLIS = 30_000;
  static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true).setSendTimeout(30_000);

  private final Storage storage;
  private final Duration checkEvery;
  private final Map<String, Duty> declared = new LinkedHashMap<>();
  private volatile Set<String> held = Set.of();
  private DutyLocks locks;
  private MessageConsumer<?> consumer;
  private long checkTimer;
  private boolean checking;
  private boolean stopped;

  private static final class Duty {
    final String name;
    final Duration period;
    boolean held;
    boolean acquiring;
    boolean running;
    long timer = -1;

    Duty(String name, Duration period) {
      this.name = name;
      this.period = period;
    }
  }

  public ClusterDutyVerticle(Storage storage, Duration checkEvery) {
    this.storage = storage;
    this.checkEvery = checkEvery;
  }

  public static String runAddress(String duty) {
    return "sessiongate.cluster.duty." + duty;
  }

  /** The duties this node holds now (safe from any thread). */
  public Set<String> held() {
    return held;
  }

  @Override
  public Future<?> start() {
    locks = DutyLocks.create(vertx, storage);
    locks.onLost(() -> dropAll("its lock connection to PostgreSQL closed"));
    consumer = vertx.eventBus().localConsumer(DUTIES, message -> {
      Object body = message.body();
      Future<Void> done;
      if (body instanceof DutyMessages.Declaration declaration) {
        done = declare(declaration);
      } else if (body instanceof DutyMessages.Withdrawal withdrawal) {
        done = withdraw(withdrawal.name());
      } else {
        done = Future.failedFuture("not a duty message: " + body);
      }
      // A refusal is a programming error of the declarer: it gets the reason, not an API error.
      done.onComplete(result -> {
        if (result.succeeded()) {
          message.reply(null);
        } else {
          message.fail(ReplyFailure.RECIPIENT_FAILURE.toInt(), result.cause().getMessage());
        }
      });
    });
    checkTimer = vertx.setPeriodic(checkEvery.toMillis(), id -> check());
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(checkTimer);
    List<String> released = new ArrayList<>();
    for (Duty duty : declared.values()) {
      if (duty.held) {
        released.add(duty.name);
        duty.held = false;
        vertx.cancelTimer(duty.timer);
      }
    }
    held = Set.of();
    // Closing the lock connection releases every lock at once; a run under way finishes on its own.
    return consumer.unregister().eventually(locks::close)
      .onSuccess(v -> {
        if (!released.isEmpty()) {
          LOG.info("released the cluster duties {}", released);
        }
      });
  }

  private Future<Void> declare(DutyMessages.Declaration declaration) {
    if (declared.containsKey(declaration.name())) {
      return Future.failedFuture(new IllegalStateException("the cluster duty '" + declaration.name()
        + "' is declared twice on this node"));
    }
    Duty duty = new Duty(declaration.name(), declaration.period());
    declared.put(duty.name, duty);
    acquire(duty);
    return Future.succeededFuture();
  }

  private Future<Void> withdraw(String name) {
    Duty duty = declared.remove(name);
    if (duty == null || !duty.held) {
      return Future.succeededFuture();
    }
    duty.held = false;
    vertx.cancelTimer(duty.timer);
    publishHeld();
    LOG.info("released the cluster duty {}", name);
    return locks.release(name);
  }

  private void check() {
    if (checking) {
      return;
    }
    checking = true;
    boolean holdsAny = declared.values().stream().anyMatch(d -> d.held);
    Future<Void> confirmed = holdsAny
      ? locks.confirm().timeout(checkEvery.toMillis() * 2, TimeUnit.MILLISECONDS)
      : Future.succeededFuture();
    confirmed
      .recover(err -> {
        // A holder that cannot prove it still holds its locks stops running the duties; closing the
        // connection makes sure PostgreSQL lets the other nodes have them.
        dropAll("it could not confirm its locks: " + err.getMessage());
        return locks.close();
      })
      .onComplete(v -> {
        declared.values().stream().filter(d -> !d.held).toList().forEach(this::acquire);
        checking = false;
      });
  }

  private void acquire(Duty duty) {
    if (duty.acquiring) {
      // Advisory locks count re-entries: a second acquisition in flight would need two releases.
      return;
    }
    duty.acquiring = true;
    locks.tryAcquire(duty.name).onComplete(result -> {
      duty.acquiring = false;
      if (result.failed()) {
        LOG.debug("could not compete for the cluster duty {}: {}", duty.name, result.cause().getMessage());
        return;
      }
      if (!result.result()) {
        return;
      }
      if (stopped || declared.get(duty.name) != duty) {
        // Withdrawn (or stopping) while the lock was being taken: give it back rather than sit on it.
        locks.release(duty.name);
        return;
      }
      duty.held = true;
      publishHeld();
      LOG.info("this node now holds the cluster duty {}", duty.name);
      run(duty);
      duty.timer = vertx.setPeriodic(duty.period.toMillis(), id -> run(duty));
    });
  }

  private void run(Duty duty) {
    if (!duty.held || duty.running) {
      return;
    }
    duty.running = true;
    DeliveryOptions options = new DeliveryOptions(LOCAL)
      .setSendTimeout(Math.max(MIN_RUN_TIMEOUT_MILLIS, duty.period.toMillis()));
    vertx.eventBus().request(runAddress(duty.name), new DutyMessages.Run(duty.name), options)
      .onComplete(done -> {
        duty.running = false;
        if (done.failed()) {
          LOG.warn("the cluster duty {} failed: {}", duty.name, done.cause().getMessage());
        }
      });
  }

  private void dropAll(String why) {
    List<String> dropped = new ArrayList<>();
    for (Duty duty : declared.values()) {
      if (duty.held) {
        duty.held = false;
        vertx.cancelTimer(duty.timer);
        dropped.add(duty.name);
      }
    }
    if (!dropped.isEmpty()) {
      publishHeld();
      LOG.warn("this node no longer holds the cluster duties {}: {}", dropped, why);
    }
  }

  private void publishHeld() {
    Set<String> now = new TreeSet<>();
    declared.values().stream().filter(d -> d.held).forEach(d -> now.add(d.name));
    held = Set.copyOf(now);
  }
}
