package io.sessiongate.deviceproxy.owner;

import io.sessiongate.deviceproxy.owner.ShardMessages.Lease;
import io.sessiongate.core.fleet.Device;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shards this node owns, and the {@link DeviceProxyVerticle} instance that holds each: a lease of a device
 * whose owner is on this node is a call (on the caller's event loop when a session is free to take, else on the
 * verticle's), not two event-bus messages (a request with its reply address, its timeout timer and its
 * metrics, then the give-back). Another node's shards are not here; the bus reaches them.
 */
public final class LocalShards implements Shareable {
  private static final String MAP = "sessiongate.deviceproxy";

  /** What a shard's owner on this node does for a caller on any of its event loops. */
  public interface Owner {
    /**
     * A lease, answered on the caller's context: at once, on the caller's thread, when a session of the device is
     * there to take; else from the owner's loop. Fails as the bus reply would: an {@code ApiError}, or a
     * {@code ReplyException} ({@link DeviceProxyVerticle#NOT_OWNER} once the shard left, a timeout).
     */
    Future<Lease> lend(Device device);

    /** {@code rejected}: the BMC answered 401 on the lent session. */
    void takeBack(Device device, Lease lease, boolean rejected);
  }

  private final Map<Integer, Owner> owners = new ConcurrentHashMap<>();

  private LocalShards() {
  }

  /** The one per Vert.x instance (tests run several nodes in one JVM). */
  public static LocalShards of(Vertx vertx) {
    return vertx.sharedData().<String, LocalShards>getLocalMap(MAP).computeIfAbsent("owners", k -> new LocalShards());
  }

  /** The owner of {@code shard} on this node, or null when it is another node's (or nobody's right now). */
  public Owner owner(int shard) {
    return owners.get(shard);
  }

  void own(int shard, Owner owner) {
    owners.put(shard, owner);
  }

  void disown(int shard, Owner owner) {
    owners.remove(shard, owner);
  }
}
