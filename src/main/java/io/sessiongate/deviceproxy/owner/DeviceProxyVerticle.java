package io.sessiongate.deviceproxy.owner;

import io.sessiongate.deviceproxy.registry.DeviceProxySettings;
import io.sessiongate.deviceproxy.bmc.DeviceClients;
import io.sessiongate.core.fleet.Device;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.tracing.Tracing;
import io.sessiongate.core.bus.WireErrors;
import io.sessiongate.core.slice.SessionVerticle;
import io.sessiongate.deviceproxy.owner.ShardMessages.GiveBack;
import io.sessiongate.deviceproxy.owner.ShardMessages.Lease;
import io.sessiongate.deviceproxy.owner.ShardMessages.LeaseBlock;
import io.sessiongate.deviceproxy.owner.ShardMessages.LeaseRequest;
import io.sessiongate.deviceproxy.owner.ShardMessages.Probe;
import io.sessiongate.deviceproxy.owner.ShardMessages.StatusRequest;
import io.sessiongate.deviceproxy.owner.ShardMessages.ToOwner;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.sessiongate.core.bus.Contexts;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Owns the BMC sessions of the devices of its shards, one node of the cluster per shard. Devices are spread
 * over {@code devices.shards} shards by id; each shard is a cluster claim ({@code deviceproxy.shard.<k>}),
 * spread evenly over the nodes and taken over when its node dies or leaves; on a node, the shards are spread
 * over the verticle's instances, so a device's sessions live on exactly one event loop of the cluster and its
 * {@code maxSessions} holds cluster-wide.
 *
 * <p>The owner lends sessions ({@link BmcSessions}); it does not carry the traffic: the node a client reached
 * sends the request to the BMC itself, streaming, with the lent session's token.
 *
 * <p>Address {@code sessiongate.deviceproxy.shard.<k>} (clustered; the records of {@link ShardMessages}, JSON on
 * the wire): {@code LeaseRequest} (up to {@code wanted} leases) -> a {@code LeaseBlock} of one or more {@code Lease}s
 * (each a BMC token sealed with the credential key), a failure ({@link WireErrors}), or {@link #NOT_OWNER};
 * {@code GiveBack} of one or more leases (no reply); {@code Probe} (no reply: an auto
 * device is probed again, after its registration or a change); {@code StatusRequest} -> the {@code PoolStatus},
 * or null when this node holds no sessions of the device. Address {@link DeviceRegistry#CHANGED}: a device id
 * whose registration changed or was removed (published cluster-wide by the admin API).
 */
public final class DeviceProxyVerticle extends SessionVerticle {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeviceProxyVerticle.class);
  static final String CLAIMS = "deviceproxy";
  /** Failure code of a lease asked of a node that no longer owns the shard: the asker tries the new owner. */
  public static final int NOT_OWNER = -2;

  /** The failure a lease gets from a node that let the device's shard go (or is letting it go). */
  static ReplyException notOwner(String deviceId) {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, NOT_OWNER, "this node no longer holds the sessions "
      + "of device " + deviceId + " (its shard moved)");
  }

  private final int instance;
  private final int instances;
  private final int shards;
  private final DeviceClients clients;
  private final DeviceProxySettings settings;
  private final BmcSessionRecords records;
  private final Map<Integer, MessageConsumer<ToOwner>> owned = new HashMap<>();
  private final Map<String, Future<BmcSessions>> devices = new HashMap<>();
  /** The opened ones of {@code devices}, for callers on the node's other event loops (quick leases). */
  private final Map<String, BmcSessions> opened = new ConcurrentHashMap<>();
  private final LocalShards.Owner here = new LocalShards.Owner() {
    @Override
    public Future<Lease> lend(Device device) {
      BmcSessions sessions = opened.get(device.id());
      Lease quick = sessions == null ? null : sessions.lendQuick(device);
      return quick != null ? Future.succeededFuture(quick) : lendHere(device);
    }

    @Override
    public void takeBack(Device device, Lease lease, boolean rejected) {
      if (!BmcSessions.isQuick(lease.id())) {
        context.runOnContext(v -> giveBack(new GiveBack(device.id(), List.of(lease.id()), rejected)));
        return;
      }
      BmcSessions sessions = opened.get(device.id());
      if (sessions != null && sessions.takeBackQuick(lease, rejected)) {
        context.runOnContext(v -> sessions.rejected(lease));
      }
    }
  };
  private LocalShards local;
  private Context context;

  public DeviceProxyVerticle(int instance, int instances, DeviceClients clients, DeviceProxySettings settings,
                             BmcSessionRecords records) {
    this.records = records;
    this.instance = instance;
    this.instances = instances;
    this.shards = settings.shards();
    this.clients = clients;
    this.settings = settings;
  }

  public static String address(int shard) {
    return "sessiongate.deviceproxy.shard." + shard;
  }

  public static int shardOf(String deviceId, int shards) {
    return Math.floorMod(deviceId.hashCode(), shards);
  }

  @Override
  protected void serveAddresses() {
    context = vertx.getOrCreateContext();
    local = LocalShards.of(vertx);
    for (int shard = instance; shard < shards; shard += instances) {
      int mine = shard;
      claim(CLAIMS, CLAIMS + ".shard." + shard, () -> own(mine), () -> disown(mine));
    }
    clients.onChange(deviceId -> context.runOnContext(v -> drop(deviceId)));
    // Every second: a BMC with a short SessionTimeout needs its idle sessions replaced within a second or two.
    every(Duration.ofSeconds(1), () -> {
      long now = System.currentTimeMillis();
      long idleSince = now - settings.idleSessionSeconds() * 1000L;
      devices.values().stream().filter(Future::succeeded).map(Future::result).forEach(sessions -> {
        sessions.lapse(now);
        sessions.logoutIdle(idleSince);
      });
    });
  }

  @Override
  protected Future<Void> release() {
    if (local != null) {
      owned.keySet().forEach(shard -> local.disown(shard, here));
    }
    List<Future<Void>> closing = new ArrayList<>(owned.values().stream().map(MessageConsumer::unregister).toList());
    owned.clear();
    new ArrayList<>(devices.keySet()).forEach(id -> closing.add(drop(id)));
    return Future.join(closing).mapEmpty();
  }

  private Future<Void> own(int shard) {
    MessageConsumer<ToOwner> consumer = vertx.eventBus().consumer(address(shard), this::handle);
    owned.put(shard, consumer);
    local.own(shard, here);
    return consumer.completion();
  }

  /** Another node takes the shard over: stop answering for it, then log out of its devices' sessions. */
  private Future<Void> disown(int shard) {
    local.disown(shard, here);
    MessageConsumer<ToOwner> consumer = owned.remove(shard);
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return unregistered.transform(v -> Future.join(devices.keySet().stream()
      .filter(id -> shardOf(id, shards) == shard).toList().stream().map(this::drop).toList()).mapEmpty());
  }

  private void handle(Message<ToOwner> message) {
    ToOwner body = message.body();
    String deviceId = body.deviceId();
    if (body instanceof LeaseRequest request) {
      sessions(deviceId).compose(sessions -> sessions.lease(request.wanted())).onComplete(done -> {
        if (done.succeeded()) {
          message.reply(new LeaseBlock(done.result()));
        } else {
          WireErrors.fail(message, done.cause(), "device proxy " + deviceId);
        }
      });
    } else if (body instanceof Probe) {
      sessions(deviceId).compose(BmcSessions::probe).onFailure(err -> LOG.info("device {}: probe failed: {}", deviceId,
        err.getMessage()));
    } else if (body instanceof StatusRequest) {
      Future<BmcSessions> held = devices.get(deviceId);
      message.reply(held != null && held.succeeded() ? held.result().status() : null);
    } else if (body instanceof GiveBack back) {
      giveBack(back);
    }
  }

  private Future<Lease> lease(String deviceId) {
    return sessions(deviceId).compose(BmcSessions::lease);
  }

  /**
   * A lease for a caller on this node, answered on its context. It waits as long as a lease asked over the bus
   * would (a BMC login may be under way), then fails as that one's timeout does; no timer when one is free.
   */
  private Future<Lease> lendHere(Device device) {
    Promise<Lease> answer = Promise.promise();
    Tracing.runInTrace(context, () -> {
      Future<Lease> lent = lease(device.id());
      if (!lent.isComplete()) {
        long timer = vertx.setTimer(leaseTimeoutMillis(device), id -> answer.tryFail(new ReplyException(
          ReplyFailure.TIMEOUT, "no lease of device " + device.id() + " within " + leaseTimeoutMillis(device) + " ms")));
        lent.onComplete(done -> vertx.cancelTimer(timer));
      }
      lent.onComplete(done -> {
        if (done.succeeded()) {
          answer.tryComplete(done.result());
        } else {
          Throwable err = done.cause();
          answer.tryFail(err instanceof ReplyException ? err : ApiError.from(err, "device proxy " + device.id()));
        }
      });
    });
    return Contexts.here(answer.future());
  }

  /** How long a lease may take: it may wait for a BMC login, itself bounded by the device's timeout. */
  public static long leaseTimeoutMillis(Device device) {
    return 2L * device.timeoutMillis() + 1_000;
  }

  private void giveBack(GiveBack back) {
    Future<BmcSessions> sessions = devices.get(back.deviceId());
    if (sessions != null && sessions.succeeded()) {
      back.leaseIds().forEach(id -> sessions.result().giveBack(id, back.rejected()));
    }
  }

  /** The device's sessions; a registration that changed since they were opened gets fresh ones. */
  private Future<BmcSessions> sessions(String deviceId) {
    return clients.client(deviceId).compose(client -> {
      if (!owned.containsKey(shardOf(deviceId, shards))) {
        // Sent before this node let the shard go, or let go during the lookup: opening sessions now would put
        // them beside the next owner's, which answers instead (and adopts what was left).
        return Future.failedFuture(notOwner(deviceId));
      }
      Future<BmcSessions> current = devices.get(deviceId);
      if (current != null && (!current.isComplete() || current.succeeded() && current.result().client() == client)) {
        return current;
      }
      if (current != null) {
        drop(deviceId);
      }
      Future<BmcSessions> fresh = new BmcSessions(client, clients.registry(), records).adoptLeftovers();
      devices.put(deviceId, fresh);
      fresh.onSuccess(sessions -> {
        if (devices.get(deviceId) == fresh) {
          opened.put(deviceId, sessions);
        }
      });
      return fresh;
    });
  }

  private Future<Void> drop(String deviceId) {
    Future<BmcSessions> sessions = devices.remove(deviceId);
    opened.remove(deviceId);
    return sessions == null || !sessions.succeeded() ? Future.succeededFuture() : sessions.result().close();
  }
}
