package io.sessiongate.deviceproxy.client;

import io.sessiongate.core.fleet.Device;
import io.sessiongate.deviceproxy.registry.CredentialCipher;
import io.sessiongate.deviceproxy.owner.DeviceProxyVerticle;
import io.sessiongate.deviceproxy.owner.LocalShards;
import io.sessiongate.core.bus.WireErrors;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.bus.Contexts;
import io.sessiongate.deviceproxy.owner.ShardMessages.GiveBack;
import io.sessiongate.deviceproxy.owner.ShardMessages.Lease;
import io.sessiongate.deviceproxy.owner.ShardMessages.LeaseBlock;
import io.sessiongate.deviceproxy.owner.ShardMessages.LeaseRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The client side of {@link BmcSessions}: borrows a pooled BMC session for one request from the node that
 * owns the device and gives it back. This node's own devices: a call ({@link LocalShards}). Another node's: from
 * this node's {@link LeaseShare} of the device, which the owner fills in blocks over the clustered bus and which
 * goes back in blocks, so that most requests send no message at all. While a shard has no owner (its node just
 * died, or handed it over), a lease is retried for up to {@code waitForOwnerMillis} before the client gets 503.
 */
final class SessionLeases {
  private static final long RETRY_MILLIS = 200;
  /** How long a block of another node's leases is used before it goes back (at most; see holdMillis). */
  private static final long HOLD_MILLIS = 1_000;
  private static final long SWEEP_MILLIS = 250;

  /** Opened tokens by sealed token: a pooled session is lent thousands of times, and sealed once. */
  private static final int OPENED_KEPT = 4096;

  private final Vertx vertx;
  private final LocalShards local;
  private final CredentialCipher cipher;
  private final Map<String, String> opened = new ConcurrentHashMap<>();
  private final Map<String, LeaseShare> shares = new ConcurrentHashMap<>();
  /** Blocks asked of another node and not answered yet, by device: a request that finds none free waits for it. */
  private final Map<String, Future<LeaseBlock>> asking = new ConcurrentHashMap<>();
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private final Counter blocksAsked;
  private final Counter blockLeases;
  private final int shards;
  private final long waitForOwnerMillis;

  SessionLeases(Vertx vertx, CredentialCipher cipher, int shards, long waitForOwnerMillis, MeterRegistry meters) {
    this.vertx = vertx;
    this.local = LocalShards.of(vertx);
    this.cipher = cipher;
    this.shards = shards;
    this.waitForOwnerMillis = waitForOwnerMillis;
    this.blocksAsked = Counter.builder("sessiongate.deviceproxy.lease.blocks")
      .description("Blocks of BMC session leases asked of the node that owns the device (another node)")
      .register(meters);
    this.blockLeases = Counter.builder("sessiongate.deviceproxy.lease.blocks.leases")
      .description("Leases lent in those blocks, each for one request").register(meters);
  }

  Future<Lease> lease(Device device) {
    Promise<Lease> promise = Promise.promise();
    attempt(device, System.currentTimeMillis() + waitForOwnerMillis, promise);
    // A request that waited for a block another one asked for is answered on the asker's loop: back to its own.
    return Contexts.here(promise.future());
  }

  private void attempt(Device device, long giveUpAt, Promise<Lease> promise) {
    int shard = DeviceProxyVerticle.shardOf(device.id(), shards);
    LocalShards.Owner here = local.owner(shard);
    if (here != null) {
      LeaseShare share = shares.get(device.id());
      if (share != null) {
        // The shard moved to this node: what the old owner lent goes back to it (it ignores what it forgot).
        share.retire();
      }
      answer(device, giveUpAt, promise, here.lend(device));
      return;
    }
    LeaseShare share = shares.computeIfAbsent(device.id(), id -> new LeaseShare(ids -> send(id, ids, false)));
    startSweeping();
    Lease shared = share.take(device, System.currentTimeMillis());
    if (shared != null) {
      promise.complete(shared);
      return;
    }
    Future<LeaseBlock> pending = asking.get(device.id());
    if (pending != null) {
      pending.onComplete(done -> {
        Lease freed = share.take(device, System.currentTimeMillis());
        if (freed != null) {
          promise.complete(freed);
        } else {
          askBlock(device, shard, share, giveUpAt, promise);
        }
      });
      return;
    }
    askBlock(device, shard, share, giveUpAt, promise);
  }

