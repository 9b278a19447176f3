package io.sessiongate.cluster;

import io.sessiongate.testing.GatewayProcess;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A user created by an admin ({@code POST /admin/users}) and their token; an admin change to the user
 * ({@code PATCH /admin/users/{login}}, a new password) ends every session of the user on every node.
 */
final class AdminUserChangeSessions implements ClusterSession<AdminUserChangeSessions.Account> {
  private static final AtomicInteger USERS = new AtomicInteger();
  private final String adminPassword;

  record Account(String login, String token) {
  }

  AdminUserChangeSessions(String adminPassword) {
    this.adminPassword = adminPassword;
  }

  @Override
  public String api() {
    return "admin user change";
  }

  @Override
  public Account open(GatewayProcess node) {
    String login = "changed-" + USERS.incrementAndGet();
    String admin = node.token("admin", adminPassword);
    HttpResponse<Buffer> created = node.send(node.request(HttpMethod.POST, "/admin/users").bearerTokenAuthentication(admin),
      new JsonObject().put("login", login).put("password", "first-password").put("tenant", "cluster")
        .put("roles", new JsonArray().add("admin")));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return new Account(login, node.token(login, "first-password"));
  }

  @Override
  public boolean usable(GatewayProcess node, Account account) {
    return ClusterIT.acceptedOrRefused(node.send(node.request(HttpMethod.GET, "/admin/users/" + account.login())
      .bearerTokenAuthentication(account.token())));
  }

  @Override
  public void revoke(GatewayProcess node, Account account) {
    String admin = node.token("admin", adminPassword);
    HttpResponse<Buffer> changed = node.send(node.request(HttpMethod.PATCH, "/admin/users/" + account.login())
      .bearerTokenAuthentication(admin), new JsonObject().put("password", "second-password"));
    assertEquals(200, changed.statusCode(), changed.bodyAsString());
  }
}
