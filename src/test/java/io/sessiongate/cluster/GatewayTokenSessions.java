package io.sessiongate.cluster;

import io.sessiongate.testing.GatewayProcess;
import io.vertx.core.http.HttpMethod;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Gateway tokens ({@code POST /auth/token}), used on {@code /admin/users/admin}, ended by {@code DELETE /auth/token}. */
final class GatewayTokenSessions implements ClusterSession<String> {
  private final String adminPassword;

  GatewayTokenSessions(String adminPassword) {
    this.adminPassword = adminPassword;
  }

  @Override
  public String api() {
    return "gateway token";
  }

  @Override
  public String open(GatewayProcess node) {
    return node.token("admin", adminPassword);
  }

  @Override
  public boolean usable(GatewayProcess node, String token) {
    return ClusterIT.acceptedOrRefused(node.send(node.request(HttpMethod.GET, "/admin/users/admin")
      .bearerTokenAuthentication(token)));
  }

  @Override
  public void revoke(GatewayProcess node, String token) {
    assertEquals(204, node.send(node.request(HttpMethod.DELETE, "/auth/token").bearerTokenAuthentication(token))
      .statusCode());
  }
}
