package io.sessiongate.murano;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Murano's timestamps: UTC, whole seconds, no zone ({@code 2017-04-06T07:54:40}), as its JSON serializer writes them. */
final class MuranoTime {
  private static final DateTimeFormatter WIRE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
    .withZone(ZoneOffset.UTC);
  /** Python's str(datetime.utcnow()), which Murano writes into the model's {@code ?.updated} on PUT. */
  private static final DateTimeFormatter PYTHON = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
    .withZone(ZoneOffset.UTC);

  private MuranoTime() {
  }

  static String wire(long epochMillis) {
    return WIRE.format(Instant.ofEpochMilli(epochMillis));
  }

  static String python(long epochMillis) {
    return PYTHON.format(Instant.ofEpochMilli(epochMillis));
  }
}
