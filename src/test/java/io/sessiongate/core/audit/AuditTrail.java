package io.sessiongate.core.audit;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.sessiongate.testing.Await.pause;

/** Reads an audit file as the gateway writes it (on logback's queue thread, so a moment after the request). */
final class AuditTrail {
  private final Path file;
  private int seen;

  AuditTrail(Path file) {
    this.file = file;
  }

  /** Every event written so far. */
  List<JsonObject> all() {
    try {
      return Files.exists(file) ? Files.readAllLines(file).stream().filter(line -> !line.isBlank()).map(JsonObject::new).toList()
        : List.of();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Exactly the next {@code count} events: waits for them, then a little longer to be sure no other one
   * follows (an extra event is as much a failure as a missing one).
   */
  List<JsonObject> next(int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (all().size() < seen + count && System.nanoTime() < deadline) {
      pause(50);
    }
    pause(300);
    List<JsonObject> events = all();
    List<JsonObject> fresh = events.subList(Math.min(seen, events.size()), events.size());
    seen = events.size();
    if (fresh.size() != count) {
      throw new AssertionError("expected " + count + " audit events, got " + fresh.size() + ": " + fresh);
    }
    return fresh;
  }

  String text() {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

}
