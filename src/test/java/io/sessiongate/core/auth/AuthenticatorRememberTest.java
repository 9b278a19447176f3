package io.sessiongate.core.auth;

import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.storage.Storage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static io.sessiongate.testing.Await.await;
import static io.sessiongate.testing.Await.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * A token a slice just issued is known to the authenticator at once: its first uses ask no resolver (for the
 * Redfish slice, no store read), and are still refused once its session is revoked.
 */
class AuthenticatorRememberTest {
  private final Vertx vertx = Vertx.vertx();
  private final Clock clock = Clock.systemUTC();
  private final RevocationRegistry revocations = new RevocationRegistry(RevocationStore.create(vertx,
    Storage.inProcess()), 86_400_000, clock);
  private final Authenticator authenticator = new Authenticator(new TokenService(vertx,
    "YXV0aGVudGljYXRvci10ZXN0LWtleS1hdXRoZW50aWNhdG9yLXRlc3Q=", 3600, clock), revocations,
    new PasswordCheck(vertx, UserStore.create(Storage.inProcess()), new PasswordHasher(), revocations, 1, 16, 60, clock),
    1000, clock);
  private final AtomicInteger asked = new AtomicInteger();

  @AfterEach
  void close() {
    await(vertx.close());
  }

  @Test
  void aRememberedTokenAsksNoResolverAndStillHonoursRevocation() {
    authenticator.addResolver(token -> {
      asked.incrementAndGet();
      return Future.succeededFuture(null);
    });
    long now = clock.millis();
    Principal issued = new Principal("alice", "t1", Set.of("operator"), Set.of(), "session-1", now, now + 60_000);
    authenticator.remember("opaque-token-1", issued);
    for (int i = 0; i < 3; i++) {
      assertEquals(issued, await(authenticator.token("opaque-token-1")));
    }
    assertEquals(0, asked.get(), "no resolver asked for a token the authenticator was told of");

    assertInstanceOf(ApiError.class, failure(authenticator.token("opaque-token-2")));
    assertEquals(1, asked.get(), "a token it was not told of is resolved");

    await(revocations.revoke(Revocation.session("session-1", now + 60_000)));
    ApiError refused = (ApiError) failure(authenticator.token("opaque-token-1"));
    assertEquals(401, refused.status(), refused.getMessage());
  }
}
