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
 * Every {@code cluster.duty-check-seconds} it confirms that the locks it holds are still its own, gives back
 * the claims it holds beyond its share, and tries to take the declared duties nobody holds. For each periodic
 * duty it holds it asks the declarer for a run right away and then every period; for each claim it tells the
 * declarer when it holds it and, before giving the lock back, that it no longer does. On stop it releases
 * every claim (waiting for the declarers) and then gives up every lock, so other nodes take over at their
 * next check.
 *
 * <p>Claims of one group (the shards of the device proxy, say) are spread evenly: a node holds at most
 * {@code ceil(claims / contenders)} of them, where contenders are the clustered nodes that declared claims of
 * the group and whose coordinator holds a live lock connection ({@link DutyLocks#contenders}). A node that
 * joins takes its share as the others give back their surplus; a node that dies leaves its claims to the survivors, whose share grows.
 *
 * <p>Address {@link #DUTIES}: {@link DutyMessages.Declaration} / {@link DutyMessages.Withdrawal} -> null.
 * Address {@code sessiongate.cluster.duty.<name>} (served by the declarer, see {@link ClusterDuty}):
 * {@link DutyMessages.Run} / {@link DutyMessages.Release} -> null once acted upon.
 */
public final class ClusterDutyVerticle extends VerticleBase {
  public static final String DUTIES = "sessiongate.cluster.duties";
  private static final Logger LOG = LoggerFactory.getLogger(ClusterDutyVerticle.class);
  private static final long MIN_RUN_TIMEOUT_MILLIS = 30_000;
  static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true).setSendTimeout(30_000);
  /** A declarer releasing a claim logs out of what it holds: give it a while, not forever. */
  private static final DeliveryOptions RELEASE = new DeliveryOptions(LOCAL).setSendTimeout(10_000);

  private final Storage storage;
  private final Duration checkEvery;
  private final Map<String, Duty> declared = new LinkedHashMap<>();
  private volatile Set<String> held = Set.of();
  private DutyLocks locks;
  private MessageConsumer<?> consumer;
  private long checkTimer;
  private boolean checking;
  private boolean stopped;
  private final boolean claimsShared;
  /** Per group of claims, the nodes that share it, as last counted. */
  private final Map<String, Integer> contenders = new java.util.HashMap<>();
  private final Set<String> acquiringGroups = new java.util.HashSet<>();

  private static final class Duty {
    final String name;
    final Duration period;
    final String group;
    boolean held;
    boolean acquiring;
    boolean releasing;
    boolean running;
    long timer = -1;

    Duty(DutyMessages.Declaration declaration) {
      this.name = declaration.name();
      this.period = declaration.period();
      this.group = declaration.group();
    }

    boolean claim() {
      return group != null;
    }
  }

  /**
   * {@code clustered}: this node shares an event bus with the others. Claims are shared only then: a claim is
   * ownership that other nodes reach over the event bus, so a node on its own (one PostgreSQL shared by nodes
   * that are not clustered, say) holds every claim it declares. Periodic duties are shared either way.
   */
  public ClusterDutyVerticle(Storage storage, Duration checkEvery, boolean clustered) {
    this.storage = storage;
    this.checkEvery = checkEvery;
    this.claimsShared = clustered;
  }

  public static String runAddress(String duty) {
    return "sessiongate.cluster.duty." + duty;
  }

  /** The duties and claims this node holds now (safe from any thread). */
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
    List<Future<Void>> claimsReleased = new ArrayList<>();
    for (Duty duty : declared.values()) {
      if (duty.held) {
        released.add(duty.name);
        duty.held = false;
        vertx.cancelTimer(duty.timer);
        if (duty.claim()) {
          claimsReleased.add(tellReleased(duty));
        }
      }
    }
    held = Set.of();
    // Declarers stop acting on their claims first; then closing the lock connection releases every lock at
    // once. A periodic run under way finishes on its own.
    return Future.join(claimsReleased)
      .transform(v -> consumer.unregister())
      .eventually(locks::close)
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
    Duty duty = new Duty(declaration);
    declared.put(duty.name, duty);
    acquire(duty);
    return Future.succeededFuture();
  }

  private Future<Void> withdraw(String name) {
    Duty duty = declared.remove(name);
    Future<Void> released = duty == null || !duty.held ? Future.succeededFuture() : release(duty, "withdrawn");
    if (duty != null && duty.claim() && claimsShared
      && declared.values().stream().noneMatch(d -> duty.group.equals(d.group))) {
      // The group's last claim here: this node no longer takes a share, so it no longer counts as a contender.
      contenders.remove(duty.group);
      return released.transform(v -> locks.leaveGroup(duty.group).otherwiseEmpty());
    }
    return released;
  }

  /** Stops holding {@code duty}: a claim's declarer is told and answers before the lock goes back. */
  private Future<Void> release(Duty duty, String why) {
    duty.held = false;
    duty.releasing = true;
    vertx.cancelTimer(duty.timer);
    publishHeld();
    LOG.info("released the cluster duty {} ({})", duty.name, why);
    Future<Void> told = duty.claim() ? tellReleased(duty) : Future.succeededFuture();
    return told.transform(v -> unlock(duty)).andThen(done -> duty.releasing = false);
  }

  private Future<Void> unlock(Duty duty) {
    return duty.claim() && !claimsShared ? Future.succeededFuture() : locks.release(duty.name);
  }

  private Future<Void> tellReleased(Duty duty) {
    return vertx.eventBus().request(runAddress(duty.name), new DutyMessages.Release(duty.name), RELEASE)
      .<Void>mapEmpty()
      .onFailure(err -> LOG.warn("the holder of the cluster claim {} did not confirm its release: {}", duty.name,
        err.getMessage()))
      .otherwiseEmpty();
  }

  private void check() {
    if (checking) {
      return;
    }
    checking = true;
    boolean holdsAny = declared.values().stream().anyMatch(d -> d.held && (claimsShared || !d.claim()));
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
      .compose(v -> countContenders())
      .onComplete(v -> {
        giveBackSurplus();
        declared.values().stream().filter(d -> !d.held).toList().forEach(this::acquire);
        checking = false;
      });
  }

  private Future<Void> countContenders() {
    if (!claimsShared) {
      return Future.succeededFuture();
    }
    return Future.join(declared.values().stream().filter(Duty::claim).map(d -> d.group).distinct()
      .map(this::countContenders).toList()).<Void>mapEmpty().otherwiseEmpty();
  }

  private Future<Void> countContenders(String group) {
    return locks.contenders(group)
      .timeout(checkEvery.toMillis() * 2, TimeUnit.MILLISECONDS)
      .onSuccess(count -> contenders.put(group, count))
      .onFailure(err -> LOG.debug("could not count the contenders for {}: {}", group, err.getMessage()))
      .<Void>mapEmpty()
      .otherwiseEmpty();
  }

  /** This node's share of a group: the claims divided by the contenders, rounded up. */
  private int share(String group) {
    if (!claimsShared) {
      return Integer.MAX_VALUE;
    }
    long claims = declared.values().stream().filter(d -> group.equals(d.group)).count();
    // Counted at least 1 (this node), and taken as 1 until counted.
    int sharing = contenders.getOrDefault(group, 1);
    return (int) ((claims + sharing - 1) / sharing);
  }

  private long holding(String group) {
    return declared.values().stream().filter(d -> group.equals(d.group) && d.held).count();
  }

  private void giveBackSurplus() {
    declared.values().stream().filter(Duty::claim).map(d -> d.group).distinct().forEach(group -> {
      List<Duty> heldClaims = declared.values().stream().filter(d -> group.equals(d.group) && d.held).toList();
      int surplus = heldClaims.size() - share(group);
      for (int i = 0; i < surplus; i++) {
        release(heldClaims.get(heldClaims.size() - 1 - i), "more than this node's share of " + group + " with "
          + contenders.get(group) + " nodes");
      }
    });
  }

  private void acquire(Duty duty) {
    if (duty.claim()) {
      acquireClaims(duty.group);
    } else {
      take(duty);
    }
  }

  /**
   * Takes free claims of {@code group} one at a time until this node holds its share: tried in parallel, the
   * first attempts (at claims other nodes hold) would fill the share and the free ones would never be tried.
   */
  private void acquireClaims(String group) {
    if (!stopped && acquiringGroups.add(group)) {
      // Counting first (and so joining the group) keeps a node that joins from taking every free claim.
      Future<Void> counted = contenders.containsKey(group) || !claimsShared ? Future.succeededFuture()
        : countContenders(group);
      counted.onComplete(v -> takeNextClaim(group, new java.util.HashSet<>()));
    }
  }

  private void takeNextClaim(String group, Set<String> tried) {
    Duty next = stopped || holding(group) >= share(group) ? null : declared.values().stream()
      .filter(d -> group.equals(d.group) && !d.held && !d.releasing && !tried.contains(d.name))
      .findFirst().orElse(null);
    if (next == null) {
      acquiringGroups.remove(group);
      return;
    }
    tried.add(next.name);
    take(next).onComplete(done -> takeNextClaim(group, tried));
  }

  /** Tries to take the duty's lock; completes once it is known whether this node holds it. */
  private Future<Void> take(Duty duty) {
    if (duty.acquiring || duty.releasing || duty.held || stopped) {
      // Advisory locks count re-entries: a second acquisition in flight would need two releases.
      return Future.succeededFuture();
    }
    duty.acquiring = true;
    Future<Boolean> locked = duty.claim() && !claimsShared ? Future.succeededFuture(true) : locks.tryAcquire(duty.name);
    return locked.<Void>transform(result -> {
      duty.acquiring = false;
      if (result.failed()) {
        LOG.debug("could not compete for the cluster duty {}: {}", duty.name, result.cause().getMessage());
        return Future.succeededFuture();
      }
      if (!result.result()) {
        return Future.succeededFuture();
      }
      if (stopped || declared.get(duty.name) != duty) {
        // Withdrawn (or stopping) while the lock was being taken: give it back rather than sit on it.
        return unlock(duty);
      }
      duty.held = true;
      publishHeld();
      if (duty.claim() && !claimsShared) {
        // A node on its own holds every claim it declares: nothing moved, so nothing worth a line each.
        LOG.debug("this node holds the cluster claim {}", duty.name);
      } else {
        LOG.info("this node now holds the cluster duty {}", duty.name);
      }
      if (duty.claim()) {
        return run(duty).recover(err -> duty.held
          ? release(duty, "its holder could not take it up: " + err.getMessage())
          : Future.succeededFuture());
      }
      run(duty);
      duty.timer = vertx.setPeriodic(duty.period.toMillis(), id -> run(duty));
      return Future.succeededFuture();
    });
  }

  private Future<Void> run(Duty duty) {
    // A claim's take-up is always sent: one still under way belongs to an earlier holding (released and taken
    // again since), and the declarer acts on its messages in order.
    if (!duty.held || (duty.running && !duty.claim())) {
      return Future.succeededFuture();
    }
    duty.running = true;
    long timeout = duty.period == null ? MIN_RUN_TIMEOUT_MILLIS : Math.max(MIN_RUN_TIMEOUT_MILLIS, duty.period.toMillis());
    return vertx.eventBus().request(runAddress(duty.name), new DutyMessages.Run(duty.name),
        new DeliveryOptions(LOCAL).setSendTimeout(timeout))
      .<Void>mapEmpty()
      .andThen(done -> {
        duty.running = false;
        if (done.failed()) {
          LOG.warn("the cluster duty {} failed: {}", duty.name, done.cause().getMessage());
        }
      });
  }

  private void dropAll(String why) {
    // A new lock connection has joined no group yet: count again (and so join) before taking claims.
    contenders.clear();
    List<String> dropped = new ArrayList<>();
    for (Duty duty : declared.values()) {
      if (duty.held && (claimsShared || !duty.claim())) {
        duty.held = false;
        vertx.cancelTimer(duty.timer);
        dropped.add(duty.name);
        if (duty.claim()) {
          // Too late to release in order: the lock is already gone. The declarer stops acting on it now.
          tellReleased(duty);
        }
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
