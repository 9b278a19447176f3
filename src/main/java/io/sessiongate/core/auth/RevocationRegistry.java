package io.sessiongate.core.auth;

import io.sessiongate.core.cluster.ClusterDuty;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * This node's view of every revocation in force, kept current by the {@link RevocationStore} feed, so
 * checking a token costs two hash lookups and no database round trip.
 */
public final class RevocationRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(RevocationRegistry.class);
  private static final long PRUNE_EVERY_MILLIS = 60_000;
  /** Deleting expired revocations from the store is done by one node of the cluster at a time. */
  public static final String PRUNE_DUTY = "revocations.prune";

  private final RevocationStore store;
  private final long maxTokenAgeMillis;
  private final Clock clock;
  private final ConcurrentMap<String, Long> revokedSessions = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Long> userNotBefore = new ConcurrentHashMap<>();
  private final List<Consumer<Revocation>> observers = new CopyOnWriteArrayList<>();
  private final List<Runnable> gapObservers = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private long forgetTimer;
  private ClusterDuty pruning;

  public RevocationRegistry(RevocationStore store, long maxTokenAgeMillis, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.maxTokenAgeMillis = maxTokenAgeMillis;
  }

  /**
   * Subscribes to the feed, then loads what is already in force. Each node forgets expired revocations from its
   * own memory; pruning them from the store is the cluster duty {@link #PRUNE_DUTY}.
   */
  public Future<Void> start(Vertx vertx) {
    this.vertx = vertx;
    forgetTimer = vertx.setPeriodic(PRUNE_EVERY_MILLIS, id -> forgetExpired(clock.millis()));
    Runnable resync = () -> gapObservers.forEach(Runnable::run);
    onFeedGap(() -> reload()
      .onFailure(err -> LOG.warn("could not reload revocations after a reconnect: {}", err.getMessage())));
    return store.subscribe(this::apply, resync).compose(v -> reload()).compose(v -> declarePruning());
  }

  private Future<Void> declarePruning() {
    return ClusterDuty.declare(vertx, PRUNE_DUTY, Duration.ofMillis(PRUNE_EVERY_MILLIS),
        () -> store.prune(clock.millis()))
      .onSuccess(duty -> pruning = duty)
      // The identity core also runs without a gateway around it (tools, tests): nothing prunes the store then.
      .otherwise(err -> {
        LOG.warn("expired revocations will not be pruned from the store by this node: no cluster duty "
          + "coordinator took the duty ({})", err.getMessage());
        return null;
      })
      .mapEmpty();
  }

  /** Stops forgetting and pruning (the node is shutting down). */
  public Future<Void> stop() {
    if (vertx != null) {
      vertx.cancelTimer(forgetTimer);
    }
    return pruning == null ? Future.succeededFuture() : pruning.withdraw();
  }

  private Future<Void> reload() {
    return store.active(clock.millis(), maxTokenAgeMillis)
      .onSuccess(list -> list.forEach(this::apply))
      .mapEmpty();
  }

  /** Revokes everywhere; succeeds once the revocation is durable. */
  public Future<Void> revoke(Revocation revocation) {
    apply(revocation);
    return store.publish(revocation);
  }

  /** Tells every node (this one at once) that what caches hold about a login or session is out of date. */
  public Future<Void> announce(Revocation notice) {
    return revoke(notice);
  }

  /**
   * Called for every revocation and change notice, local or from another node (caches drop what they hold
   * for it).
   */
  public void onRevocation(Consumer<Revocation> observer) {
    observers.add(observer);
  }

  /** Called whenever the feed may have missed notices (its connection came back): caches drop everything. */
  public void onFeedGap(Runnable observer) {
    gapObservers.add(observer);
  }

  void apply(Revocation revocation) {
    if (revocation.kind().revokes()) {
      ConcurrentMap<String, Long> map = revocation.kind() == Revocation.Kind.SESSION ? revokedSessions : userNotBefore;
      map.merge(revocation.key(), revocation.at(), Math::max);
    }
    observers.forEach(o -> o.accept(revocation));
  }

  public boolean isRevoked(Principal principal) {
    if (principal.sessionId() != null && revokedSessions.containsKey(principal.sessionId())) {
      return true;
    }
    Long notBefore = userNotBefore.get(principal.login());
    return notBefore != null && principal.issuedAtMillis() < notBefore;
  }

  /** True when credentials of {@code login} verified at {@code verifiedAtMillis} no longer count. */
  public boolean isUserRevokedSince(String login, long verifiedAtMillis) {
    Long notBefore = userNotBefore.get(login);
    return notBefore != null && verifiedAtMillis < notBefore;
  }

  private void forgetExpired(long now) {
    revokedSessions.values().removeIf(expires -> expires < now);
    userNotBefore.values().removeIf(notBefore -> notBefore < now - maxTokenAgeMillis);
  }
}
