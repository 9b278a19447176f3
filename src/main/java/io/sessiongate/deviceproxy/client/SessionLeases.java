package io.sessiongate.deviceproxy.client;

import io.sessiongate.core.fleet.Device;
import io.sessiongate.deviceproxy.registry.CredentialCipher;
import io.sessiongate.deviceproxy.owner.DeviceProxyVerticle;
import io.sessiongate.deviceproxy.owner.LocalShards;
import io.sessiongate.core.bus.WireErrors;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.deviceproxy.owner.ShardMessages.GiveBack;
import io.sessiongate.deviceproxy.owner.ShardMessages.Lease;
import io.sessiongate.deviceproxy.owner.ShardMessages.LeaseRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client side of {@link BmcSessions}: borrows a pooled BMC session for one request from the node that
 * owns the device (this one, by a call on the owner's event loop: {@link LocalShards}; or another, over the
 * clustered bus) and gives it back. While a shard has no owner (its node just died,
 * or handed it over), a lease is retried for up to {@code waitForOwnerMillis} before the client gets 503.
 */
final class SessionLeases {
  private static final long RETRY_MILLIS = 200;

  /** Opened tokens by sealed token: a pooled session is lent thousands of times, and sealed once. */
  private static final int OPENED_KEPT = 4096;

  private final Vertx vertx;
  private final LocalShards local;
  private final CredentialCipher cipher;
  private final Map<String, String> opened = new ConcurrentHashMap<>();
  private final int shards;
  private final long waitForOwnerMillis;

  SessionLeases(Vertx vertx, CredentialCipher cipher, int shards, long waitForOwnerMillis) {
    this.vertx = vertx;
    this.local = LocalShards.of(vertx);
    this.cipher = cipher;
    this.shards = shards;
    this.waitForOwnerMillis = waitForOwnerMillis;
  }

  Future<Lease> lease(Device device) {
    Promise<Lease> promise = Promise.promise();
    attempt(device, System.currentTimeMillis() + waitForOwnerMillis, promise);
    return promise.future();
  }

  private void attempt(Device device, long giveUpAt, Promise<Lease> promise) {
    int shard = DeviceProxyVerticle.shardOf(device.id(), shards);
    LocalShards.Owner here = local.owner(shard);
    Future<Lease> asked = here != null ? here.lend(device) : vertx.eventBus().<Lease>request(
      DeviceProxyVerticle.address(shard), new LeaseRequest(device.id()),
      new DeliveryOptions().setSendTimeout(DeviceProxyVerticle.leaseTimeoutMillis(device))).map(Message::body);
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
    int shard = DeviceProxyVerticle.shardOf(device.id(), shards);
    LocalShards.Owner here = local.owner(shard);
    if (here != null) {
      here.takeBack(device, lease, rejected);
    } else {
      vertx.eventBus().send(DeviceProxyVerticle.address(shard), new GiveBack(device.id(), lease.id(), rejected));
    }
  }
}
