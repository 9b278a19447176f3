package io.sessiongate.core.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.sessiongate.bmcsim.SimulatedBmcOptions;
import io.sessiongate.bmcsim.SimulatedBmcVerticle;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import static io.sessiongate.testing.Await.await;
import static io.sessiongate.testing.Await.pause;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A proxied GET through a real gateway with tracing on (the SDK's in-memory exporter chosen by
 * {@code tracing.exporter: memory}) to a real simulated BMC: one trace, continuing the client's traceparent,
 * with the server span, the lease's event-bus hop, the BMC login and the BMC request carrying the device id,
 * method, the BMC's status and the retry flag, and the HTTP client's request to the BMC inside it, whose
 * traceparent the BMC receives; a request the BMC answers 401 once is two BMC request spans, the second a
 * retry; the request id is the trace id.
 */
class TracingTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CLIENT_SPAN = "00f067aa0ba902b7";
  private static final AttributeKey<String> DEVICE = AttributeKey.stringKey("sessiongate.device.id");
  private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<Boolean> RETRY = AttributeKey.booleanKey("sessiongate.retry");

  @Test
  void aProxiedGetIsOneTraceWithServerLoginAndBmcSpans() {
    withGatewayAndBmc((gateway, bmc) -> {
      String token = gateway.adminToken();
      HttpResponse<Buffer> created = register(gateway, "traced", bmc);
      assertEquals(201, created.statusCode());
      HttpResponse<Buffer> system = gateway.send(gateway.request(HttpMethod.GET, "/bmc/traced/redfish/v1/Systems/1")
        .bearerTokenAuthentication(token).putHeader("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01"));
      assertEquals(200, system.statusCode(), system.bodyAsString());

      List<SpanData> trace = InMemoryExporterProvider.spansOf(TRACE_ID, spans -> named(spans, "bmc.request").isPresent() && named(spans, "bmc.login").isPresent()
        && spans.stream().anyMatch(span -> span.getKind() == SpanKind.SERVER));
      String shown = trace.stream().map(span -> span.getKind() + " " + span.getName() + " " + span.getAttributes())
        .collect(Collectors.joining("\n  "));
      SpanData server = trace.stream().filter(span -> span.getKind() == SpanKind.SERVER
        && "/bmc/traced/redfish/v1/Systems/1".equals(span.getAttributes().get(AttributeKey.stringKey("url.path"))))
        .findFirst().orElseThrow(() -> new AssertionError("no server span of the request in\n  " + shown));
      assertEquals(CLIENT_SPAN, server.getParentSpanId(), "the server span continues the client's traceparent\n  " + shown);
      // This node owns the device's shard: the lease is a call on the owner's event loop, not an event-bus hop, and
      // the BMC login it opens is still a span of the client's trace.
      SpanData login = named(trace, "bmc.login").orElseThrow(() -> new AssertionError("no BMC login span in\n  " + shown));
      assertEquals(TRACE_ID, login.getTraceId());
      assertEquals("traced", login.getAttributes().get(DEVICE));
      SpanData request = named(trace, "bmc.request").orElseThrow();
      assertEquals("traced", request.getAttributes().get(DEVICE), shown);
      assertEquals("GET", request.getAttributes().get(AttributeKey.stringKey("http.request.method")));
      assertEquals(200L, request.getAttributes().get(STATUS), shown);
      assertEquals(false, request.getAttributes().get(RETRY), shown);
      assertEquals(201L, login.getAttributes().get(STATUS), shown);
      assertEquals(false, login.getAttributes().get(RETRY), shown);
      assertTrue(trace.stream().anyMatch(span -> span.getKind() == SpanKind.CLIENT
          && span.getParentSpanId().equals(request.getSpanId())),
        "the HTTP request to the BMC is a child of the BMC request span\n  " + shown);
      SpanData toBmc = trace.stream().filter(span -> span.getKind() == SpanKind.CLIENT
        && span.getParentSpanId().equals(request.getSpanId())).findFirst().orElseThrow();
      assertEquals("00-" + TRACE_ID + "-" + toBmc.getSpanId() + "-01", bmcSim(bmc, HttpMethod.GET, "/sim/stats").bodyAsJsonObject().getString("lastTraceparent"),
        "the BMC was sent the traceparent of the HTTP request to it, in the client's trace\n  " + shown);
      assertEquals(TRACE_ID, system.getHeader("X-Request-Id"), "the request id is the trace id");
      // And the request id field of an error body (problem details' requestId) is the trace id too.
      String failingTrace = "7ef92f3577b34da6a3ce929d0e0e4739";
      HttpResponse<Buffer> missing = gateway.send(gateway.request(HttpMethod.GET, "/admin/users/nobody-here")
        .bearerTokenAuthentication(token).putHeader("traceparent", "00-" + failingTrace + "-" + CLIENT_SPAN + "-01"));
      assertEquals(404, missing.statusCode());
      assertEquals(failingTrace, missing.bodyAsJsonObject().getString("requestId"), missing.bodyAsString());
      // The audit event of the device's registration names the trace of that request.
      String auditedTrace = auditEvents(gateway).stream().filter(event -> "device.created".equals(event.getString("event")))
        .findFirst().orElseThrow().getString("traceId");
      assertEquals(created.getHeader("X-Request-Id"), auditedTrace);
      assertEquals(32, auditedTrace.length());
    });
  }

  @Test
  void aRequestTheBmcAnswered401IsTriedAgainAndTheSecondBmcRequestSpanSaysRetry() {
    withGatewayAndBmc((gateway, bmc) -> {
      String token = gateway.adminToken();
      assertEquals(201, register(gateway, "dropping", bmc).statusCode());
      assertEquals(200, gateway.send(gateway.request(HttpMethod.GET, "/bmc/dropping/redfish/v1/Systems/1")
        .bearerTokenAuthentication(token)).statusCode());
      // As a BMC that rebooted: the gateway's pooled session answers 401 once, and the request goes again.
      assertEquals(204, bmcSim(bmc, HttpMethod.POST, "/sim/drop-sessions").statusCode());
      String traceId = "5cf92f3577b34da6a3ce929d0e0e4737";
      HttpResponse<Buffer> system = gateway.send(gateway.request(HttpMethod.GET, "/bmc/dropping/redfish/v1/Systems/1")
        .bearerTokenAuthentication(token).putHeader("traceparent", "00-" + traceId + "-" + CLIENT_SPAN + "-01"));
      assertEquals(200, system.statusCode(), system.bodyAsString());

      List<SpanData> trace = InMemoryExporterProvider.spansOf(traceId, spans -> spans.stream()
        .filter(span -> span.getName().equals("bmc.request")).count() == 2);
      String shown = trace.stream().map(span -> span.getKind() + " " + span.getName() + " " + span.getAttributes())
        .collect(Collectors.joining("\n  "));
      List<SpanData> requests = trace.stream().filter(span -> span.getName().equals("bmc.request"))
        .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
      assertEquals(401L, requests.get(0).getAttributes().get(STATUS), shown);
      assertEquals(false, requests.get(0).getAttributes().get(RETRY), shown);
      assertEquals(200L, requests.get(1).getAttributes().get(STATUS), shown);
      assertEquals(true, requests.get(1).getAttributes().get(RETRY), shown);
      assertEquals("dropping", requests.get(1).getAttributes().get(DEVICE), shown);
    });
  }

  /** A traced in-memory gateway and a real simulated BMC (root/calvin, 4 sessions), for {@code test}. */
  private static void withGatewayAndBmc(BiConsumer<TestGateway, SimulatedBmcVerticle> test) {
    withGatewayAndBmc(Map.of("tracing.enabled", "true", "tracing.exporter", "memory"), test);
  }

  private static void withGatewayAndBmc(Map<String, String> settings, BiConsumer<TestGateway, SimulatedBmcVerticle> test) {
    System.setProperty("otel.bsp.schedule.delay", "50");
    Vertx bmcVertx = Vertx.vertx();
    try {
      SimulatedBmcVerticle bmc = new SimulatedBmcVerticle(new SimulatedBmcOptions("127.0.0.1", 0, "root", "calvin",
        4, 0, 600, false));
      await(bmcVertx.deployVerticle(bmc));
      try (TestGateway gateway = TestGateway.inMemory(settings)) {
        test.accept(gateway, bmc);
      }
    } finally {
      System.clearProperty("otel.bsp.schedule.delay");
      await(bmcVertx.close());
    }
  }

  private static HttpResponse<Buffer> register(TestGateway gateway, String id, SimulatedBmcVerticle bmc) {
    return gateway.send(gateway.request(HttpMethod.POST, "/admin/devices").bearerTokenAuthentication(gateway.adminToken()),
      new JsonObject().put("id", id).put("address", "http://127.0.0.1:" + bmc.actualPort())
        .put("tls", new JsonObject().put("mode", "insecure"))
        // "session", not the default "auto": an auto device is probed (and logged in) on registration, in the
        // registration's trace, and these tests want the login inside the proxied GET's.
        .put("auth", "session")
        .put("credentials", new JsonObject().put("username", "root").put("password", "calvin")));
  }

  /** A call to bmc-sim's own /sim endpoints, from a Vert.x of its own (not traced). */
  private static HttpResponse<Buffer> bmcSim(SimulatedBmcVerticle bmc, HttpMethod method, String path) {
    Vertx vertx = Vertx.vertx();
    try {
      return await(WebClient.create(vertx).request(method, bmc.actualPort(), "127.0.0.1", path).send());
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void postgresStatementsOfARequestAreSpansOfItsTrace() {
    System.setProperty("otel.bsp.schedule.delay", "50");
    try (TestGateway gateway = TestGateway.onPostgres("tracing", Map.of("tracing.enabled", "true",
      "tracing.exporter", "memory"))) {
      String token = gateway.adminToken();
      HttpResponse<Buffer> created = gateway.send(gateway.request(HttpMethod.POST, "/admin/users")
        .bearerTokenAuthentication(token), new JsonObject().put("login", "traced-olga")
        .put("password", "a-long-password").put("tenant", "acme"));
      assertEquals(201, created.statusCode());
      String traceId = created.getHeader("X-Request-Id");
      List<SpanData> trace = InMemoryExporterProvider.spansOf(traceId, spans -> spans.stream().anyMatch(span -> span.getKind() == SpanKind.CLIENT
        && "postgresql".equals(span.getAttributes().get(AttributeKey.stringKey("db.system")))));
      SpanData insert = trace.stream().filter(span -> "postgresql".equals(span.getAttributes().get(AttributeKey.stringKey("db.system"))))
        .findFirst().orElseThrow();
      assertTrue(String.valueOf(insert.getAttributes().get(AttributeKey.stringKey("db.query.text"))
        + insert.getAttributes().get(AttributeKey.stringKey("db.statement"))).contains("INSERT INTO users"), insert.toString());
    } finally {
      System.clearProperty("otel.bsp.schedule.delay");
    }
  }

  /**
   * The default exporter (OTLP over HTTP/protobuf) and {@code tracing.endpoint}: a real HTTP receiver in the test
   * is sent {@code POST /v1/traces} batches that hold the proxied GET's trace id and its BMC spans with the device
   * id (protobuf carries ids as raw bytes and strings as UTF-8, so they are found in the body undecoded).
   */
  @Test
  void withAnOtlpEndpointTheSpansOfAProxiedGetReachTheCollector() {
    Vertx collectorVertx = Vertx.vertx();
    java.util.Queue<Buffer> batches = new java.util.concurrent.ConcurrentLinkedQueue<>();
    java.util.Queue<String> seen = new java.util.concurrent.ConcurrentLinkedQueue<>();
    try {
      io.vertx.core.http.HttpServer collector = await(collectorVertx.createHttpServer().requestHandler(request ->
        request.body().onSuccess(body -> {
          seen.add(request.method() + " " + request.path() + " " + request.getHeader("Content-Type"));
          batches.add(body);
          request.response().setStatusCode(200).putHeader("Content-Type", "application/x-protobuf").end();
        })).listen(0, "127.0.0.1"));
      String traceId = "6df92f3577b34da6a3ce929d0e0e4738";
      withGatewayAndBmc(Map.of("tracing.enabled", "true", "tracing.endpoint", "http://127.0.0.1:" + collector.actualPort()),
        (gateway, bmc) -> {
          assertEquals(201, register(gateway, "exported", bmc).statusCode());
          assertEquals(200, gateway.send(gateway.request(HttpMethod.GET, "/bmc/exported/redfish/v1/Systems/1")
            .bearerTokenAuthentication(gateway.adminToken())
            .putHeader("traceparent", "00-" + traceId + "-" + CLIENT_SPAN + "-01")).statusCode());
          byte[] id = java.util.HexFormat.of().parseHex(traceId);
          long giveUp = System.currentTimeMillis() + 10_000;
          while (true) {
            String all = batches.stream().filter(batch -> indexOf(batch.getBytes(), id) >= 0)
              .map(batch -> batch.toString(java.nio.charset.StandardCharsets.ISO_8859_1)).collect(Collectors.joining());
            if (all.contains("bmc.request") && all.contains("bmc.login") && all.contains("exported")) {
              break;
            }
            assertTrue(System.currentTimeMillis() < giveUp, "the collector got no batch with the trace's BMC spans; "
              + "requests: " + seen);
            pause(100);
          }
        });
      assertTrue(seen.stream().allMatch(request -> request.equals("POST /v1/traces application/x-protobuf")),
        seen.toString());
    } finally {
      await(collectorVertx.close());
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  private static List<JsonObject> auditEvents(TestGateway gateway) {
    try {
      return java.nio.file.Files.readAllLines(gateway.dataDir().resolve("audit.log")).stream().map(JsonObject::new).toList();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<SpanData> named(List<SpanData> spans, String name) {
    return spans.stream().filter(span -> span.getName().equals(name)).findFirst();
  }

}
