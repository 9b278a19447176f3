package io.sessiongate.deviceproxy.owner;

import io.sessiongate.deviceproxy.owner.PooledSessionStore.Stored;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the next owner of a device finds of the BMC sessions the previous one held; run on both stores. */
abstract class PooledSessionStoreContract {
  abstract PooledSessionStore store();

  /** Registers a device (PostgreSQL keeps sessions only of registered devices). */
  abstract void registered(String deviceId);

  @Test
  void theSessionsOfADeviceAreListedOldestFirstAndStruckOneByOne() {
    registered("adopt-1");
    registered("adopt-2");
    await(store().insert(new Stored("adopt-1", "k2", "sealed-2", "/redfish/v1/SessionService/Sessions/2", 2)));
    await(store().insert(new Stored("adopt-1", "k1", "sealed-1", "/redfish/v1/SessionService/Sessions/1", 1)));
    await(store().insert(new Stored("adopt-2", "k3", "sealed-3", null, 3)));
    assertEquals(List.of("k1", "k2"), await(store().list("adopt-1")).stream().map(Stored::key).toList());
    assertEquals("sealed-1", await(store().list("adopt-1")).get(0).sealedToken());
    await(store().delete("adopt-1", "k1"));
    assertEquals(List.of("k2"), await(store().list("adopt-1")).stream().map(Stored::key).toList());
    assertEquals(List.of("k3"), await(store().list("adopt-2")).stream().map(Stored::key).toList(),
      "another device's sessions are its own");
    assertEquals(List.of(), await(store().list("adopt-3")));
  }

  @Test
  void writingTheSameSessionTwiceKeepsOne() {
    registered("twice-1");
    await(store().insert(new Stored("twice-1", "k", "sealed", null, 1)));
    await(store().insert(new Stored("twice-1", "k", "sealed", null, 1)));
    assertEquals(1, await(store().list("twice-1")).size());
  }
}
