package io.sessiongate.core.auth;

import io.sessiongate.testing.AdjustableClock;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import static io.sessiongate.testing.Await.await;
import static io.sessiongate.testing.Await.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenServiceTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close();
  }

  private static User user() {
    return new User("alice", "00000000-0000-0000-0000-000000000001", "t1", User.AccountKind.USER, "x",
      Set.of("operator"), Set.of("NODE_READ"), true, new JsonObject(), 0, 0, 0);
  }

  @Test
  void aTokenVerifiesToThePrincipalItWasIssuedFor() throws Exception {
    TokenService tokens = new TokenService(vertx, "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA==", 600, Clock.systemUTC());
    TokenService.IssuedToken issued = tokens.issue(user(), "sid-1", 600);
    Principal principal = tokens.verify(issued.token()).toCompletionStage().toCompletableFuture().get();
    assertEquals("alice", principal.login());
    assertEquals("t1", principal.tenant());
    assertEquals(Set.of("operator"), principal.roles());
    assertEquals(Set.of("NODE_READ"), principal.privileges());
    assertEquals("sid-1", principal.sessionId());
    assertEquals(issued.issuedAtMillis(), principal.issuedAtMillis());
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefused() {
    TokenService mine = new TokenService(vertx, "a2V5LW9uZS1rZXktb25lLWtleS1vbmUta2V5LW9uZQ==", 600, Clock.systemUTC());
    TokenService theirs = new TokenService(vertx, "a2V5LXR3by1rZXktdHdvLWtleS10d28ta2V5LXR3bw==", 600, Clock.systemUTC());
    String forged = theirs.issue(user(), "sid-2", 600).token();
    assertTrue(mine.verify(forged).failed() || mine.verify(forged).toCompletionStage().toCompletableFuture().isCompletedExceptionally());
  }

  @Test
  void aTokenIsRefusedOnceTheGatewayClockPassesItsExpiry() {
    AdjustableClock clock = new AdjustableClock();
    TokenService tokens = new TokenService(vertx, "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA==", 600, clock);
    String token = tokens.issue(user(), "sid-3", 60).token();
    clock.advance(Duration.ofSeconds(50));
    assertEquals("alice", await(tokens.verify(token)).login(), "valid before its expiry");
    clock.advance(Duration.ofSeconds(20));
    assertNotNull(failure(tokens.verify(token)), "refused past its expiry and the 5 s leeway");
  }
}
