package io.sessiongate;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sessiongate.core.auth.BootstrapAdmin;
import io.sessiongate.core.auth.Identity;
import io.sessiongate.core.bus.LocalMessageCodec;
import io.sessiongate.core.config.DataDirectory;
import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.http.ApiSlice;
import io.sessiongate.core.http.HttpRouterVerticle;
import io.sessiongate.core.http.HttpRouterVerticle.MountedSlice;
import io.sessiongate.core.http.HttpsRedirectVerticle;
import io.sessiongate.core.http.ServerTls;
import io.sessiongate.core.ops.Logging;
import io.sessiongate.core.ops.OperationsRoutes;
import io.sessiongate.core.storage.Storage;
import io.sessiongate.deviceproxy.CredentialCipher;
import io.sessiongate.deviceproxy.DeviceAdministration;
import io.sessiongate.deviceproxy.DeviceProxyRoutes;
import io.sessiongate.deviceproxy.DeviceProxySettings;
import io.sessiongate.deviceproxy.DeviceProxyVerticle;
import io.sessiongate.deviceproxy.DeviceRegistry;
import io.sessiongate.deviceproxy.DeviceStore;
import io.sessiongate.deviceproxy.PassthroughSessionStore;
import io.sessiongate.redfish.RedfishErrorFormat;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import java.util.Base64;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.openapi.contract.OpenAPIContract;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One gateway node: wires config, store, identity core, the API slices with their session verticles, and
 * the router verticles. Thin on purpose: the logic lives in the slices and the core.
 */
public final class Gateway {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final Vertx vertx;
  private final GatewayConfig config;
  private final Storage storage;
  private final Identity identity;
  private final int port;
  private final String generatedAdminPassword;
  private final List<MountedSlice> slices;

  private Gateway(Vertx vertx, GatewayConfig config, Storage storage, Identity identity, int port,
                  String generatedAdminPassword, List<MountedSlice> slices) {
    this.vertx = vertx;
    this.config = config;
    this.storage = storage;
    this.identity = identity;
    this.port = port;
    this.generatedAdminPassword = generatedAdminPassword;
    this.slices = slices;
  }

