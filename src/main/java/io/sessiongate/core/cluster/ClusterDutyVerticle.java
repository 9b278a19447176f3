package io.sessiongate.core.cluster;

import io.sessiongate.core.storage.Storage;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyFailure;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
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
 * duty it holds it asks the declarer for a run right away and then every period ({@link PeriodicDuty}); for
 * each claim it tells the declarer when it holds it and, before giving the lock back, that it no longer does
 * ({@link Claim}). On stop it releases every claim (waiting for the declarers) and then gives up every lock,
 * so other nodes take over at their next check.
 *
 * <p>Each duty is in one {@link DutyState}; this class makes the moves (take, give back, lose) and the duty
 * says what holding it means. Advisory locks count re-entries, which is why a duty is taken only when FREE
 * and given back only in order (RELEASING), never both at once.
 *
 * <p>Claims of one group (the shards of the device proxy, say) are spread evenly ({@link ClaimGroup}): a node
 * holds at most {@code ceil(claims / contenders)} of them, where contenders are the clustered nodes that
 * declared claims of the group and whose coordinator holds a live lock connection ({@link DutyLocks#contenders}).
 * Claims of a group are taken one at a time, so a node's attempts at claims that others hold do not fill its
 * share before it tries the free ones. A node that joins takes its share as the others give back their
 * surplus; a node that dies leaves its claims to the survivors, whose share grows. Whether this node shares
 * its claims at all is decided once ({@link ClaimSharing}).
 *
 * <p>Address {@link #DUTIES}: {@link DutyMessages.Declaration} / {@link DutyMessages.Withdrawal} -> null.
 * Address {@code sessiongate.cluster.duty.<name>} (served by the declarer, see {@link ClusterDuty}):
 * {@link DutyMessages.Run} / {@link DutyMessages.Release} -> null once acted upon.
 */
public final class ClusterDutyVerticle extends VerticleBase {
  public static final String DUTIES = "sessiongate.cluster.duties";
  private static final Logger LOG = Duty.LOG;
  static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true).setSendTimeout(30_000);

  private final Storage storage;
  private final Duration checkEvery;
  private final boolean clustered;
  private final Map<String, Duty> declared = new LinkedHashMap<>();
  private final Map<String, ClaimGroup> groups = new LinkedHashMap<>();
  private volatile Set<String> held = Set.of();
  private DutyLocks locks;
  private ClaimSharing sharing;
  private MessageConsumer<?> consumer;
  private long checkTimer;
  private boolean checking;
  private boolean stopped;

  /**
   * {@code clustered}: this node shares an event bus with the others. Claims are shared only then: a claim is
   * ownership that other nodes reach over the event bus, so a node on its own (one PostgreSQL shared by nodes
   * that are not clustered, say) holds every claim it declares. Periodic duties are shared either way.
   */
  public ClusterDutyVerticle(Storage storage, Duration checkEvery, boolean clustered) {
    this.storage = storage;
    this.checkEvery = checkEvery;
    this.clustered = clustered;
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
    sharing = ClaimSharing.of(clustered, locks);
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
    List<Future<Void>> lettingGo = new ArrayList<>();
    for (Duty duty : declared.values()) {
      if (duty.is(DutyState.HELD)) {
        released.add(duty.name());
        duty.moveTo(DutyState.FREE);
        lettingGo.add(duty.letGo(vertx));
      }
    }
    held = Set.of();
    // Declarers stop acting on their claims first; then closing the lock connection releases every lock at
    // once. A periodic run under way finishes on its own.
    return Future.join(lettingGo)
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
    Duty duty = declaration.claim()
      ? groups.computeIfAbsent(declaration.group(), group -> new ClaimGroup(group, sharing)).declare(declaration.name())
      : new PeriodicDuty(declaration.name(), declaration.period(), locks);
    declared.put(duty.name(), duty);
    compete(duty);
    return Future.succeededFuture();
  }

  private Future<Void> withdraw(String name) {
    Duty duty = declared.remove(name);
    if (duty == null) {
      return Future.succeededFuture();
    }
    Future<Void> released = duty.is(DutyState.HELD) ? release(duty, "withdrawn") : Future.succeededFuture();
    if (duty instanceof Claim claim && claim.group().withdraw(claim)) {
      // The group's last claim here: this node no longer takes a share, so it no longer counts as a contender.
      groups.remove(claim.group().name());
      return released.transform(v -> claim.group().leave());
    }
    return released;
  }

  private void compete(Duty duty) {
    if (duty instanceof Claim claim) {
      takeShare(claim.group());
    } else {
      take(duty);
    }
  }

  private void check() {
    if (checking) {
      return;
    }
    checking = true;
    Future<Void> confirmed = declared.values().stream().anyMatch(this::heldOnLockConnection)
      ? locks.confirm().timeout(bound(), TimeUnit.MILLISECONDS)
      : Future.succeededFuture();
    confirmed
      .recover(err -> {
        // A holder that cannot prove it still holds its locks stops running the duties; closing the
        // connection makes sure PostgreSQL lets the other nodes have them.
        dropAll("it could not confirm its locks: " + err.getMessage());
        return locks.close();
      })
      .compose(v -> Future.join(groups.values().stream().map(group -> group.countContenders(bound())).toList())
        .<Void>mapEmpty().otherwiseEmpty())
      .onComplete(v -> {
        groups.values().forEach(this::giveBackSurplus);
        declared.values().stream().filter(duty -> !duty.is(DutyState.HELD)).toList().forEach(this::compete);
        checking = false;
      });
  }

  /** How long a lock query may take before the check gives up on it. */
  private long bound() {
    return checkEvery.toMillis() * 2;
  }

  private void giveBackSurplus(ClaimGroup group) {
    for (Claim claim : group.surplus()) {
      release(claim, "more than this node's share of " + group.name() + " with " + group.contenders() + " nodes");
    }
  }

  /** Takes free claims of {@code group} one at a time until this node holds its share. */
  private void takeShare(ClaimGroup group) {
    if (!stopped && group.startAcquiring()) {
      // Counting first (and so joining the group) keeps a node that joins from taking every free claim.
      Future<Void> counted = group.counted() ? Future.succeededFuture() : group.countContenders(bound());
      counted.onComplete(v -> takeNextClaim(group, new HashSet<>()));
    }
  }

  private void takeNextClaim(ClaimGroup group, Set<Claim> tried) {
    Claim next = stopped ? null : group.nextToTake(tried);
    if (next == null) {
      group.doneAcquiring();
      return;
    }
    tried.add(next);
    take(next).onComplete(done -> takeNextClaim(group, tried));
  }

  /** Tries to take the duty's lock; completes once it is known whether this node holds it (a claim: taken up). */
  private Future<Void> take(Duty duty) {
    if (stopped || !duty.is(DutyState.FREE)) {
      return Future.succeededFuture();
    }
    duty.moveTo(DutyState.ACQUIRING);
    return duty.locks().tryAcquire(duty.name()).<Void>transform(result -> {
      if (result.failed() || !result.result()) {
        duty.moveTo(DutyState.FREE);
        if (result.failed()) {
          LOG.debug("could not compete for the cluster duty {}: {}", duty.name(), result.cause().getMessage());
        }
        return Future.succeededFuture();
      }
      if (stopped || declared.get(duty.name()) != duty) {
        // Withdrawn (or stopping) while the lock was being taken: give it back rather than sit on it.
        return duty.locks().release(duty.name()).andThen(done -> duty.moveTo(DutyState.FREE));
      }
      duty.moveTo(DutyState.HELD);
      publishHeld();
      duty.logHeld();
      return duty.takeUp(vertx).recover(err -> duty.is(DutyState.HELD)
        ? release(duty, "its holder could not take it up: " + err.getMessage())
        : Future.succeededFuture());
    });
  }

  /** Stops holding {@code duty}: a claim's declarer is told and answers before the lock goes back. */
  private Future<Void> release(Duty duty, String why) {
    duty.moveTo(DutyState.RELEASING);
    publishHeld();
    LOG.info("released the cluster duty {} ({})", duty.name(), why);
    return duty.letGo(vertx)
      .transform(v -> duty.locks().release(duty.name()))
      .andThen(done -> duty.moveTo(DutyState.FREE));
  }

  /** Held by a lock on this node's lock connection: not a claim that a node on its own keeps to itself. */
  private boolean heldOnLockConnection(Duty duty) {
    return duty.is(DutyState.HELD) && duty.locks() == locks;
  }

  private void dropAll(String why) {
    groups.values().forEach(ClaimGroup::forgetContenders);
    List<String> dropped = new ArrayList<>();
    for (Duty duty : declared.values()) {
      if (heldOnLockConnection(duty)) {
        duty.moveTo(DutyState.FREE);
        dropped.add(duty.name());
        // Too late to release in order: the lock is already gone. A claim's declarer stops acting on it now.
        duty.letGo(vertx);
      }
    }
    if (!dropped.isEmpty()) {
      publishHeld();
      LOG.warn("this node no longer holds the cluster duties {}: {}", dropped, why);
    }
  }

  private void publishHeld() {
    Set<String> now = new TreeSet<>();
    declared.values().stream().filter(duty -> duty.is(DutyState.HELD)).forEach(duty -> now.add(duty.name()));
    held = Set.copyOf(now);
  }
}
