package io.sessiongate.deviceproxy.owner;

import io.sessiongate.core.bus.JsonRecordCodec;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What nodes send to the owner of a device's shard ({@link DeviceProxyVerticle#address}) and what it answers.
 * A shard's owner may be any node of the cluster, so these records cross the network, as JSON
 * ({@link JsonRecordCodec}); a BMC token crosses only sealed with the credential key.
 */
public final class ShardMessages {
  /** What a lent BMC session crosses the network as: its id and its sealed token, nothing else. */
  public static final JsonRecordCodec<Lease> LEASES = new JsonRecordCodec<>(Lease.class,
    lease -> new JsonObject().put("id", lease.id()).put("sealedToken", lease.sealedToken()),
    json -> new Lease(json.getLong("id"), json.getString("sealedToken")));

  /** A block of leases, as one message to the node that asked. */
  public static final JsonRecordCodec<LeaseBlock> LEASE_BLOCKS = new JsonRecordCodec<>(LeaseBlock.class,
    block -> new JsonObject().put("leases", new JsonArray(block.leases().stream().map(LEASES::toJson).toList())),
    json -> new LeaseBlock(json.getJsonArray("leases").stream().map(lease -> LEASES.fromJson((JsonObject) lease))
      .toList()));

  private static final List<JsonRecordCodec<?>> CODECS = List.of(LEASE_BLOCKS,
    new JsonRecordCodec<>(LeaseRequest.class,
      request -> new JsonObject().put("lease", request.deviceId()).put("wanted", request.wanted()),
      json -> new LeaseRequest(json.getString("lease"), json.getInteger("wanted", 1))),
    new JsonRecordCodec<>(GiveBack.class,
      back -> new JsonObject().put("giveBack", back.deviceId()).put("ids", new JsonArray(back.leaseIds()))
        .put("rejected", back.rejected()),
      json -> new GiveBack(json.getString("giveBack"), json.getJsonArray("ids").stream()
        .map(id -> ((Number) id).longValue()).toList(), json.getBoolean("rejected", false))),
    new JsonRecordCodec<>(Probe.class,
      probe -> new JsonObject().put("probe", probe.deviceId()),
      json -> new Probe(json.getString("probe"))),
    new JsonRecordCodec<>(StatusRequest.class,
      request -> new JsonObject().put("status", request.deviceId()),
      json -> new StatusRequest(json.getString("status"))),
    new JsonRecordCodec<>(PoolStatus.class, PoolStatus::toJson,
      json -> new PoolStatus(json.getInteger("maxSessions"), json.getInteger("effective"), json.getInteger("held"),
        json.getInteger("leased", 0),
        json.getInteger("bmcSessionTimeoutSeconds", 0))));

  private ShardMessages() {
  }

  /** Once per node, before anything is sent to a shard. */
  public static void register(EventBus bus) {
    CODECS.forEach(codec -> codec.registerOn(bus));
  }

  /** A message to a shard's owner, about one device. */
  public sealed interface ToOwner {
    String deviceId();
  }

  /**
   * Lend up to {@code wanted} leases of the device's pooled sessions, each for one request: replies a
   * {@link LeaseBlock} of at least one (the first may wait for a BMC login; the others are what is there without
   * one, within the device's bulkhead), or fails (an ApiError as {@code core.bus.WireErrors} carries it, or
   * {@link DeviceProxyVerticle#NOT_OWNER}).
   */
  public record LeaseRequest(String deviceId, int wanted) implements ToOwner {
  }

  /** The leases a {@link LeaseRequest} was lent, at least one. */
  public record LeaseBlock(List<Lease> leases) {
  }

  /**
   * One session lent to one request; its token sealed (it crosses the network to the node that uses it). No
   * token: the device is reached with HTTP Basic, and the lease is only the request's place in the bulkhead.
   */
  public record Lease(long id, String sealedToken) {
    public boolean basic() {
      return sealedToken == null;
    }
  }

  /** The requests that held these leases are over; {@code rejected}: the BMC answered them 401. No reply. */
  public record GiveBack(String deviceId, List<Long> leaseIds, boolean rejected) implements ToOwner {
  }

  /** Probe an auto device again, after its registration or a change. No reply. */
  public record Probe(String deviceId) implements ToOwner {
  }

  /** What the owner holds of the device's BMC sessions: replies a {@link PoolStatus}, or null when none. */
  public record StatusRequest(String deviceId) implements ToOwner {
  }

  /**
   * A device's pool, for GET /admin/devices/{id}: {@code leased}, the leases out (the device's bulkhead count);
   * {@code bmcSessionTimeoutSeconds} 0: not learnt yet.
   */
  public record PoolStatus(int maxSessions, int effective, int held, int leased, int bmcSessionTimeoutSeconds) {
    public JsonObject toJson() {
      JsonObject status = new JsonObject().put("maxSessions", maxSessions).put("effective", effective).put("held", held)
        .put("leased", leased);
      return bmcSessionTimeoutSeconds > 0 ? status.put("bmcSessionTimeoutSeconds", bmcSessionTimeoutSeconds) : status;
    }
  }
}
