package io.sessiongate.deviceproxy;

import io.sessiongate.core.audit.AuditEvent;
import io.sessiongate.core.audit.AuditLog;
import io.sessiongate.core.http.Access;
import io.sessiongate.core.http.Replies;
import io.sessiongate.core.http.SliceRoutes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The /admin/devices operations of the admin contract, bound by the admin API. */
public final class DeviceAdministration {
  private final DeviceRegistry registry;

  public DeviceAdministration(DeviceRegistry registry) {
    this.registry = registry;
  }

  public void bind(SliceRoutes routes, Access adminOnly) {
    routes
      .on("listDevices", adminOnly, ctx -> Replies.with(ctx, registry.list(), 200,
        list -> new JsonObject().put("items", new JsonArray(list.stream().map(Device::toJson).toList()))))
      .on("registerDevice", adminOnly, ctx -> Replies.with(ctx, AuditLog.of(ctx).changed(ctx, AuditEvent.DEVICE_CREATED,
        Replies.body(ctx).getString("id"), Replies.body(ctx), registry.register(Replies.body(ctx))), 201, Device::toJson))
      .on("getDevice", adminOnly, ctx -> Replies.with(ctx, registry.get(ctx.pathParam("id")), 200, Device::toJson))
      .on("updateDevice", adminOnly, ctx -> Replies.with(ctx,
        AuditLog.of(ctx).changed(ctx, AuditEvent.DEVICE_UPDATED, ctx.pathParam("id"), Replies.body(ctx),
          registry.change(ctx.pathParam("id"), Replies.body(ctx))).andThen(done -> changed(ctx)), 200, Device::toJson))
      .on("removeDevice", adminOnly, ctx -> AuditLog.of(ctx).changed(ctx, AuditEvent.DEVICE_DELETED, ctx.pathParam("id"),
          null, registry.remove(ctx.pathParam("id")))
        .onSuccess(v -> {
          changed(ctx);
          Replies.empty(ctx, 204);
        })
        .onFailure(ctx::fail));
  }

  /** The verticle that owns the device drops its BMC sessions and client at once (other nodes within seconds). */
  private static void changed(RoutingContext ctx) {
    ctx.vertx().eventBus().publish(DeviceProxyVerticle.CHANGED, ctx.pathParam("id"));
  }
}
