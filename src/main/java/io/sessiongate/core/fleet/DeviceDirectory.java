package io.sessiongate.core.fleet;

import io.vertx.core.Future;

import java.util.List;

/** The registered devices as a slice other than the device proxy reads them (the store is the device proxy's). */
public interface DeviceDirectory {
  Future<List<Device>> list();

  /** The device, or null when there is none with that id. */
  Future<Device> find(String id);
}
