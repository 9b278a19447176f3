package io.sessiongate.deviceproxy.bmc;

import io.sessiongate.deviceproxy.registry.Device;
import io.sessiongate.deviceproxy.registry.DeviceRegistry;
import io.sessiongate.deviceproxy.registry.DeviceProxySettings;
import io.sessiongate.core.bus.Contexts;
import io.sessiongate.core.api.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * This node's {@link DeviceClient}s, one per device, shared by the router's event loops and the device-proxy
 * verticles. A device's registration is re-read at most every {@link #RECHECK_MILLIS}; a changed registration
 * gets a new client (the old one finishes what it has in flight). A change made through the admin API on any
 * node is published on {@link DeviceRegistry#CHANGED} and takes effect on every node at once.
 */
public final class DeviceClients {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceClients.class);
  static final long RECHECK_MILLIS = 5_000;

  private final Vertx vertx;
  private final DeviceRegistry registry;
  private final DeviceProxySettings settings;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final List<Consumer<String>> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final MessageConsumer<String> changes;
  private final ContextInternal home;
  /** Clients replaced by a newer registration, closing once what they carry is surely over. */
  private final Set<DeviceClient> retiring = ConcurrentHashMap.newKeySet();
  private final Counter resent;

  private record Entry(Future<DeviceClient> client, long checkedAt) {
  }

  public DeviceClients(Vertx vertx, DeviceRegistry registry, DeviceProxySettings settings, MeterRegistry meters) {
    this.resent = Counter.builder("sessiongate.deviceproxy.requests.resent")
      .description("Requests to BMCs sent again on a fresh connection: the pooled one closed before any byte of the answer")
      .register(meters);
    this.vertx = vertx;
    this.registry = registry;
    this.settings = settings;
    this.home = ((VertxInternal) vertx).createEventLoopContext();
    registry.onLocalChange(this::changed);
    this.changes = vertx.eventBus().<String>consumer(DeviceRegistry.CHANGED, message -> {
      if (!registry.announcedHere(message)) {
        changed(message.body());
      }
    });
  }

  public DeviceRegistry registry() {
    return registry;
  }

  /** The answer for a device that is not registered, and for one the caller may not see: the two look the same. */
  public static ApiError unknown(String deviceId) {
    return ApiError.notFound("No device '" + deviceId + "' is registered.");
  }

  /** The client of a registered device, on the caller's event loop; fails with 404 for an unknown id. */
  public Future<DeviceClient> client(String deviceId) {
    return Contexts.here(shared(deviceId));
  }

  private Future<DeviceClient> shared(String deviceId) {
    Entry entry = entries.get(deviceId);
    long now = System.currentTimeMillis();
    if (entry != null && !entry.client.failed() && (!entry.client.isComplete() || now - entry.checkedAt < RECHECK_MILLIS)) {
      return entry.client;
    }
    Promise<DeviceClient> promise = Promise.promise();
    Entry fresh = new Entry(promise.future(), now);
    boolean won = entry == null ? entries.putIfAbsent(deviceId, fresh) == null : entries.replace(deviceId, entry, fresh);
    if (!won) {
      return shared(deviceId);
    }
    // Only the caller that won the entry looks the device up: a loser would create (and leak) a client of its own.
    lookup(deviceId, entry).onComplete(promise);
    // Ids nobody registered are not remembered: a client inventing ids would otherwise grow the map.
    fresh.client.onFailure(err -> entries.remove(deviceId, fresh));
    return fresh.client;
  }

  /** {@code listener} hears the id of every device whose registration changed or vanished, on this node. */
  public void onChange(Consumer<String> listener) {
    changeListeners.add(listener);
  }

  private Future<DeviceClient> lookup(String deviceId, Entry previous) {
    DeviceClient old = previous == null || !previous.client.succeeded() ? null : previous.client.result();
    return registry.find(deviceId).transform(found -> {
      if (found.failed()) {
        // The store did not answer the recheck: the client in use stays (and is rechecked next time).
        return old != null ? Future.succeededFuture(old) : Future.failedFuture(found.cause());
      }
      Device device = found.result();
      if (device != null && old != null && old.device().updatedAt() == device.updatedAt()) {
        return Future.succeededFuture(old);
      }
      if (old != null) {
        retire(old);
        changeListeners.forEach(listener -> listener.accept(deviceId));
      }
      if (device == null) {
        return Future.failedFuture(unknown(deviceId));
      }
      // Created under a context of no deployment: a client made on a router's event loop would otherwise be
      // closed with that verticle, though every loop of the node shares it.
      Promise<DeviceClient> created = Promise.promise();
      home.dispatch(() -> {
        try {
          created.complete(new DeviceClient(vertx, device, settings.breakerFailures(), settings.breakerResetSeconds(),
            registry.password(device), pin -> pinned(device, pin), resent::increment));
        } catch (RuntimeException e) {
          created.fail(ApiError.of(ApiError.Reason.BAD_GATEWAY, "The gateway cannot reach device " + deviceId
            + " with its registration: " + e.getMessage()));
        }
      });
      return created.future();
    });
  }

  /** A tofu device's first certificate: written down, so every node (and the next start) requires it. */
  private void pinned(Device device, String pin) {
    LOG.info("device {}: certificate pinned on first use, SHA-256 {}", device.id(), pin);
    registry.recordPin(device, pin).onFailure(err -> LOG.warn("device {}: could not write down the pin of its "
      + "certificate: {}", device.id(), err.getMessage()));
  }

  private void changed(String deviceId) {
    Entry entry = entries.remove(deviceId);
    if (entry != null) {
      // A lookup still under way is retired when it lands: nobody will find its client in the map again.
      entry.client.onSuccess(this::retire);
    }
    changeListeners.forEach(listener -> listener.accept(deviceId));
  }

  /**
   * A client replaced by a newer registration still carries what it has in flight and its owner's logouts
   * from the BMC sessions it opened: it closes once those are surely over.
   */
  private void retire(DeviceClient old) {
    if (!retiring.add(old)) {
      return;
    }
    // On the node's own context: a timer of the caller's verticle would be cancelled with it.
    home.runOnContext(v -> vertx.setTimer(2L * old.device().timeoutMillis() + 1_000, id -> {
      retiring.remove(old);
      old.close();
    }));
  }

  /** Stops hearing changes and closes every client (requests in flight get up to their device's timeout). */
  public Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>(entries.values().stream().filter(e -> e.client.succeeded())
      .map(e -> e.client.result().close()).toList());
    entries.clear();
    retiring.forEach(old -> closing.add(old.close()));
    retiring.clear();
    return changes.unregister().transform(v -> Future.join(closing).mapEmpty());
  }
}
