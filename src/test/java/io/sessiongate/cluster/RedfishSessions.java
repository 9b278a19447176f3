package io.sessiongate.cluster;

import io.sessiongate.testing.GatewayProcess;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Redfish sessions: POST SessionService/Sessions, GET the session with its X-Auth-Token, DELETE it (logout). */
final class RedfishSessions implements ClusterSession<RedfishSessions.Session> {
  record Session(String token, String location) {
  }

  private final String adminPassword;

  RedfishSessions(String adminPassword) {
    this.adminPassword = adminPassword;
  }

  @Override
  public String api() {
    return "Redfish session";
  }

  @Override
  public Session open(GatewayProcess node) {
    HttpResponse<Buffer> created = node.send(node.request(HttpMethod.POST, "/redfish/v1/SessionService/Sessions"),
      new JsonObject().put("UserName", "admin").put("Password", adminPassword));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return new Session(created.getHeader("X-Auth-Token"), created.getHeader("Location"));
  }

  @Override
  public boolean usable(GatewayProcess node, Session session) {
    return ClusterIT.acceptedOrRefused(node.send(node.request(HttpMethod.GET, session.location())
      .putHeader("X-Auth-Token", session.token())));
  }

  @Override
  public void revoke(GatewayProcess node, Session session) {
    assertEquals(204, node.send(node.request(HttpMethod.DELETE, session.location())
      .putHeader("X-Auth-Token", session.token())).statusCode());
  }
}
