package io.sessiongate.deviceproxy.client;

import io.sessiongate.deviceproxy.registry.CredentialCipher;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.deviceproxy.bmc.ProxyExchange.ClientCredential;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The gateway side of passthrough devices: a client's BMC login answered with a gateway token of its own,
 * and each later request's gateway token mapped back to the BMC token. The BMC token is sealed at rest and
 * never reaches the client; a gateway token opens only the device it was issued for.
 */
final class PassthroughSessions {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PassthroughSessionStore store;
  private final CredentialCipher cipher;
  private final Cache<String, PassthroughSession> known = Caffeine.newBuilder()
    .maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(5)).build();

  PassthroughSessions(PassthroughSessionStore store, CredentialCipher cipher) {
    this.store = store;
    this.cipher = cipher;
  }

  /** What the client presents to the BMC for {@code deviceId}: its mapped token, its Basic header, or nothing. */
  Future<ClientCredential> credential(RoutingContext ctx, String deviceId, boolean anonymousAllowed) {
    String token = ctx.request().getHeader("X-Auth-Token");
    if (token != null) {
      return session(token.trim()).compose(session -> session != null && session.deviceId().equals(deviceId)
        ? Future.succeededFuture(new ClientCredential(cipher.open(deviceId, session.sealedBmcToken()), null))
        : Future.failedFuture(ApiError.unauthorized("The X-Auth-Token is not a session of device " + deviceId + ".")));
    }
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Future.succeededFuture(new ClientCredential(null, authorization));
    }
    return anonymousAllowed ? Future.succeededFuture(ClientCredential.NONE)
      : Future.failedFuture(ApiError.unauthorized("Log in to device " + deviceId + " (POST .../SessionService/Sessions "
        + "with its own credentials) or send HTTP Basic."));
  }

  /** A gateway token for the BMC session the BMC just opened. */
  Future<String> open(String deviceId, String bmcToken, String bmcLocation) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = HexFormat.of().formatHex(raw);
    PassthroughSession session = new PassthroughSession(hash(token), deviceId, cipher.seal(deviceId, bmcToken),
      bmcLocation, System.currentTimeMillis());
    return store.insert(session).map(v -> {
      known.put(session.tokenHash(), session);
      return token;
    });
  }

  /** Forgets the mapping once the BMC session has been deleted. */
  Future<Void> close(String token) {
    String hash = hash(token.trim());
    known.invalidate(hash);
    return store.delete(hash);
  }

  private Future<PassthroughSession> session(String token) {
    String hash = hash(token);
    PassthroughSession cached = known.getIfPresent(hash);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return store.find(hash).onSuccess(found -> {
      if (found != null) {
        known.put(hash, found);
      }
    });
  }

  private static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
