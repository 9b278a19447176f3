package io.sessiongate.murano;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.sessiongate.core.tracing.InMemoryExporterProvider;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Murano deploy with tracing on and the webhook deployer pointed at a real HTTP endpoint: the deploy
 * request's trace holds a {@code murano.webhook} span (with the session and the webhook's status), and the
 * webhook receives a traceparent naming that span, in the deploy's trace (the WebClient makes no client span
 * of its own there, so the deployer sends it).
 */
class MuranoWebhookTracingTest {
  @Test
  void theWebhookCallIsASpanOfTheDeploysTraceAndTheWebhookGetsItsTraceparent() {
    System.setProperty("otel.bsp.schedule.delay", "50");
    try (DeployerStub webhook = new DeployerStub();
         TestGateway gateway = TestGateway.inMemory(Map.of("tracing.enabled", "true", "tracing.exporter", "memory",
           "murano.deployer.type", "webhook", "murano.deployer.url", webhook.url()))) {
      webhook.answer(200);
      MuranoClient client = MuranoClient.user(gateway, "dev", "t1", false);
      String env = client.createEnvironment("traced").getString("id");
      String session = client.configure(env).getString("id");
      HttpResponse<Buffer> deploy = client.call(HttpMethod.POST, "/environments/" + env + "/sessions/" + session + "/deploy");
      assertEquals(200, deploy.statusCode(), deploy.bodyAsString());
      client.awaitStatus(env, "ready");
      String traceId = deploy.getHeader("X-Request-Id");
      assertEquals(32, traceId.length(), "the request id is a trace id: " + traceId);

      List<SpanData> trace = InMemoryExporterProvider.spansOf(traceId,
        spans -> spans.stream().anyMatch(span -> span.getName().equals("murano.webhook")));
      String shown = trace.stream().map(span -> span.getKind() + " " + span.getName() + " " + span.getAttributes())
        .collect(Collectors.joining("\n  ")) + "\n  the webhook saw traceparents " + webhook.traceparents();
      SpanData span = trace.stream().filter(s -> s.getName().equals("murano.webhook")).findFirst().orElseThrow();
      assertEquals(200L, span.getAttributes().get(AttributeKey.longKey("http.response.status_code")), shown);
      assertEquals(session, span.getAttributes().get(AttributeKey.stringKey("sessiongate.murano.session.id")), shown);
      assertEquals(List.of("00-" + traceId + "-" + span.getSpanId() + "-01"), webhook.traceparents(),
        "the webhook was sent the traceparent of the murano.webhook span, in the deploy's trace\n  " + shown);
      assertTrue(trace.stream().anyMatch(s -> s.getKind() == SpanKind.SERVER && s.getParentSpanId().equals("0000000000000000")),
        shown);
    } finally {
      System.clearProperty("otel.bsp.schedule.delay");
    }
  }
}
