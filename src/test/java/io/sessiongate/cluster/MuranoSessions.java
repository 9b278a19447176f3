package io.sessiongate.cluster;

import io.sessiongate.testing.GatewayProcess;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Murano configuration sessions: an environment and a session opened on it, read, then deleted. */
final class MuranoSessions implements ClusterSession<MuranoSessions.Session> {
  record Session(String token, String environmentId, String sessionId) {
    String uri() {
      return "/murano/v1/environments/" + environmentId + "/sessions/" + sessionId;
    }
  }

  private final String adminPassword;

  MuranoSessions(String adminPassword) {
    this.adminPassword = adminPassword;
  }

  @Override
  public String api() {
    return "Murano configuration session";
  }

  @Override
  public Session open(GatewayProcess node) {
    String token = node.token("admin", adminPassword);
    HttpResponse<Buffer> environment = node.send(node.request(HttpMethod.POST, "/murano/v1/environments")
      .putHeader("X-Auth-Token", token), new JsonObject().put("name", "cluster-it-" + UUID.randomUUID()));
    assertEquals(200, environment.statusCode(), environment.bodyAsString());
    String environmentId = environment.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> session = node.send(node.request(HttpMethod.POST,
      "/murano/v1/environments/" + environmentId + "/configure").putHeader("X-Auth-Token", token));
    assertEquals(200, session.statusCode(), session.bodyAsString());
    return new Session(token, environmentId, session.bodyAsJsonObject().getString("id"));
  }

  /** A deleted configuration session is gone: 404 is its refusal. */
  @Override
  public boolean usable(GatewayProcess node, Session session) {
    HttpResponse<Buffer> read = node.send(node.request(HttpMethod.GET, session.uri())
      .putHeader("X-Auth-Token", session.token()));
    if (read.statusCode() == 404) {
      return false;
    }
    assertEquals(200, read.statusCode(), read.bodyAsString());
    assertEquals("opened", read.bodyAsJsonObject().getString("state"));
    return true;
  }

  @Override
  public void revoke(GatewayProcess node, Session session) {
    assertEquals(200, node.send(node.request(HttpMethod.DELETE, session.uri())
      .putHeader("X-Auth-Token", session.token())).statusCode());
  }
}
