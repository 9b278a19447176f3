package io.sessiongate.redfish;

import io.sessiongate.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** What the Redfish tests do over HTTPS against one gateway: log in, call with a token or Basic, read errors. */
final class RedfishClient {
  static final String SESSIONS = "/redfish/v1/SessionService/Sessions";

  private final TestGateway gateway;

  RedfishClient(TestGateway gateway) {
    this.gateway = gateway;
  }

  /** A session: its token and its URI. */
  record Login(String token, String uri, JsonObject body) {
  }

  HttpResponse<Buffer> post(String uri, JsonObject body) {
    return gateway.send(gateway.request(HttpMethod.POST, uri), body);
  }

  HttpResponse<Buffer> createSession(String user, String password) {
    return post(SESSIONS, new JsonObject().put("UserName", user).put("Password", password));
  }

  Login login(String user, String password) {
    HttpResponse<Buffer> created = createSession(user, password);
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return new Login(created.getHeader("X-Auth-Token"), created.getHeader("Location"), created.bodyAsJsonObject());
  }

  HttpResponse<Buffer> withToken(HttpMethod method, String uri, String token) {
    return gateway.send(gateway.request(method, uri).putHeader("X-Auth-Token", token));
  }

  HttpResponse<Buffer> withToken(HttpMethod method, String uri, String token, JsonObject body) {
    return gateway.send(gateway.request(method, uri).putHeader("X-Auth-Token", token), body);
  }

  HttpResponse<Buffer> withBasic(HttpMethod method, String uri, String user, String password) {
    return gateway.send(gateway.request(method, uri).basicAuthentication(user, password));
  }

  HttpResponse<Buffer> anonymous(HttpMethod method, String uri) {
    return gateway.send(gateway.request(method, uri));
  }

  HttpRequest<Buffer> request(HttpMethod method, String uri) {
    return gateway.request(method, uri);
  }

  HttpResponse<Buffer> send(HttpRequest<Buffer> request) {
    return gateway.send(request);
  }

  /** A user of the identity core with the given gateway role (admin, operator or none), unless it exists. */
  void ensureUser(String login, String password, String role) {
    JsonObject user = new JsonObject().put("login", login).put("password", password).put("tenant", "t1")
      .put("roles", role == null ? new JsonArray() : new JsonArray().add(role));
    HttpResponse<Buffer> created = gateway.send(gateway.request(HttpMethod.POST, "/admin/users")
      .basicAuthentication("admin", TestGateway.ADMIN_PASSWORD), user);
    if (created.statusCode() != 201 && created.statusCode() != 409) {
      throw new AssertionError("could not create " + login + ": " + created.bodyAsString());
    }
  }

  /** The DSP0266 error of {@code response}, after checking its status and the headers every error has. */
  static JsonObject error(HttpResponse<Buffer> response, int status) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertEquals("4.0", response.getHeader("OData-Version"));
    if (status == 401) {
      assertNotNull(response.getHeader("WWW-Authenticate"), "every 401 carries WWW-Authenticate");
    }
    RedfishMessages.assertRegistryMessages(response.bodyAsJsonObject());
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertNotNull(error.getString("code"));
    assertNotNull(error.getString("message"));
    return error;
  }

  /** The MessageId of the first @Message.ExtendedInfo entry, without its registry version ("PropertyMissing"). */
  static String messageKey(JsonObject error) {
    JsonObject first = error.getJsonArray("@Message.ExtendedInfo").getJsonObject(0);
    String id = first.getString("MessageId");
    return id.substring(id.lastIndexOf('.') + 1);
  }
}
