package io.sessiongate.core.auth;

import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.storage.Storage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.UUID;

/**
 * The identity core every API shares: accounts, password checks, gateway tokens and their revocation.
 * One per node, built before any verticle is deployed; all members are safe to use from any event loop.
 */
public final class Identity {
  private final UserStore users;
  private final PasswordCheck passwords;
  private final TokenService tokens;
  private final RevocationRegistry revocations;
  private final RevocationStore revocationStore;
  private final Authenticator authenticator;
  private final Clock clock;

  private Identity(UserStore users, PasswordCheck passwords, TokenService tokens, RevocationRegistry revocations,
                   RevocationStore revocationStore, Authenticator authenticator, Clock clock) {
    this.clock = clock;
    this.users = users;
    this.passwords = passwords;
    this.tokens = tokens;
    this.revocations = revocations;
    this.revocationStore = revocationStore;
    this.authenticator = authenticator;
  }

  public static Future<Identity> start(Vertx vertx, GatewayConfig config, Storage storage, String jwtSecret) {
    GatewayConfig.Auth auth = config.auth();
    UserStore users = UserStore.create(storage);
    RevocationStore revocationStore = RevocationStore.create(vertx, storage);
    // Tokens of any API live at most a day; user-wide revocations older than that are moot.
    Clock clock = config.clock();
    RevocationRegistry revocations = new RevocationRegistry(revocationStore,
      Math.max(auth.tokenTtlSeconds(), 86_400) * 1000L, clock);
    PasswordCheck passwords = new PasswordCheck(vertx, users, new PasswordHasher(), revocations,
      auth.hashThreads(), auth.hashQueueLimit(), auth.credentialCacheSeconds(), clock);
    TokenService tokens = new TokenService(vertx, jwtSecret, auth.tokenTtlSeconds(), clock);
    Authenticator authenticator = new Authenticator(tokens, revocations, passwords, auth.tokenCacheSize(), clock);
    Identity identity = new Identity(users, passwords, tokens, revocations, revocationStore, authenticator, clock);
    return revocations.start(vertx).map(identity);
  }

  public UserStore users() {
    return users;
  }

  public PasswordCheck passwords() {
    return passwords;
  }

  public TokenService tokens() {
    return tokens;
  }

  public RevocationRegistry revocations() {
    return revocations;
  }

  public Authenticator authenticator() {
    return authenticator;
  }

  /** The node's clock: issue times, expiry and revocations are all read from it, so they compare. */
  public Clock clock() {
    return clock;
  }

  /** A new gateway session for {@code user}, as a JWT. */
  public TokenService.IssuedToken issueToken(User user) {
    return tokens.issue(user, UUID.randomUUID().toString(), tokens.ttlSeconds());
  }

  /** Ends the principal's session on every node. */
  public Future<Void> endSession(Principal principal) {
    if (principal.sessionId() == null) {
      return Future.succeededFuture();
    }
    return revocations.revoke(Revocation.session(principal.sessionId(), principal.expiresAtMillis()));
  }

  /** Ends every session of a user issued until now (password change, deactivation, deletion). */
  public Future<Void> endAllSessions(String login, long nowMillis) {
    return revocations.revoke(Revocation.user(login, nowMillis));
  }

  public Future<Void> close() {
    return revocations.stop().transform(v -> Future.all(passwords.close(), revocationStore.close())).mapEmpty();
  }
}
