package io.sessiongate.cluster;

import io.sessiongate.testing.GatewayProcess;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Symphony workload sessions: created, read and closed (destroyed) through the client API with HTTP Basic. */
final class SymphonySessions implements ClusterSession<Long> {
  private static final String SESSION = "/platform/rest/symrest/v1/clientapi/session?applicationName=symping7.3.2";

  private final String adminPassword;

  SymphonySessions(String adminPassword) {
    this.adminPassword = adminPassword;
  }

  @Override
  public String api() {
    return "Symphony workload session";
  }

  @Override
  public Long open(GatewayProcess node) {
    HttpResponse<Buffer> created = node.send(node.request(HttpMethod.POST, SESSION)
      .basicAuthentication("admin", adminPassword), new JsonObject().put("sessionName", "cluster-it"));
    assertEquals(200, created.statusCode(), created.bodyAsString());
    return created.bodyAsJsonObject().getLong("sessionId");
  }

  /** Closed and destroyed, a workload session is gone: 404 is its refusal. */
  @Override
  public boolean usable(GatewayProcess node, Long sessionId) {
    HttpResponse<Buffer> read = node.send(node.request(HttpMethod.GET, SESSION + "&sessionId=" + sessionId)
      .basicAuthentication("admin", adminPassword));
    if (read.statusCode() == 404) {
      return false;
    }
    assertEquals(200, read.statusCode(), read.bodyAsString());
    assertEquals(sessionId, read.bodyAsJsonObject().getLong("sessionId"));
    return true;
  }

  @Override
  public void revoke(GatewayProcess node, Long sessionId) {
    assertEquals(200, node.send(node.request(HttpMethod.DELETE, SESSION + "&sessionId=" + sessionId
      + "&destroyOnCloseFlag=true").basicAuthentication("admin", adminPassword)).statusCode());
  }
}
