package io.sessiongate.core.storage;

import io.sessiongate.core.api.ApiError;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What is a store outage (503 + Retry-After) and what is not (passed through to its store, or a 500). */
class StoreFailuresTest {
  private static PgException server(String sqlState) {
    return new PgException("message", "ERROR", sqlState, null);
  }

  @Test
  void failuresOfTheConnectionOrTheServerAreOutagesThatSayWhatIsKnownOfTheChange() {
    assertEquals(StoreFailures.Outcome.NOT_SENT, StoreFailures.outcome(new ConnectException("Connection refused")));
    assertEquals(StoreFailures.Outcome.NOT_SENT,
      StoreFailures.outcome(new VertxException("Timeout waiting for connection", true)));
    assertEquals(StoreFailures.Outcome.UNKNOWN, StoreFailures.outcome(ClosedConnectionException.INSTANCE));
    assertEquals(StoreFailures.Outcome.UNKNOWN, StoreFailures.outcome(new StoreFailures.StatementDeadline(2000)));
    for (String sqlState : new String[] {"57014", "57P01", "57P03", "08006", "53300", "25006"}) {
      assertEquals(StoreFailures.Outcome.REFUSED, StoreFailures.outcome(server(sqlState)), sqlState);
    }
    ApiError unknown = (ApiError) StoreFailures.translate(ClosedConnectionException.INSTANCE);
    assertEquals(503, unknown.status());
    assertTrue(unknown.isStoreUnavailable());
    assertEquals(StoreFailures.RETRY_AFTER_SECONDS, unknown.retryAfterSeconds());
    assertTrue(unknown.getMessage().contains("may or may not have been made"), unknown.getMessage());
    assertTrue(((ApiError) StoreFailures.translate(new ConnectException("refused"))).getMessage()
      .contains("nothing was changed"));
  }

  @Test
  void errorsOfTheStatementItselfPassThrough() {
    PgException uniqueViolation = server("23505");
    assertNull(StoreFailures.outcome(uniqueViolation));
    assertSame(uniqueViolation, StoreFailures.translate(uniqueViolation));
    IllegalStateException bug = new IllegalStateException("a bug");
    assertSame(bug, StoreFailures.translate(bug));
  }

  @Test
  void theOutageCrossesNodesAsItself() {
    ApiError unavailable = StoreFailures.unavailable(StoreFailures.Outcome.UNKNOWN, "test");
    ApiError crossed = ApiError.fromWire(unavailable.toWire());
    assertTrue(crossed.isStoreUnavailable());
    assertEquals(503, crossed.status());
    assertTrue(unavailable.withCode("X").isStoreUnavailable());
  }
}
