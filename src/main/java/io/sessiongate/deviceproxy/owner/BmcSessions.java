package io.sessiongate.deviceproxy.owner;

import io.sessiongate.core.fleet.Device;
import io.sessiongate.deviceproxy.registry.DeviceRegistry;
import io.sessiongate.deviceproxy.bmc.DeviceClient;
import io.sessiongate.deviceproxy.bmc.BmcLogin;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.deviceproxy.owner.BmcSessionPool.BmcSession;
import io.vertx.core.Future;
import io.sessiongate.deviceproxy.owner.ShardMessages.Lease;
import io.sessiongate.deviceproxy.owner.ShardMessages.PoolStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The BMC sessions of one device, held by the one node of the cluster that owns the device: its pool (at
 * most {@code maxSessions}, logged in one at a time), and the leases it hands out. A lease lends one session
 * to one client request, which any node then sends to the BMC itself; the lease comes back when the answer
 * is in, marked rejected when the BMC answered 401. Leases outstanding are the device's requests in flight
 * across the cluster: past {@code maxConcurrentRequests} times {@link DeviceClient#QUEUED_PER_SLOT} + 1 the
 * device answers 503 (its bulkhead). A lease not given back (its node died) lapses after twice the device's
 * timeout. Lives on the owning verticle's event loop, but for {@link #lendQuick} and {@link #takeBackQuick}: a
 * caller on another event loop of the owner's node borrows a session that is there without a hop to the owner's
 * loop and back (the owner still logs in, drops and sweeps).
 */
public final class BmcSessions {
  private static final Logger LOG = LoggerFactory.getLogger(BmcSessions.class);
  /** How long before the BMC's own SessionTimeout an idle session is replaced (see learnSessionTimeout). */
  private static final long MAX_EXPIRY_MARGIN_MILLIS = 30_000;
  private static final long MIN_EXPIRY_MARGIN_MILLIS = 2_000;

  private record Lent(BmcSession session, long lapsesAt) {
  }

  private static final AtomicLong GENERATIONS = new AtomicLong();

  private final DeviceClient client;
  private final DeviceRegistry registry;
  private final String password;
  private final BmcSessionRecords records;
  private final BmcSessionPool pool;
  private final BmcLogin login;
  /** SESSION or BASIC; null while an auto device is not probed yet (or is to be probed again). */
  private volatile Device.Auth auth;
  private Future<Device.Auth> probing;
  private int bmcSessionTimeoutSeconds;
  /** The owner's leases: asked over the bus, or on this node while no session was there to take. */
  private final Map<Long, Lent> lent = new HashMap<>();
  /** Random start: a lease given back late, to a new owner of the device, matches none of its own. */
  private long nextLease = ThreadLocalRandom.current().nextLong() >>> 2;
  /** Leases out (the owner's and the quick ones) and leases waiting for a session: the bulkhead counts these. */
  private final AtomicInteger outstanding = new AtomicInteger();
  /**
   * Quick leases carry {@code -generation} as their id (the owner's ids are positive): one given back after the
   * device's sessions were closed and opened again is not counted against the new ones.
   */
  private final long generation = GENERATIONS.incrementAndGet();
  /** Closed (the shard moved, or the device changed): a login still under way is logged out when it lands. */
  private volatile boolean closed;

  BmcSessions(DeviceClient client, DeviceRegistry registry, BmcSessionRecords records) {
    this.client = client;
    this.registry = registry;
    this.password = registry.password(client.device());
    this.records = records;
    this.pool = new BmcSessionPool(client.device().maxSessions(), this::login, this::logout);
    this.login = client.login();
    this.auth = client.device().effectiveAuth();
  }

  /** Adopts the sessions a previous owner of the device wrote down (it died holding them). */
  Future<BmcSessions> adoptLeftovers() {
    return records.recall(device().id()).map(left -> {
      pool.adopt(left, System.currentTimeMillis()).forEach(this::logout);
      if (!left.isEmpty()) {
        LOG.info("device {}: adopted {} BMC session(s) a previous owner left", device().id(), pool.size());
      }
      return this;
    }).otherwise(err -> {
      LOG.warn("device {}: could not read the BMC sessions a previous owner left: {}", device().id(), err.getMessage());
      return this;
    });
  }

  DeviceClient client() {
    return client;
  }

  Device device() {
    return client.device();
  }

  Future<Lease> lease() {
    Device device = client.device();
    if (closed) {
      return Future.failedFuture(DeviceProxyVerticle.notOwner(device.id()));
    }
    if (!reserve(device)) {
      return Future.failedFuture(ApiError.unavailable("Device " + device.id() + " has " + limit(device)
        + " requests in flight or queued, its limit; retry shortly.", 1));
    }
    return session().onFailure(err -> outstanding.decrementAndGet()).map(this::lent)
      .recover(err -> Future.failedFuture(err instanceof BmcLogin.Refused refused ? refused.error : err));
  }

  /**
   * Up to {@code wanted} leases, for another node to lend to its requests: the first as {@link #lease()} gives it
   * (it may wait for a login), the others of the sessions there once it is in, while the bulkhead has room.
   */
  Future<List<Lease>> lease(int wanted) {
    return lease().map(first -> {
      List<Lease> block = new ArrayList<>(Math.max(1, wanted));
      block.add(first);
      Device device = client.device();
      while (block.size() < wanted && !closed && reserve(device)) {
        if (first.basic()) {
          block.add(lent(null));
          continue;
        }
        BmcSession session = pool.acquireHeld();
        if (session == null) {
          outstanding.decrementAndGet();
          break;
        }
        block.add(lent(session));
      }
      return block;
    });
  }

  private Lease lent(BmcSession session) {
    long id = ++nextLease;
    lent.put(id, new Lent(session, System.currentTimeMillis() + 2L * client.device().timeoutMillis()));
    return new Lease(id, session == null ? null : session.sealedToken());
  }

  /**
   * From any event loop of this node: a lease of a session that is there, or of HTTP Basic, with nothing for the
   * owner to do; null when the owner must answer ({@link #lease}): {@code device} is not the registration these
   * sessions are for, the device is at its bulkhead, or no session is free to take.
   */
  Lease lendQuick(Device device) {
    Device.Auth way = auth;
    if (closed || way == null || device != client.device() || !reserve(device)) {
      return null;
    }
    if (way == Device.Auth.BASIC) {
      return new Lease(-generation, null);
    }
    BmcSession session = pool.tryAcquire(System.currentTimeMillis());
    if (session == null) {
      outstanding.decrementAndGet();
      return null;
    }
    return new Lease(-generation, session.sealedToken());
  }

  static boolean isQuick(long leaseId) {
    return leaseId < 0;
  }

  /**
   * From any event loop: the request on a {@link #lendQuick} lease is over. True when the owner has to hear of
   * it too ({@link #rejected}: the BMC answered 401).
   */
  boolean takeBackQuick(Lease lease, boolean rejected) {
    if (lease.id() != -generation) {
      return false;
    }
    outstanding.decrementAndGet();
    if (!lease.basic()) {
      pool.releaseQuick(lease.sealedToken(), System.currentTimeMillis(), rejected);
    }
    return rejected && !lease.basic();
  }

  /** On the owner's loop: the BMC answered 401 on the session of a quick lease. */
  void rejected(Lease lease) {
    BmcSession session = pool.bySealedToken(lease.sealedToken());
    if (session != null) {
      LOG.debug("device {} answered 401 on a pooled session: the next lease logs in again", device().id());
      pool.invalidate(session);
      records.forget(device().id(), session);
    }
  }

  private static int limit(Device device) {
    return device.maxConcurrentRequests() * (1 + DeviceClient.QUEUED_PER_SLOT);
  }

  /** One more lease out or waiting, unless the device is at its limit. */
  private boolean reserve(Device device) {
    if (outstanding.incrementAndGet() > limit(device)) {
      outstanding.decrementAndGet();
      return false;
    }
    return true;
  }

  /** A pooled session, or null when the device takes HTTP Basic. */
  private Future<BmcSession> session() {
    return way().compose(way -> way == Device.Auth.BASIC ? Future.succeededFuture(null) : pool.acquire()
      .recover(err -> {
        if (err instanceof BmcLogin.Refused refused && refused.refusal == BmcLogin.Refusal.NO_SESSION_SERVICE
          && device().auth() == Device.Auth.AUTO) {
          // The login said what the service root did not: this BMC takes Basic only.
          return found(Device.Auth.BASIC, "its login said it has no SessionService").map(basic -> (BmcSession) null);
        }
        return Future.failedFuture(err);
      }));
  }

  /** How the device is logged in to: as registered, or as a probe of an auto device finds (once). */
  private Future<Device.Auth> way() {
    if (auth != null) {
      return Future.succeededFuture(auth);
    }
    if (probing != null) {
      return probing;
    }
    Future<Device.Auth> attempt = login.knownServiceRoot().compose(root -> found(root.sessions() == null ? Device.Auth.BASIC
      : Device.Auth.SESSION, root.sessions() == null ? "its service root has no Links.Sessions"
      : "its service root offers sessions at " + root.sessions()));
    probing = attempt;
    // Cleared once over (a failed probe is tried again by the next request); set first, as it may be over already.
    attempt.onComplete(done -> {
      if (probing == attempt) {
        probing = null;
      }
    });
    return attempt;
  }

  /** Probes an auto device again (it was just registered or changed). */
  Future<Device.Auth> probe() {
    if (device().auth() != Device.Auth.AUTO) {
      return Future.succeededFuture(device().auth());
    }
    if (probing == null) {
      auth = null;
      login.forgetServiceRoot();
    }
    return way();
  }

  private Future<Device.Auth> found(Device.Auth way, String why) {
    auth = way;
    LOG.info("device {}: reached with {} ({})", device().id(), way == Device.Auth.BASIC ? "HTTP Basic" : "BMC sessions",
      why);
    return registry.recordProbe(device(), way, System.currentTimeMillis())
      .onFailure(err -> LOG.warn("device {}: could not write down how it is reached: {}", device().id(), err.getMessage()))
      .otherwiseEmpty().map(way);
  }

  /** What the pool holds now, for GET /admin/devices/{id}. */
  PoolStatus status() {
    return new PoolStatus(pool.maxSessions(), pool.effective(), pool.size(), outstanding.get(), bmcSessionTimeoutSeconds);
  }

  /** The request that held lease {@code id} is over; {@code rejected}: the BMC answered it 401. */
  void giveBack(long id, boolean rejected) {
    Lent lease = lent.remove(id);
    if (lease == null) {
      return;
    }
    outstanding.decrementAndGet();
    if (lease.session() == null) {
      return;
    }
    pool.release(lease.session(), System.currentTimeMillis());
    if (rejected) {
      LOG.debug("device {} answered 401 on a pooled session: the next lease logs in again", device().id());
      pool.invalidate(lease.session());
      records.forget(device().id(), lease.session());
    }
  }

  /** Takes back the leases whose requests should long be over (their node died before giving them back). */
  void lapse(long now) {
    lent.entrySet().removeIf(entry -> {
      if (entry.getValue().lapsesAt() > now) {
        return false;
      }
      outstanding.decrementAndGet();
      pool.release(entry.getValue().session(), now);
      return true;
    });
  }

  /** Logs out of sessions unused since {@code idleSinceMillis}. */
  void logoutIdle(long idleSinceMillis) {
    long beforeBmcExpiry = System.currentTimeMillis() - pool.replaceIdleAfterMillis();
    pool.takeIdle(Math.max(idleSinceMillis, beforeBmcExpiry)).forEach(this::logout);
  }

  /** Logs out of every session. */
  Future<Void> close() {
    closed = true;
    lent.clear();
    return Future.join(pool.takeAll().stream().map(this::logout).toList()).mapEmpty();
  }

  private Future<BmcSession> login() {
    Device device = client.device();
    return login.knownServiceRoot().compose(root -> {
      // Links.Sessions, not a fixed path; an unreadable root (or a session device whose root names none) gets the
      // standard one, and the login says whether it is there.
      String sessions = root.sessions() != null ? root.sessions() : BmcLogin.STANDARD_SESSIONS;
      return login.login(sessions, device.username(), password).map(opened -> {
        BmcSession session = records.opened(device.id(), opened.token(), opened.location());
        if (closed) {
          // Landed after close(): never written down, so only the BMC has it to forget.
          client.logout(session.location(), session.token());
          throw DeviceProxyVerticle.notOwner(device.id());
        }
        records.remember(device.id(), session);
        if (bmcSessionTimeoutSeconds == 0) {
          learnSessionTimeout(root.sessionService() != null ? root.sessionService() : "/redfish/v1/SessionService",
            session);
        }
        return session;
      });
    }).onFailure(err -> {
      if (err instanceof BmcLogin.Refused refused) {
        LOG.warn("device {}: login refused ({}): {}", device.id(), refused.refusal, refused.error.getMessage());
      }
    });
  }

  /**
   * Reads the BMC's SessionTimeout (once) and has the pool replace sessions idle for most of it, so no request
   * ever carries a session the BMC has just expired.
   */
  private void learnSessionTimeout(String sessionService, BmcSession session) {
    login.sessionTimeout(sessionService, session.token()).onSuccess(seconds -> {
      if (seconds > 0) {
        bmcSessionTimeoutSeconds = seconds;
        long timeout = seconds * 1000L;
        // A quarter of the timeout before it (2 s at least, 30 s at most, never more than half of it): idle
        // sessions are logged out by the owner's once-a-second sweep well before the BMC expires them.
        long margin = Math.min(timeout / 2, Math.max(MIN_EXPIRY_MARGIN_MILLIS, Math.min(MAX_EXPIRY_MARGIN_MILLIS, timeout / 4)));
        pool.replaceIdleAfter(timeout - margin);
      }
    });
  }

  /** Done once the record is struck too: a node taking the device over must not adopt a session logged out. */
  private Future<Void> logout(BmcSession session) {
    return Future.join(records.forget(device().id(), session), client.logout(session.location(), session.token()))
      .mapEmpty();
  }
}
