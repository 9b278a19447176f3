package io.sessiongate.deviceproxy.registry;

import io.sessiongate.core.storage.Storage;
import io.vertx.core.Future;

import java.util.List;

/** The device registry. Both backends pass {@code DeviceStoreContract}. */
public interface DeviceStore {
  static DeviceStore create(Storage storage) {
    return storage.isPostgres() ? new PgDeviceStore(storage.pool()) : new InMemoryDeviceStore();
  }

  /** The device, or null. */
  Future<Device> find(String id);

  /** Fails with CONFLICT when the id is taken. */
  Future<Void> insert(Device device);

  /** Fails with NOT_FOUND when there is no such device. */
  Future<Void> update(Device device);

  /** What a probe of an AUTO device found; the registration ({@code updatedAt}) stays as it was. */
  Future<Void> recordProbe(String id, Device.Auth found, long at);

  /** The pin of a TOFU device, recorded only if it has none yet; the registration stays as it was. */
  Future<Void> recordPin(String id, String pinSha256);

  Future<Boolean> delete(String id);

  Future<List<Device>> list();
}
