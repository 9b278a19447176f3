package io.sessiongate.redfish;

import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.auth.TokenResolver;
import io.sessiongate.core.api.ApiError;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Redfish session tokens: 256 bits from a SecureRandom, hex-encoded; the session Id is a separate draw, so
 * neither says anything about the other. Only SHA-256 of a token is stored. As the authenticator's
 * {@link TokenResolver} it turns an X-Auth-Token into the session's principal when the token is not in the
 * authenticator's cache; the principal is cached until the session would go idle, and every use is
 * recorded in {@link SessionActivity}, so the next resolution sees the newest use of any node.
 */
final class RedfishTokens implements TokenResolver {
  private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{64}");
  private static final HexFormat HEX = HexFormat.of();

  private final SecureRandom random = new SecureRandom();
  private final RedfishSessionStore store;
  private final SessionActivity activity;
  private final Clock clock;
  /** Where a session read by its token is kept for the reads after it. */
  private final RedfishSessionView view;

  RedfishTokens(RedfishSessionStore store, SessionActivity activity, RedfishSessionView view, Clock clock) {
    this.store = store;
    this.view = view;
    this.clock = clock;
    this.activity = activity;
  }

  String newToken() {
    return randomHex(32);
  }

  String newSessionId() {
    return randomHex(24);
  }

  /** 48 lowercase hex digits (asked on every request with a Redfish token: no regex). */
  static boolean isSessionId(String id) {
    if (id == null || id.length() != 48) {
      return false;
    }
    for (int i = 0; i < 48; i++) {
      char c = id.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }

  static String hash(String token) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  @Override
  public Future<Principal> resolve(String token) {
    if (!TOKEN.matcher(token).matches()) {
      return Future.succeededFuture(null);
    }
    String tokenHash = hash(token);
    return view.read(() -> store.findByTokenHash(tokenHash)).compose(session -> {
      if (session == null) {
        return Future.succeededFuture(null);
      }
      return settings().compose(settings -> {
        long now = clock.millis();
        if (now - activity.lastUse(session) > settings.timeoutMillis()) {
          return Future.failedFuture(ApiError.unauthorized("The session has ended after "
            + settings.sessionTimeoutSeconds() + " s without use; create a new one."));
        }
        activity.used(session.id(), now);
        return Future.succeededFuture(principal(session, settings, now));
      });
    });
  }

  /** Who a session's token speaks for, until the session would go idle if unused from {@code now}. */
  static Principal principal(RedfishSession session, SessionServiceSettings settings, long now) {
    return new Principal(session.userName(), session.tenant(), session.userRoles(), session.userPrivileges(),
      session.id(), session.createdAt(), now + settings.timeoutMillis());
  }

  /**
   * The SessionService settings as the view holds them (kept current by the session verticle: at once for a
   * change on this node, within its maintenance tick for another node's), read from the store only before then.
   */
  private Future<SessionServiceSettings> settings() {
    SessionServiceSettings known = view.settings();
    return known != null ? Future.succeededFuture(known) : store.settings();
  }

  private String randomHex(int bytes) {
    byte[] value = new byte[bytes];
    random.nextBytes(value);
    return HEX.formatHex(value);
  }
}
