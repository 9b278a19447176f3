package io.sessiongate.core.tracing;

import io.sessiongate.testing.GatewayProcess;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jar with {@code log.format: json} and tracing on: the line logged while a request is served (a BMC that
 * refuses the connection is a 502, logged at WARN) carries that request's trace id in its {@code mdc}.
 */
class JsonLogTraceIdIT {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  @Test
  void aJsonLogLineNamesTheTraceOfTheRequestItWasLoggedFor() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Vertx vertx = Vertx.vertx();
    Path dir = Files.createTempDirectory("sessiongate-jsonlog-");
    GatewayProcess gateway = GatewayProcess.start("jsonlog", List.of(), Map.of(
      "SESSIONGATE_DATA_DIR", dir.toString(),
      "SESSIONGATE_HTTP_HOST", "127.0.0.1",
      "SESSIONGATE_HTTP_PORT", "0",
      "SESSIONGATE_ADMIN_PASSWORD", "an-admin-password",
      "SESSIONGATE_LOG_FORMAT", "json",
      "SESSIONGATE_TRACING_ENABLED", "true",
      "SESSIONGATE_TRACING_EXPORTER", "none"), dir, vertx);
    try {
      gateway.awaitListening(60_000);
      String token = gateway.token("admin", "an-admin-password");
      HttpResponse<Buffer> created = gateway.send(gateway.request(HttpMethod.POST, "/admin/devices")
        .bearerTokenAuthentication(token), new JsonObject().put("id", "refusing").put("auth", "session")
        .put("address", "http://127.0.0.1:" + closedPort).put("tls", new JsonObject().put("mode", "insecure"))
        .put("credentials", new JsonObject().put("username", "root").put("password", "calvin")));
      assertEquals(201, created.statusCode(), created.bodyAsString());
      HttpResponse<Buffer> refused = gateway.send(gateway.request(HttpMethod.GET, "/bmc/refusing/redfish/v1/Systems/1")
        .bearerTokenAuthentication(token).putHeader("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01"));
      assertEquals(502, refused.statusCode(), refused.bodyAsString());

      JsonObject logged = null;
      for (int i = 0; i < 50 && logged == null; i++) {
        logged = gateway.log().lines().filter(line -> line.startsWith("{")).map(JsonObject::new)
          .filter(line -> line.getString("formattedMessage", "").contains("/bmc/refusing/redfish/v1/Systems/1 -> 502"))
          .findFirst().orElse(null);
        if (logged == null) {
          await(vertx.timer(100)); // the process writes its log on its own schedule
        }
      }
      assertTrue(logged != null, "no log line for the 502 in\n" + gateway.log());
      assertEquals("WARN", logged.getString("level"), logged.encode());
      assertEquals(TRACE_ID, logged.getJsonObject("mdc").getString("traceId"), logged.encode());
    } finally {
      gateway.terminate(10_000);
      await(vertx.close());
    }
  }
}
