package io.sessiongate.deviceproxy;

import io.sessiongate.core.cluster.ClusterKeys;
import io.sessiongate.core.config.DataDirectory;
import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.fleet.DeviceDirectory;
import io.sessiongate.core.fleet.FleetAdministration;
import io.sessiongate.core.fleet.PooledForwarding;
import io.sessiongate.core.http.StreamingRoutes;
import io.sessiongate.core.redfish.RedfishErrorFormat;
import io.sessiongate.core.slice.Slice;
import io.sessiongate.core.slice.SliceContext;
import io.sessiongate.core.slice.SliceVerticle;
import io.sessiongate.deviceproxy.bmc.DeviceClients;
import io.sessiongate.deviceproxy.client.DeviceProxyRoutes;
import io.sessiongate.deviceproxy.client.PassthroughSessionStore;
import io.sessiongate.deviceproxy.owner.BmcSessionRecords;
import io.sessiongate.deviceproxy.owner.DeviceProxyVerticle;
import io.sessiongate.deviceproxy.owner.PooledSessionStore;
import io.sessiongate.deviceproxy.owner.ShardMessages;
import io.sessiongate.deviceproxy.registry.CredentialCipher;
import io.sessiongate.deviceproxy.registry.DeviceProxySettings;
import io.sessiongate.deviceproxy.registry.DeviceRegistry;
import io.sessiongate.deviceproxy.registry.DeviceStore;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The device proxy: the {@code /bmc/<id>/...} and Host-named routes, one {@link DeviceProxyVerticle} per event loop
 * (each owns the device shards whose cluster claims it holds), and the device registry, which it offers to the other
 * slices as the {@code core.fleet} ports. Its errors are Redfish's: its paths are the BMCs' Redfish trees.
 */
public final class DeviceProxySlice implements Slice {
  private DeviceProxySettings settings;
  private DeviceRegistry registry;
  private DeviceClients clients;
  private DeviceProxyRoutes routes;
  private BmcSessionRecords records;
  private int instances;

  /** Reads the settings at once: a clustered node checks the credential key before it starts. */
  public DeviceProxySlice(GatewayConfig config) {
    this.settings = DeviceProxySettings.from(config);
  }

  @Override
  public List<ClusterKeys.Key> sharedKeys() {
    return List.of(new ClusterKeys.Key("devices.credential-key", settings.credentialKey()));
  }

  @Override
  public void prepare(DataDirectory dataDirectory) {
    if (settings.credentialKey().isBlank()) {
      settings = settings.withCredentialKey(dataDirectory.secret("device-credentials.key"));
    }
  }

  @Override
  public void mount(SliceContext context) {
    CredentialCipher cipher = new CredentialCipher(Base64.getDecoder().decode(settings.credentialKey()));
    registry = new DeviceRegistry(DeviceStore.create(context.storage()), cipher, settings.allowedNetworks(),
      settings.defaults());
    ShardMessages.register(context.vertx().eventBus());
    clients = new DeviceClients(context.vertx(), registry, settings, context.meters());
    routes = new DeviceProxyRoutes(context.vertx(), context.identity().authenticator(), clients,
      PassthroughSessionStore.create(context.storage()), cipher, settings, waitForOwner(context),
      new RedfishErrorFormat(), context.errors(), context.meters());
    records = new BmcSessionRecords(PooledSessionStore.create(context.storage()), cipher);
    instances = context.eventLoops();
    context.offer(DeviceDirectory.class, registry);
    context.offer(FleetAdministration.class, new DeviceAdministration(registry, settings.shards()));
    context.offer(PooledForwarding.class, routes);
  }

  /** A shard of the devices has no owner for about one duty check when its node leaves: wait that long. */
  private static long waitForOwner(SliceContext context) {
    return 2_000L * context.cluster().dutyCheckSeconds() + 2_000;
  }

  @Override
  public List<SliceVerticle> verticles() {
    List<SliceVerticle> owners = new ArrayList<>();
    for (int instance = 0; instance < instances; instance++) {
      int shardOwner = instance;
      owners.add(SliceVerticle.of(() -> new DeviceProxyVerticle(shardOwner, instances, clients, settings, records)));
    }
    return owners;
  }

  /** The devices listed in configuration, registered (or brought in line) once every slice's verticles are up. */
  @Override
  public Future<Void> started() {
    return registry.registerConfigured(settings.configuredDevices());
  }

  @Override
  public List<StreamingRoutes> streamingRoutes() {
    return List.of(routes);
  }

  @Override
  public Future<Void> close() {
    if (routes != null) {
      routes.close();
    }
    return clients == null ? Future.succeededFuture() : clients.close();
  }
}
