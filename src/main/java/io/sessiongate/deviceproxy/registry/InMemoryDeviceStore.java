package io.sessiongate.deviceproxy.registry;

import io.sessiongate.core.api.ApiError;
import io.vertx.core.Future;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

public final class InMemoryDeviceStore implements DeviceStore {
  private final ConcurrentMap<String, Device> devices = new ConcurrentHashMap<>();

  @Override
  public Future<Device> find(String id) {
    return Future.succeededFuture(devices.get(id));
  }

  @Override
  public Future<Void> insert(Device device) {
    return devices.putIfAbsent(device.id(), device) == null
      ? Future.succeededFuture()
      : Future.failedFuture(ApiError.conflict("A device with id '" + device.id() + "' is already registered."));
  }

  @Override
  public Future<Void> update(Device device) {
    return devices.replace(device.id(), device) != null
      ? Future.succeededFuture()
      : Future.failedFuture(ApiError.notFound("No device with id '" + device.id() + "'."));
  }

  @Override
  public Future<Void> recordProbe(String id, Device.Auth found, long at) {
    devices.computeIfPresent(id, (key, device) -> device.probed(found, at));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> recordPin(String id, String pinSha256) {
    devices.computeIfPresent(id, (key, device) -> device.tlsMode() == Device.TlsMode.TOFU && device.pinSha256() == null
      ? device.pinned(pinSha256) : device);
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> delete(String id) {
    return Future.succeededFuture(devices.remove(id) != null);
  }

  @Override
  public Future<List<Device>> list() {
    return Future.succeededFuture(devices.values().stream().sorted(Comparator.comparing(Device::id)).toList());
  }
}
