package io.sessiongate.deviceproxy;

import io.sessiongate.deviceproxy.registry.Device;
import io.sessiongate.deviceproxy.registry.DeviceRegistry;
import io.sessiongate.deviceproxy.owner.DeviceProxyVerticle;
import io.sessiongate.deviceproxy.owner.ShardMessages.PoolStatus;
import io.sessiongate.deviceproxy.owner.ShardMessages.Probe;
import io.sessiongate.deviceproxy.owner.ShardMessages.StatusRequest;
import io.sessiongate.core.audit.AuditEvent;
import io.sessiongate.core.audit.AuditLog;
import io.sessiongate.core.auth.Access;
import io.sessiongate.core.http.Replies;
import io.sessiongate.core.http.SliceRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The /admin/devices operations of the admin contract, bound by the admin API. */
public final class DeviceAdministration {
  /** How long GET /admin/devices/{id} waits for the owner of the device to say what its pool holds. */
  private static final long POOL_STATUS_WAIT_MILLIS = 1_000;

  private final DeviceRegistry registry;
  private final int shards;

  public DeviceAdministration(DeviceRegistry registry, int shards) {
    this.registry = registry;
    this.shards = shards;
  }

  public void bind(SliceRoutes routes, Access adminOnly) {
    routes
      .on("listDevices", adminOnly, ctx -> Replies.with(ctx, registry.list(), 200,
        list -> new JsonObject().put("items", new JsonArray(list.stream().map(Device::toJson).toList()))))
      .on("registerDevice", adminOnly, ctx -> Replies.with(ctx, AuditLog.of(ctx).changed(ctx, AuditEvent.DEVICE_CREATED,
        Replies.body(ctx).getString("id"), Replies.body(ctx), register(ctx.vertx(), Replies.body(ctx))), 201,
        Device::toJson))
      .on("getDevice", adminOnly, ctx -> Replies.with(ctx, registry.get(ctx.pathParam("id"))
        .compose(device -> withPool(ctx, device)), 200, shown -> shown))
      .on("updateDevice", adminOnly, ctx -> Replies.with(ctx,
        AuditLog.of(ctx).changed(ctx, AuditEvent.DEVICE_UPDATED, ctx.pathParam("id"), Replies.body(ctx),
          registry.change(ctx.pathParam("id"), Replies.body(ctx))).andThen(done -> {
          changed(ctx.vertx(), ctx.pathParam("id"));
          probe(ctx.vertx(), done.succeeded() ? done.result() : null);
        }), 200, Device::toJson))
      .on("removeDevice", adminOnly, ctx -> AuditLog.of(ctx).changed(ctx, AuditEvent.DEVICE_DELETED, ctx.pathParam("id"),
          null, remove(ctx.vertx(), ctx.pathParam("id")))
        .onSuccess(v -> Replies.empty(ctx, 204))
        .onFailure(ctx::fail));
  }

  /**
   * Registers a device as POST /admin/devices does (an auto device is probed at once); also what a Redfish
   * AggregationSource POST does.
   */
  public Future<Device> register(Vertx vertx, JsonObject registration) {
    return registry.register(registration).andThen(done -> probe(vertx, done.succeeded() ? done.result() : null));
  }

  /** Removes a device as DELETE /admin/devices/{id} does; also what a Redfish AggregationSource DELETE does. */
  public Future<Void> remove(Vertx vertx, String id) {
    return registry.remove(id).andThen(done -> {
      if (done.succeeded()) {
        changed(vertx, id);
      }
    });
  }

  /** The verticle that owns the device drops its BMC sessions and client at once (other nodes within seconds). */
  private void changed(Vertx vertx, String id) {
    registry.announceChanged(vertx, id);
  }

  /** An auto device is probed by its owner as soon as it is registered or changed, not at its first request. */
  private void probe(Vertx vertx, Device device) {
    if (device != null && device.mode() == Device.Mode.POOLED && device.auth() == Device.Auth.AUTO) {
      vertx.eventBus().send(owner(device), new Probe(device.id()));
    }
  }

  /** The registration, with what the device's owner holds of its BMC sessions right now (when it answers). */
  private Future<JsonObject> withPool(RoutingContext ctx, Device device) {
    JsonObject shown = device.toJson();
    if (device.mode() != Device.Mode.POOLED) {
      return Future.succeededFuture(shown);
    }
    return ctx.vertx().eventBus().<PoolStatus>request(owner(device), new StatusRequest(device.id()),
        new DeliveryOptions().setSendTimeout(POOL_STATUS_WAIT_MILLIS))
      .map(reply -> reply.body() == null ? shown : shown.put("pool", reply.body().toJson()))
      .otherwise(shown);
  }

  private String owner(Device device) {
    return DeviceProxyVerticle.address(DeviceProxyVerticle.shardOf(device.id(), shards));
  }
}
