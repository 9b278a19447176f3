package io.sessiongate.murano;

import io.sessiongate.testing.Await;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Murano calls as python-muranoclient makes them (X-Auth-Token, X-Configuration-Session), for the tests. */
final class MuranoClient {
  static final String BASE = "/murano/v1";

  private final TestGateway gateway;
  private final String token;

  MuranoClient(TestGateway gateway, String token) {
    this.gateway = gateway;
    this.token = token;
  }

  /** Creates a user of {@code tenant} through the admin API and signs in as them. */
  static MuranoClient user(TestGateway gateway, String login, String tenant, boolean admin) {
    JsonObject user = new JsonObject().put("login", login).put("password", "password-of-" + login).put("tenant", tenant);
    if (admin) {
      user.put("roles", new JsonArray().add("admin"));
    }
    HttpResponse<Buffer> created = gateway.send(gateway.request(HttpMethod.POST, "/admin/users")
      .bearerTokenAuthentication(gateway.adminToken()), user);
    if (created.statusCode() != 201 && created.statusCode() != 409) {
      throw new AssertionError("could not create " + login + ": " + created.bodyAsString());
    }
    return new MuranoClient(gateway, gateway.token(login, "password-of-" + login));
  }

  HttpRequest<Buffer> request(HttpMethod method, String path, String session) {
    HttpRequest<Buffer> request = gateway.request(method, BASE + path).putHeader("X-Auth-Token", token)
      .putHeader("Accept", "application/json");
    if (session != null) {
      request.putHeader("X-Configuration-Session", session);
    }
    return request;
  }

  HttpResponse<Buffer> call(HttpMethod method, String path) {
    return gateway.send(request(method, path, null));
  }

  HttpResponse<Buffer> call(HttpMethod method, String path, String session) {
    return gateway.send(request(method, path, session));
  }

  HttpResponse<Buffer> call(HttpMethod method, String path, String session, Object body) {
    return gateway.sendRaw(request(method, path, session), "application/json",
      body instanceof JsonArray array ? array.encode() : ((JsonObject) body).encode());
  }

  Future<HttpResponse<Buffer>> callAsync(HttpMethod method, String path) {
    return request(method, path, null).send();
  }

  JsonObject createEnvironment(String name) {
    return ok(call(HttpMethod.POST, "/environments", null, new JsonObject().put("name", name))).bodyAsJsonObject();
  }

  JsonObject configure(String environmentId) {
    return ok(call(HttpMethod.POST, "/environments/" + environmentId + "/configure")).bodyAsJsonObject();
  }

  JsonObject environment(String environmentId) {
    return ok(call(HttpMethod.GET, "/environments/" + environmentId)).bodyAsJsonObject();
  }

  void addService(String environmentId, String session, JsonObject service) {
    ok(call(HttpMethod.POST, "/environments/" + environmentId + "/services", session, service));
  }

  void deploy(String environmentId, String session) {
    ok(call(HttpMethod.POST, "/environments/" + environmentId + "/sessions/" + session + "/deploy"));
  }

  /** Waits (bounded) until the environment's status is {@code status}; deployments end asynchronously. */
  JsonObject awaitStatus(String environmentId, String status) {
    JsonObject[] last = new JsonObject[1];
    Await.until("environment " + environmentId + " is " + status, Duration.ofSeconds(20), () -> {
      last[0] = environment(environmentId);
      return status.equals(last[0].getString("status"));
    });
    return last[0];
  }

  /** Waits (bounded) until the environment is gone (a deletion deployed). */
  void awaitGone(String environmentId) {
    Await.until("environment " + environmentId + " is removed", Duration.ofSeconds(20),
      () -> call(HttpMethod.GET, "/environments/" + environmentId).statusCode() == 404);
  }

  static HttpResponse<Buffer> ok(HttpResponse<Buffer> response) {
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response;
  }

  static JsonObject service(String id, String name) {
    return new JsonObject().put("?", new JsonObject().put("id", id).put("type", "io.murano.apps.linux.Telnet"))
      .put("name", name);
  }

  /** Asserts Murano's webob error body: status line, title, and message with webob's template around it. */
  static void assertFault(HttpResponse<Buffer> response, int status, String message) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertEquals("application/json", response.getHeader("Content-Type"));
    JsonObject body = response.bodyAsJsonObject();
    String title = Map.of(400, "Bad Request", 401, "Unauthorized", 403, "Forbidden", 404, "Not Found",
      409, "Conflict").get(status);
    assertEquals(status + " " + title, body.getString("code"));
    assertEquals(title, body.getString("title"));
    assertEquals(message + "<br /><br />\n\n\n", body.getString("message"));
  }
}
