package io.sessiongate.core.audit;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

import static io.sessiongate.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The file target on its own: an event written is one JSON line, flushed by close. */
class AuditLogFileTest {
  @Test
  void anEventIsOneJsonLineInTheFile() throws Exception {
    Path file = Files.createTempDirectory("sessiongate-audit-").resolve("audit.log");
    Vertx vertx = Vertx.vertx();
    try {
      AuditLog log = AuditLog.open(vertx, new AuditSettings(AuditSettings.Target.FILE, file, EnumSet.allOf(AuditEvent.Kind.class)));
      log.lockedOut("sessions", "olga", "10.0.0.1", 0, "r-1");
      log.close(vertx);
      AuditTrail trail = new AuditTrail(file);
      assertEquals("login.locked-out", trail.next(1).get(0).getString("event"));
    } finally {
      await(vertx.close());
    }
  }
}
