package io.sessiongate.core.auth;

import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.storage.Storage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.time.Clock;
import java.util.UUID;

/**
 * The identity core every API shares: accounts, password checks, gateway tokens and their revocation.
 * One per node, built before any verticle is deployed; all members are safe to use from any event loop.
 */
public final class Identity {
  /** How many accounts (and per-login or per-session values of the slices) a node keeps in memory. */
  private static final int CACHED_ACCOUNTS = 50_000;
  /** The feed invalidates at once; the age limit only bounds what a lost notice could leave stale. */
  private static final Duration CACHED_AGE_LIMIT = Duration.ofMinutes(1);

  private final UserStore users;
  private final PasswordCheck passwords;
  private final TokenService tokens;
  private final RevocationRegistry revocations;
  private final RevocationStore revocationStore;
  private final Authenticator authenticator;
  private final FeedCache<User> accounts;
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
    this.accounts = cacheByLogin();
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

  /**
   * The account, from memory when this node read it since its last change (every change of an account
   * ends its sessions, which the revocation feed tells every node); null when there is none.
   */
  public Future<User> account(String login) {
    return accounts.get(login, users::find);
  }

  /** The account if this node has it in memory (see {@link #account}), else null: no store read. */
  public User cachedAccount(String login) {
    return accounts.cached(login);
  }

  /** Values the caller reads per login, kept until the feed names the login (see {@link #loginChanged}). */
  public <V> FeedCache<V> cacheByLogin() {
    return new FeedCache<>(revocations, true, CACHED_ACCOUNTS, CACHED_AGE_LIMIT);
  }

  /** Values the caller reads per session, kept until the feed names the session (see {@link #sessionChanged}). */
  public <V> FeedCache<V> cacheBySession() {
    return new FeedCache<>(revocations, false, CACHED_ACCOUNTS, CACHED_AGE_LIMIT);
  }

  /** Tells every node that what it caches about {@code login} (its account, its login state) is out of date. */
  public Future<Void> loginChanged(String login) {
    return revocations.announce(Revocation.userChanged(login, clock.millis()));
  }

  /** Tells every node that what it caches about the session {@code sessionId} is out of date. */
  public Future<Void> sessionChanged(String sessionId) {
    return revocations.announce(Revocation.sessionChanged(sessionId, clock.millis()));
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