  private void askBlock(Device device, int shard, LeaseShare share, long giveUpAt, Promise<Lease> promise) {
    blocksAsked.increment();
    Future<LeaseBlock> block = vertx.eventBus().<LeaseBlock>request(DeviceProxyVerticle.address(shard),
        new LeaseRequest(device.id(), share.wanted()),
        new DeliveryOptions().setSendTimeout(DeviceProxyVerticle.leaseTimeoutMillis(device)))
      .map(Message::body);
    asking.put(device.id(), block);
    block.onComplete(done -> asking.remove(device.id(), block));
    answer(device, giveUpAt, promise, block.map(leases -> {
      blockLeases.increment(leases.leases().size());
      return share.accept(device, leases.leases(), System.currentTimeMillis(), holdMillis(device));
    }));
  }

  /** Well within the owner's lapse of a lease (twice the device's timeout), with a request's own time to run. */
  private static long holdMillis(Device device) {
    return Math.min(HOLD_MILLIS, device.timeoutMillis() / 2);
  }

  private void answer(Device device, long giveUpAt, Promise<Lease> promise, Future<Lease> asked) {
    asked
      .onSuccess(promise::complete)
      .onFailure(err -> {
        // No consumer (the shard is moving), or one on a node that cannot be reached (it just died).
        boolean noOwner = err instanceof ReplyException reply && (reply.failureType() == ReplyFailure.NO_HANDLERS
          || reply.failureType() == ReplyFailure.ERROR || reply.failureCode() == DeviceProxyVerticle.NOT_OWNER);
        if (noOwner && System.currentTimeMillis() + RETRY_MILLIS < giveUpAt) {
          vertx.setTimer(RETRY_MILLIS, id -> attempt(device, giveUpAt, promise));
        } else if (noOwner) {
          promise.fail(ApiError.unavailable("No node of the gateway holds the sessions of device " + device.id()
            + " right now (its owner is moving); retry shortly.", 2));
        } else if (err instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
          promise.fail(ApiError.unavailable("The node that holds the sessions of device " + device.id()
            + " did not answer in time; retry shortly.", 1));
        } else {
          promise.fail(WireErrors.decode(err));
        }
      });
  }

  /** Blocks held past their time go back even when no request comes to notice. */
  private void startSweeping() {
    if (sweeping.compareAndSet(false, true)) {
      // A share stays in the map once made (a few dozen bytes per device read through this node): removing an
      // empty one would race a block being put into it.
      vertx.setPeriodic(SWEEP_MILLIS, timer -> shares.values().forEach(share -> share.sweep(System.currentTimeMillis())));
    }
  }

  /** The node stops: what it holds of other nodes' leases goes back now, not when their owners would lapse it. */
  void close() {
    shares.values().forEach(LeaseShare::retire);
  }

  /** The BMC token of a lease, for the request's X-Auth-Token; null for a device reached with HTTP Basic. */
  Future<String> token(Device device, Lease lease) {
    if (lease.basic()) {
      return Future.succeededFuture();
    }
    String token = opened.get(lease.sealedToken());
    if (token == null) {
      try {
        token = cipher.open(device.id(), lease.sealedToken());
      } catch (IllegalStateException otherKey) {
        return Future.failedFuture(ApiError.of(ApiError.Reason.BAD_GATEWAY, "The node that holds the sessions of "
          + "device " + device.id() + " seals them with another devices.credential-key than this node's; every "
          + "node of the cluster needs the same key."));
      }
      if (opened.size() >= OPENED_KEPT) {
        // Sessions come and go slowly; starting over now and then bounds the map without bookkeeping.
        opened.clear();
      }
      opened.put(lease.sealedToken(), token);
    }
    return Future.succeededFuture(token);
  }

  /** The request is over; {@code rejected}: the BMC answered it 401, so the session is no good. */
  void giveBack(Device device, Lease lease, boolean rejected) {
    LeaseShare share = shares.get(device.id());
    if (share != null && share.giveBack(lease, rejected)) {
      if (rejected) {
        send(device.id(), List.of(lease.id()), true);
      }
      return;
    }
    LocalShards.Owner here = local.owner(DeviceProxyVerticle.shardOf(device.id(), shards));
    if (here != null) {
      here.takeBack(device, lease, rejected);
    } else {
      send(device.id(), List.of(lease.id()), rejected);
    }
  }

  private void send(String deviceId, List<Long> leaseIds, boolean rejected) {
    vertx.eventBus().send(DeviceProxyVerticle.address(DeviceProxyVerticle.shardOf(deviceId, shards)),
      new GiveBack(deviceId, leaseIds, rejected));
  }
}
