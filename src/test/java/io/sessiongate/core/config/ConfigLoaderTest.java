package io.sessiongate.core.config;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.sessiongate.testing.Await.await;
import static io.sessiongate.testing.Await.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    await(vertx.close());
  }

  @Test
  void theEmbeddedDefaultsServeHttpsOn8443WithTheInProcessStore() {
    GatewayConfig config = await(ConfigLoader.load(vertx, null, Map.of()));
    assertEquals(8443, config.http().port());
    assertTrue(config.tls().enabled());
    assertEquals(GatewayConfig.StoreKind.MEMORY, config.store());
    assertEquals(1048576, config.http().maxBodyBytes());
    assertFalse(config.clusterEnabled());
  }

  @Test
  void environmentVariablesOverrideTheirKeyPath() {
    GatewayConfig config = await(ConfigLoader.load(vertx, null, Map.of(
      "SESSIONGATE_HTTP_PORT", "9443",
      "SESSIONGATE_STORE", "postgres",
      "SESSIONGATE_PG_URI", "postgresql://gw:pw@db.example:5433/gate",
      "SESSIONGATE_DATA_DIR", "/var/lib/sessiongate",
      "SESSIONGATE_TLS_ENGINE", "jdk")));
    assertEquals(9443, config.http().port());
    assertEquals(GatewayConfig.StoreKind.POSTGRES, config.store());
    assertEquals(Path.of("/var/lib/sessiongate"), config.dataDir());
    assertEquals(GatewayConfig.TlsEngine.JDK, config.tls().engine());
    GatewayConfig.PgUri uri = GatewayConfig.PgUri.parse(config.pg().uri());
    assertEquals("db.example", uri.host());
    assertEquals(5433, uri.port());
    assertEquals("gate", uri.database());
    assertEquals("gw", uri.user());
    assertEquals("pw", uri.password());
  }

  @Test
  void aWrongValueNamesTheKeyTheVariableAndWhatIsAllowed() {
    Throwable error = failure(ConfigLoader.load(vertx, null, Map.of("SESSIONGATE_HTTP_PORT", "eighty")));
    assertInstanceOf(ConfigException.class, error);
    assertEquals("http.port (from SESSIONGATE_HTTP_PORT): must be an integer from 0 to 65535, got 'eighty'",
      error.getMessage());

    Throwable store = failure(ConfigLoader.load(vertx, null, Map.of("SESSIONGATE_STORE", "redis")));
    assertEquals("store (from SESSIONGATE_STORE): must be one of memory, postgres, got 'redis'", store.getMessage());
  }

  @Test
  void postgresWithoutAUriIsRefusedAtStart() {
    Throwable error = failure(ConfigLoader.load(vertx, null, Map.of("SESSIONGATE_STORE", "postgres")));
    assertTrue(error.getMessage().startsWith("pg.uri (SESSIONGATE_PG_URI): required when store is postgres"),
      error.getMessage());
  }

  @Test
  void aClusterNeedsThePostgresStore() {
    Throwable error = failure(ConfigLoader.load(vertx, null, Map.of("SESSIONGATE_CLUSTER_ENABLED", "true")));
    assertTrue(error.getMessage().startsWith("cluster.enabled"), error.getMessage());
  }

  @Test
  void aConfFileOverridesTheDefaultsAndTheEnvironmentOverridesTheFile() throws Exception {
    Path file = Files.createTempFile("sessiongate", ".yaml");
    Files.writeString(file, "http:\n  port: 7443\n  max-body-bytes: 4096\nlog:\n  format: json\n");
    GatewayConfig fromFile = await(ConfigLoader.load(vertx, file, Map.of()));
    assertEquals(7443, fromFile.http().port());
    assertEquals(4096, fromFile.http().maxBodyBytes());
    assertEquals(GatewayConfig.LogFormat.JSON, fromFile.logFormat());
    assertEquals(8192, fromFile.http().maxHeaderBytes(), "keys the file does not name keep their defaults");

    GatewayConfig overridden = await(ConfigLoader.load(vertx, file, Map.of("SESSIONGATE_HTTP_PORT", "6443")));
    assertEquals(6443, overridden.http().port());
  }

  @Test
  void aMissingConfFileIsNamed() {
    Throwable error = failure(ConfigLoader.load(vertx, Path.of("/nonexistent/sg.yaml"), Map.of()));
    assertEquals("--conf: no such file /nonexistent/sg.yaml", error.getMessage());
  }
}
