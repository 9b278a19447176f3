package io.sessiongate.admin;

import io.sessiongate.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A login flood queues on the password-hash pool up to its limit and is refused past it; the rest still answers. */
class LoginFloodTest {
  @Test
  void loginsBeyondTheHashQueueGet503WithRetryAfterWhileOtherRequestsAreServed() {
    try (TestGateway gateway = TestGateway.inMemory(Map.of(
      "auth.hash-threads", "1", "auth.hash-queue-limit", "2", "auth.credential-cache-seconds", "0"))) {
      List<Future<HttpResponse<Buffer>>> flood = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        flood.add(gateway.request(HttpMethod.POST, "/auth/token")
          .sendJsonObject(new JsonObject().put("login", "admin").put("password", "wrong-" + i)));
      }
      HttpResponse<Buffer> live = gateway.send(gateway.request(HttpMethod.GET, "/health/live"));
      assertEquals(200, live.statusCode());
      await(Future.join(flood));
      long refused = flood.stream().filter(f -> f.result().statusCode() == 503).count();
      long checked = flood.stream().filter(f -> f.result().statusCode() == 401).count();
      assertEquals(40, refused + checked);
      assertTrue(refused > 0, "some logins were refused at the queue limit");
      assertTrue(checked >= 2, "logins within the limit were checked");
      flood.stream().map(Future::result).filter(r -> r.statusCode() == 503)
        .forEach(r -> assertEquals("1", r.getHeader("Retry-After")));
    }
  }

  @Test
  void identicalLoginsArrivingTogetherShareOneCheck() {
    try (TestGateway gateway = TestGateway.inMemory(Map.of(
      "auth.hash-threads", "1", "auth.hash-queue-limit", "1", "auth.credential-cache-seconds", "0"))) {
      List<Future<HttpResponse<Buffer>>> logins = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        logins.add(gateway.request(HttpMethod.POST, "/auth/token")
          .sendJsonObject(new JsonObject().put("login", "admin").put("password", TestGateway.ADMIN_PASSWORD)));
      }
      await(Future.join(logins));
      long ok = logins.stream().filter(f -> f.result().statusCode() == 200).count();
      assertEquals(30, ok, "with room for one check at a time, concurrent identical logins all succeed");
    }
  }
}
