package io.sessiongate.aggregation;

import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.fleet.Device;
import io.sessiongate.core.fleet.PooledForwarding;
import io.sessiongate.core.fleet.DeviceDirectory;
import io.sessiongate.core.redfish.RedfishFleetDocuments;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.List;

/**
 * The merged collections: each visible pooled device's collection is read at once (through the device proxy's
 * leases, breaker, bulkhead and timeouts) and its members listed under the device's prefix. A device that fails, or
 * has not answered within its own timeout, is left out and named in {@code @Message.ExtendedInfo}: the others are
 * listed all the same. A device that has no such collection (its BMC answers 404) adds nothing and is not named.
 */
final class FleetCollections {
  private final Vertx vertx;
  private final DeviceDirectory registry;
  private final PooledForwarding proxy;

  FleetCollections(Vertx vertx, DeviceDirectory registry, PooledForwarding proxy) {
    this.vertx = vertx;
    this.registry = registry;
    this.proxy = proxy;
  }

  /** What one device contributed: its members' gateway links, or why it is left out. */
  private record Part(JsonArray members, JsonObject leftOut) {
  }

  Future<JsonObject> merged(RedfishFleetDocuments.Merged merged, Principal caller) {
    return registry.list().compose(devices -> {
      List<Device> seen = devices.stream()
        .filter(device -> device.mode() == Device.Mode.POOLED && device.visibleTo(caller))
        .sorted(Comparator.comparing(Device::id))
        .toList();
      List<Future<Part>> parts = seen.stream().map(device -> part(device, merged.collection())).toList();
      // Every part succeeds (a failure is a part that names it), so this waits for all of them.
      return Future.all(parts).map(all -> {
        JsonArray members = new JsonArray();
        JsonArray leftOut = new JsonArray();
        for (Future<Part> part : parts) {
          members.addAll(part.result().members());
          if (part.result().leftOut() != null) {
            leftOut.add(part.result().leftOut());
          }
        }
        return RedfishFleetDocuments.collection(merged, members, leftOut);
      });
    });
  }

  private Future<Part> part(Device device, String collection) {
    String deviceUri = "/bmc/" + device.id() + "/redfish/v1/" + collection;
    Promise<Part> promise = Promise.promise();
    // The proxy's own timeouts bound each step (lease, login, request); this bounds their sum by the device's.
    long timer = vertx.setTimer(device.timeoutMillis(), id -> promise.tryComplete(new Part(new JsonArray(),
      RedfishFleetDocuments.leftOut(deviceUri, ApiError.of(ApiError.Reason.GATEWAY_TIMEOUT, "Device " + device.id()
        + " did not answer within " + device.timeoutMillis() + " ms.")))));
    proxy.readPooled(device.id(), "/redfish/v1/" + collection).onComplete(read -> {
      vertx.cancelTimer(timer);
      if (read.failed()) {
        promise.tryComplete(new Part(new JsonArray(), RedfishFleetDocuments.leftOut(deviceUri,
          ApiError.from(read.cause(), "aggregation " + device.id()))));
        return;
      }
      JsonArray members = new JsonArray();
      Object listed = read.result().map(found -> found.getValue("Members")).orElse(null);
      if (listed instanceof JsonArray array) {
        for (Object member : array) {
          if (member instanceof JsonObject link && link.getValue("@odata.id") instanceof String id) {
            String path = id.length() > 1 && id.endsWith("/") ? id.substring(0, id.length() - 1) : id;
            members.add(new JsonObject().put("@odata.id", MemberUris.memberUri(device.id(), path)));
          }
        }
      }
      promise.tryComplete(new Part(members, null));
    });
    return promise.future();
  }
}