  public static Future<Gateway> start(GatewayConfig config) {
    Logging.use(config.logFormat());
    if (config.clusterEnabled()) {
      return Future.failedFuture(new io.sessiongate.core.config.ConfigException(
        "cluster.enabled: clustering is not available in this build yet; run one node"));
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
      .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)))
      .withMetrics(new MicrometerMetricsFactory(registry))
      .build();
    LocalMessageCodec.register(vertx.eventBus());
    DataDirectory dataDirectory = new DataDirectory(config.dataDir());
    DeviceProxySettings deviceSettings;
    try {
      deviceSettings = DeviceProxySettings.from(config);
    } catch (RuntimeException invalid) {
      vertx.close();
      return Future.failedFuture(invalid);
    }
    return vertx.executeBlocking(() -> new Secrets(
          config.auth().jwtSecret().isBlank() ? dataDirectory.jwtSecret() : config.auth().jwtSecret(),
          ServerTls.serverOptions(config, dataDirectory),
          deviceSettings.credentialKey().isBlank()
            ? deviceSettings.withCredentialKey(dataDirectory.secret("device-credentials.key")) : deviceSettings))
      .compose(secrets -> Storage.open(vertx, config).compose(storage ->
        Identity.start(vertx, config, storage, secrets.jwtSecret()).compose(identity ->
          BootstrapAdmin.ensure(identity, config.adminPassword()).compose(adminPassword ->
            deploy(vertx, config, storage, identity, secrets, registry).map(started -> {
              LOG.info("SessionGate listening on {}://{}:{} ({}); store: {}",
                config.tls().enabled() ? "https" : "http", config.http().host(), started.port(),
                secrets.tls().description(), config.store().name().toLowerCase());
              return new Gateway(vertx, config, storage, identity, started.port(), adminPassword, started.slices());
            })))))
      .recover(err -> {
        // Not chained: the close completes on a context that is going away.
        vertx.close();
        return Future.failedFuture(err);
      });
  }

  private record Secrets(String jwtSecret, ServerTls.Choice tls, DeviceProxySettings deviceSettings) {
  }


  private record Started(int port, List<MountedSlice> slices) {
  }

  private static Future<Started> deploy(Vertx vertx, GatewayConfig config, Storage storage, Identity identity,
                                        Secrets secrets, PrometheusMeterRegistry registry) {
    int instances = config.http().instances() > 0 ? config.http().instances()
      : VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
    DeviceProxySettings deviceSettings = secrets.deviceSettings();
    CredentialCipher deviceCipher = new CredentialCipher(Base64.getDecoder().decode(deviceSettings.credentialKey()));
    DeviceRegistry devices = new DeviceRegistry(DeviceStore.create(storage), deviceCipher,
      deviceSettings.allowedNetworks(), deviceSettings.defaults());
    List<ApiSlice> slices = Slices.all(config, storage, identity, new DeviceAdministration(devices));
    List<Future<?>> sessionVerticles = new ArrayList<>();
    sessionVerticles.add(devices.registerConfigured(deviceSettings.configuredDevices()));
    for (ApiSlice slice : slices) {
      slice.sessionVerticles().forEach(supplier -> sessionVerticles.add(vertx.deployVerticle(supplier, new DeploymentOptions())));
    }
    for (int shard = 0; shard < instances; shard++) {
      sessionVerticles.add(vertx.deployVerticle(new DeviceProxyVerticle(shard, devices, deviceSettings)));
    }
    ServerTls.Choice tls = secrets.tls();
    return Future.all(sessionVerticles)
      .compose(v -> loadContracts(vertx, slices))
      .compose(mounted -> {
        List<HttpRouterVerticle> routers = new CopyOnWriteArrayList<>();
        List<Handler<Router>> frontRoutes = List.of(new OperationsRoutes(vertx, storage, registry),
          new DeviceProxyRoutes(identity.authenticator(), devices, PassthroughSessionStore.create(storage), deviceCipher,
            deviceSettings, instances, new RedfishErrorFormat(), config.http().maxBodyBytes()));
        HttpServerOptions options = tls.options();
        return vertx.deployVerticle(() -> {
            HttpRouterVerticle router = new HttpRouterVerticle(new HttpServerOptions(options),
              config.http().maxBodyBytes(), config.http().maxHeaderBytes(), config.http().accessLog(), mounted, frontRoutes);
            routers.add(router);
            return router;
          }, new DeploymentOptions().setInstances(instances))
          .map(id -> new Started(routers.get(0).actualPort(), mounted));
      })
      .compose(started -> config.http().redirectPort() > 0 && config.tls().enabled()
        ? vertx.deployVerticle(new HttpsRedirectVerticle(config.http().host(), config.http().redirectPort(),
            started.port())).map(started)
        : Future.succeededFuture(started));
  }

  private static Future<List<MountedSlice>> loadContracts(Vertx vertx, List<ApiSlice> slices) {
    List<Future<MountedSlice>> loaded = slices.stream()
      .map(slice -> OpenAPIContract.from(vertx, slice.contract())
        .recover(err -> Future.failedFuture(new IllegalStateException(
          "contract " + slice.contract() + " could not be loaded: " + err.getMessage(), err)))
        .map(contract -> new MountedSlice(slice, contract)))
      .toList();
    return Future.all(loaded).map(all -> loaded.stream().map(Future::result).toList());
  }

  public int port() {
    return port;
  }

  /** The APIs served, each with its loaded contract. */
  public List<MountedSlice> slices() {
    return slices;
  }

  public Vertx vertx() {
    return vertx;
  }

  public GatewayConfig config() {
    return config;
  }

  public Identity identity() {
    return identity;
  }

  /** The admin password this start generated, or null when the account already existed or was configured. */
  public String generatedAdminPassword() {
    return generatedAdminPassword;
  }

  public Future<Void> stop() {
    return identity.close()
      .eventually(storage::close)
      .eventually(vertx::close);
  }
}
