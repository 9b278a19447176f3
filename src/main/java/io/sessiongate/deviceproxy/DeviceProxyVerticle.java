package io.sessiongate.deviceproxy;

import io.sessiongate.core.http.ApiError;
import io.sessiongate.core.http.SessionVerticle;
import io.sessiongate.deviceproxy.ProxyExchange.ProxyRequest;
import io.sessiongate.deviceproxy.ProxyExchange.ProxyResponse;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Forwards Redfish calls to the BMCs of its shard with non-blocking I/O. Devices are spread over the
 * instances by id, so each BMC's client pool, session pool and breaker live on exactly one event loop.
 *
 * <p>Address {@code sessiongate.deviceproxy.<shard>}: {@link ProxyRequest} -> {@link ProxyResponse}.
 * Address {@code sessiongate.deviceproxy.changed}: a device id (String) whose registration changed.
 */
public final class DeviceProxyVerticle extends SessionVerticle {
  public static final String CHANGED = "sessiongate.deviceproxy.changed";
  private static final long RECHECK_MILLIS = 5_000;

  private final int shard;
  private final DeviceRegistry registry;
  private final DeviceProxySettings settings;
  private final Map<String, BmcLink> links = new HashMap<>();
  private final Map<String, Long> checkedAt = new HashMap<>();
  private final Map<String, Future<BmcLink>> lookingUp = new HashMap<>();

  public DeviceProxyVerticle(int shard, DeviceRegistry registry, DeviceProxySettings settings) {
    this.shard = shard;
    this.registry = registry;
    this.settings = settings;
  }

  public static String address(int shard) {
    return "sessiongate.deviceproxy." + shard;
  }

  public static int shardOf(String deviceId, int shards) {
    return Math.floorMod(deviceId.hashCode(), shards);
  }

  @Override
  protected void serveAddresses() {
    serve(address(shard), (ProxyRequest request) -> link(request.deviceId()).compose(link -> link.forward(request)));
    vertx.eventBus().<String>localConsumer(CHANGED, message -> drop(message.body()));
    every(Duration.ofSeconds(Math.max(1, Math.min(settings.idleSessionSeconds(), 30))), () -> {
      long idleSince = System.currentTimeMillis() - settings.idleSessionSeconds() * 1000L;
      links.values().forEach(link -> link.logoutIdle(idleSince));
    });
  }

  @Override
  protected Future<Void> release() {
    List<Future<Void>> closing = links.values().stream().map(BmcLink::close).toList();
    links.clear();
    return Future.join(closing).mapEmpty();
  }

  private Future<BmcLink> link(String deviceId) {
    BmcLink current = links.get(deviceId);
    long now = System.currentTimeMillis();
    if (current != null && now - checkedAt.getOrDefault(deviceId, 0L) < RECHECK_MILLIS) {
      return Future.succeededFuture(current);
    }
    Future<BmcLink> inFlight = lookingUp.get(deviceId);
    if (inFlight != null) {
      return inFlight;
    }
    Future<BmcLink> lookup = registry.find(deviceId).compose(device -> {
      checkedAt.put(deviceId, System.currentTimeMillis());
      BmcLink existing = links.get(deviceId);
      if (device == null) {
        drop(deviceId);
        return Future.failedFuture(ApiError.notFound("No device '" + deviceId + "' is registered."));
      }
      if (existing != null && existing.device().updatedAt() == device.updatedAt()) {
        return Future.succeededFuture(existing);
      }
      drop(deviceId);
      BmcLink link = new BmcLink(vertx, device, registry.password(device), settings.breakerFailures(),
        settings.breakerResetSeconds());
      links.put(deviceId, link);
      return Future.succeededFuture(link);
    });
    lookingUp.put(deviceId, lookup);
    return lookup.andThen(done -> lookingUp.remove(deviceId));
  }

  private void drop(String deviceId) {
    BmcLink link = links.remove(deviceId);
    checkedAt.remove(deviceId);
    if (link != null) {
      link.close();
    }
  }
}
