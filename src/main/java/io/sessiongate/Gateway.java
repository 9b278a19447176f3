package io.sessiongate;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sessiongate.core.auth.BootstrapAdmin;
import io.sessiongate.core.auth.Identity;
import io.sessiongate.core.audit.AuditLog;
import io.sessiongate.core.audit.AuditSettings;
import io.sessiongate.core.bus.LocalMessageCodec;
import io.sessiongate.core.cluster.ClusterDutyVerticle;
import io.sessiongate.core.cluster.ClusterKeys;
import io.sessiongate.core.cluster.ClusterSettings;
import io.sessiongate.core.cluster.ClusterView;
import io.sessiongate.core.config.DataDirectory;
import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.docs.ApiDocs;
import io.sessiongate.core.http.ApiSlice;
import io.sessiongate.core.http.ErrorResponder;
import io.sessiongate.core.http.HttpRouterVerticle;
import io.sessiongate.core.http.HttpRouterVerticle.MountedSlice;
import io.sessiongate.core.http.HttpsRedirectVerticle;
import io.sessiongate.core.http.ServerTls;
import io.sessiongate.core.ops.GatewayMetricsFactory;
import io.sessiongate.core.ops.Logging;
import io.sessiongate.core.tracing.Tracing;
import io.sessiongate.core.tracing.TracingSettings;
import io.sessiongate.core.ops.OperationsRoutes;
import io.sessiongate.core.storage.Storage;
import io.sessiongate.deviceproxy.owner.BmcSessionRecords;
import io.sessiongate.deviceproxy.registry.CredentialCipher;
import io.sessiongate.deviceproxy.owner.PooledSessionStore;
import io.sessiongate.deviceproxy.bmc.DeviceClients;
import io.sessiongate.deviceproxy.DeviceAdministration;
import io.sessiongate.aggregation.Aggregation;
import io.sessiongate.deviceproxy.client.DeviceProxyRoutes;
import io.sessiongate.deviceproxy.registry.DeviceProxySettings;
import io.sessiongate.deviceproxy.owner.DeviceProxyVerticle;
import io.sessiongate.deviceproxy.owner.ShardMessages;
import io.sessiongate.deviceproxy.registry.DeviceRegistry;
import io.sessiongate.deviceproxy.registry.DeviceStore;
import io.sessiongate.deviceproxy.client.PassthroughSessionStore;
import io.sessiongate.redfish.RedfishErrorFormat;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import java.util.Base64;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One gateway node: wires config, the cluster membership (when clustered), store, cluster duties, identity
 * core, the API slices with their session verticles, and the router verticles; and takes them down again in
 * order ({@link #stop}). Thin on purpose: the logic lives in the slices and the core.
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
  private final ClusterView view;
  private final Deployments deployments;

  private Gateway(Vertx vertx, GatewayConfig config, Storage storage, Identity identity, int port,
                  String generatedAdminPassword, List<MountedSlice> slices, ClusterView view,
                  Deployments deployments) {
    this.view = view;
    this.deployments = deployments;
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
    ClusterSettings cluster;
    DeviceProxySettings deviceSettings;
    try {
      cluster = ClusterSettings.from(config);
      deviceSettings = DeviceProxySettings.from(config);
      if (cluster.enabled()) {
        ClusterKeys.requireConfigured(sharedKeys(config.auth().jwtSecret(), deviceSettings));
      }
    } catch (RuntimeException invalid) {
      return Future.failedFuture(invalid);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Tracing tracing;
    try {
      tracing = Tracing.start(TracingSettings.from(config));
    } catch (RuntimeException invalid) {
      return Future.failedFuture(invalid);
    }
    return node(cluster, registry, tracing).compose(node -> start(node, config, cluster, deviceSettings, registry)
      .recover(err -> {
        // Not chained: the close completes on a context that is going away.
        node.vertx().close();
        return Future.failedFuture(err);
      }));
  }

  /** The Vert.x instance: on its own, or a member of the cluster with the clustered event bus. */
  private record Node(Vertx vertx, HazelcastClusterManager members, Tracing tracing) {
  }

  private static Future<Node> node(ClusterSettings cluster, PrometheusMeterRegistry registry, Tracing tracing) {
    VertxOptions options = new VertxOptions()
      .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
    if (!cluster.enabled()) {
      return Future.succeededFuture(new Node(tracing.install(Vertx.builder().with(options), options)
        .withMetrics(new GatewayMetricsFactory(registry)).build(), null, tracing));
    }
    options.getEventBusOptions().setPort(cluster.busPort());
    if (!cluster.host().isBlank()) {
      options.getEventBusOptions().setHost(cluster.host());
    }
    HazelcastClusterManager members = new HazelcastClusterManager(cluster.hazelcastConfig());
    return tracing.install(Vertx.builder().with(options), options).withMetrics(new GatewayMetricsFactory(registry))
      .withClusterManager(members).buildClustered()
      .map(vertx -> new Node(vertx, members, tracing))
      .recover(err -> Future.failedFuture(new IllegalStateException("could not join the cluster '" + cluster.name()
        + "' on port " + cluster.port() + ": " + err.getMessage(), err)));
  }

  private static Future<Gateway> start(Node node, GatewayConfig config, ClusterSettings cluster,
                                       DeviceProxySettings deviceSettings, PrometheusMeterRegistry registry) {
    Vertx vertx = node.vertx();
    LocalMessageCodec.register(vertx.eventBus());
    node.tracing().register(vertx);
    DataDirectory dataDirectory = new DataDirectory(config.dataDir());
    Deployments deployments = new Deployments();
    return vertx.executeBlocking(() -> new Secrets(
          config.auth().jwtSecret().isBlank() ? dataDirectory.jwtSecret() : config.auth().jwtSecret(),
          ServerTls.serverOptions(config, dataDirectory),
          deviceSettings.credentialKey().isBlank()
            ? deviceSettings.withCredentialKey(dataDirectory.secret("device-credentials.key")) : deviceSettings))
      .compose(secrets -> vertx.executeBlocking(() -> AuditLog.open(vertx, AuditSettings.from(config))).map(secrets))
      .compose(secrets -> Storage.open(vertx, config).compose(storage -> agreeOnKeys(node, storage, secrets))
        .compose(storage -> {
        ClusterDutyVerticle duties = new ClusterDutyVerticle(storage, Duration.ofSeconds(cluster.dutyCheckSeconds()),
          node.members() != null);
        ClusterView view = node.members() == null ? ClusterView.standalone(cluster, duties)
          : ClusterView.member(cluster, node.members(), duties);
        // Duties first: the identity core and the session verticles declare theirs as they start.
        return vertx.deployVerticle(duties).compose(id -> {
          deployments.duties = id;
          return Identity.start(vertx, config, storage, secrets.jwtSecret());
        }).compose(identity ->
          BootstrapAdmin.ensure(identity, config.adminPassword()).compose(adminPassword ->
            deploy(vertx, config, cluster, storage, identity, secrets, registry, view, deployments).map(started -> {
              LOG.info("SessionGate listening on {}://{}:{} ({}); store: {}{}",
                config.tls().enabled() ? "https" : "http", config.http().host(), started.port(),
                secrets.tls().description(), config.store().name().toLowerCase(),
                node.members() == null ? "" : "; cluster '" + cluster.name() + "'");
              return new Gateway(vertx, config, storage, identity, started.port(), adminPassword, started.slices(),
                view, deployments);
            })));
      }));
  }

  /** A clustered node's keys must be the cluster's (fingerprints in PostgreSQL); a standalone node's are its own. */
  private static Future<Storage> agreeOnKeys(Node node, Storage storage, Secrets secrets) {
    return node.members() == null ? Future.succeededFuture(storage)
      : ClusterKeys.agree(storage.pool(), sharedKeys(secrets.jwtSecret(), secrets.deviceSettings())).map(storage);
  }

  /** The keys every node of a cluster must share (see {@link ClusterKeys}). */
  private static List<ClusterKeys.Key> sharedKeys(String jwtSecret, DeviceProxySettings deviceSettings) {
    return List.of(new ClusterKeys.Key("auth.jwt-secret", jwtSecret),
      new ClusterKeys.Key("devices.credential-key", deviceSettings.credentialKey()));
  }

  private record Secrets(String jwtSecret, ServerTls.Choice tls, DeviceProxySettings deviceSettings) {
  }


  private record Started(int port, List<MountedSlice> slices) {
  }

  /** What this node deployed, so {@link #stop} can take it down in order. */
  private static final class Deployments {
    String duties;
    final List<String> sessionVerticles = new CopyOnWriteArrayList<>();
    String routers;
    String redirect;
    DeviceClients deviceClients;
  }

  /** A shard of the devices has no owner for about one duty check when its node leaves: wait that long. */
  private static long waitForDeviceOwner(ClusterSettings cluster) {
    return 2_000L * cluster.dutyCheckSeconds() + 2_000;
  }

  private static Future<Started> deploy(Vertx vertx, GatewayConfig config, ClusterSettings cluster, Storage storage, Identity identity,
                                        Secrets secrets, PrometheusMeterRegistry registry, ClusterView view,
                                        Deployments deployments) {
    int instances = config.http().instances() > 0 ? config.http().instances()
      : VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
    DeviceProxySettings deviceSettings = secrets.deviceSettings();
    CredentialCipher deviceCipher = new CredentialCipher(Base64.getDecoder().decode(deviceSettings.credentialKey()));
    DeviceRegistry devices = new DeviceRegistry(DeviceStore.create(storage), deviceCipher,
      deviceSettings.allowedNetworks(), deviceSettings.defaults());
    ShardMessages.register(vertx.eventBus());
    DeviceClients deviceClients = new DeviceClients(vertx, devices, deviceSettings, registry);
    ErrorResponder errors = new ErrorResponder(config.http().maxBodyBytes(), storage.health());
    DeviceProxyRoutes deviceProxy = new DeviceProxyRoutes(vertx, identity.authenticator(), deviceClients,
      PassthroughSessionStore.create(storage), deviceCipher, deviceSettings, waitForDeviceOwner(cluster),
      new RedfishErrorFormat(), errors);
    DeviceAdministration deviceAdministration = new DeviceAdministration(devices, deviceSettings.shards());
    Aggregation aggregation = new Aggregation(vertx, identity.authenticator(), devices, deviceAdministration, deviceProxy,
      new RedfishErrorFormat(), errors, storage, config);
    List<ApiSlice> slices = Slices.all(config, storage, identity, deviceAdministration, aggregation.fleet());
    List<Future<String>> sessionVerticles = new ArrayList<>();
    for (ApiSlice slice : slices) {
      slice.sessionVerticles().forEach(supplier -> sessionVerticles.add(vertx.deployVerticle(supplier, new DeploymentOptions())));
    }
    sessionVerticles.add(vertx.deployVerticle(aggregation.taskVerticle()));
    BmcSessionRecords bmcSessionRecords = new BmcSessionRecords(PooledSessionStore.create(storage), deviceCipher);
    deployments.deviceClients = deviceClients;
    for (int instance = 0; instance < instances; instance++) {
      sessionVerticles.add(vertx.deployVerticle(new DeviceProxyVerticle(instance, instances, deviceClients, deviceSettings,
        bmcSessionRecords)));
    }
    sessionVerticles.forEach(deployed -> deployed.onSuccess(deployments.sessionVerticles::add));
    storage.health().bindTo(registry);
    ServerTls.Choice tls = secrets.tls();
    Duration grace = Duration.ofSeconds(config.http().shutdownGraceSeconds());
    return Future.all(sessionVerticles)
      .compose(v -> devices.registerConfigured(deviceSettings.configuredDevices()))
      .compose(v -> loadContracts(vertx, slices))
      .compose(mounted -> ApiDocs.prepare(vertx, config, mounted).compose(docs -> {
        List<HttpRouterVerticle> routers = new CopyOnWriteArrayList<>();
        List<Handler<Router>> frontRoutes = List.of(docs, new OperationsRoutes(vertx, storage, view, registry),
          deviceProxy, aggregation.memberRoutes());
        HttpServerOptions options = tls.options();
        return vertx.deployVerticle(() -> {
            HttpRouterVerticle router = new HttpRouterVerticle(new HttpServerOptions(options),
              config.http().maxBodyBytes(), config.http().maxHeaderBytes(), config.http().accessLog(), mounted,
              frontRoutes, grace, storage.health());
            routers.add(router);
            return router;
          }, new DeploymentOptions().setInstances(instances))
          .map(id -> {
            deployments.routers = id;
            return new Started(routers.get(0).actualPort(), mounted);
          });
      }))
      .compose(started -> config.http().redirectPort() > 0 && config.tls().enabled()
        ? vertx.deployVerticle(new HttpsRedirectVerticle(config.http().host(), config.http().redirectPort(),
            started.port())).map(id -> {
              deployments.redirect = id;
              return started;
            })
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

  /** What this node knows about its cluster (members, duties held, draining). */
  public ClusterView cluster() {
    return view;
  }

  /**
   * Drains and stops, in this order: report not ready; stop accepting and let requests in flight finish
   * (up to {@code http.shutdown-grace-seconds}); release the cluster duties, so another node takes them over
   * at its next check; undeploy the session verticles (the device proxy logs out of its BMC sessions); close
   * the identity core and the store; leave the cluster and close Vert.x. A step that fails does not stop the
   * next ones.
   */
  public Future<Void> stop() {
    LOG.info("SessionGate draining: no new connections, requests in flight get up to {} s",
      config.http().shutdownGraceSeconds());
    view.drain();
    Future<Void> drained = undeploy(deployments.redirect)
      .transform(v -> undeploy(deployments.routers))
      .transform(v -> undeploy(deployments.duties))
      .transform(v -> Future.join(deployments.sessionVerticles.stream().map(this::undeploy).toList()))
      .transform(v -> deployments.deviceClients == null ? Future.succeededFuture() : deployments.deviceClients.close())
      .transform(v -> identity.close())
      .transform(v -> storage.close())
      .transform(v -> vertx.executeBlocking(() -> AuditLog.of(vertx).close(vertx)))
      .transform(v -> Tracing.of(vertx).close(vertx));
    // Not chained: a future of this chain reports on an event loop that vertx.close() terminates. The close's
    // own future and this promise belong to no context, so they report on the thread that completes them.
    Promise<Void> stopped = Promise.promise();
    drained.onComplete(v -> vertx.close().onComplete(closed -> {
      LOG.info("SessionGate stopped");
      stopped.handle(closed);
    }));
    return stopped.future();
  }

  private Future<Void> undeploy(String deploymentId) {
    return deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId)
      .onFailure(err -> LOG.warn("could not undeploy {} cleanly: {}", deploymentId, err.getMessage()));
  }
}
