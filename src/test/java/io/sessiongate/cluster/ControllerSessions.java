package io.sessiongate.cluster;

import io.sessiongate.testing.GatewayProcess;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Sessions-controller sessions: POST /api/session/login, GET /api/session (204), POST /api/session/logout. */
final class ControllerSessions implements ClusterSession<String> {
  private final String adminPassword;

  ControllerSessions(String adminPassword) {
    this.adminPassword = adminPassword;
  }

  @Override
  public String api() {
    return "sessions-controller session";
  }

  @Override
  public String open(GatewayProcess node) {
    HttpResponse<Buffer> login = node.send(node.request(HttpMethod.POST, "/api/session/login"),
      new JsonObject().put("login", "admin").put("password", adminPassword));
    assertEquals(201, login.statusCode(), login.bodyAsString());
    return login.getHeader("X-Auth-Token");
  }

  @Override
  public boolean usable(GatewayProcess node, String token) {
    int status = node.send(node.request(HttpMethod.GET, "/api/session").bearerTokenAuthentication(token)).statusCode();
    if (status == 401) {
      return false;
    }
    assertEquals(204, status);
    return true;
  }

  @Override
  public void revoke(GatewayProcess node, String token) {
    assertEquals(201, node.send(node.request(HttpMethod.POST, "/api/session/logout").bearerTokenAuthentication(token))
      .statusCode());
  }
}
