package io.sessiongate.core.audit;

import io.sessiongate.core.config.ConfigException;
import io.sessiongate.core.config.ConfigReader;
import io.sessiongate.core.config.GatewayConfig;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * {@code audit.*}: where the audit events go ({@code target}: {@code file}, {@code stdout}, {@code logback} = the
 * logger {@code sessiongate.audit} as logback.xml routes it, e.g. to syslog, or {@code off}), the file, and which
 * classes of events are written.
 */
public record AuditSettings(Target target, Path file, Set<AuditEvent.Kind> kinds) {
  public enum Target { FILE, STDOUT, LOGBACK, OFF }

  public static AuditSettings from(GatewayConfig config) {
    ConfigReader audit = config.section("audit");
    Target target = audit.choice("target", Target.class);
    String file = audit.string("file").trim();
    Set<AuditEvent.Kind> kinds = EnumSet.noneOf(AuditEvent.Kind.class);
    for (String name : audit.strings("events")) {
      try {
        kinds.add(AuditEvent.Kind.valueOf(name.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("audit.events (SESSIONGATE_AUDIT_EVENTS): '" + name + "' is not a class of audit "
          + "events; the classes are " + AuditEvent.Kind.names());
      }
    }
    return new AuditSettings(target, file.isEmpty() ? config.dataDir().resolve("audit.log") : Path.of(file), kinds);
  }
}
