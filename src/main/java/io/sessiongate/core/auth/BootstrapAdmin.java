package io.sessiongate.core.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.Set;
import java.util.UUID;

/**
 * Makes sure the bootstrap account {@code admin} (tenant admin, role admin) exists. Its password comes from
 * admin.password / SESSIONGATE_ADMIN_PASSWORD, or is generated and printed once, when the account is created.
 */
public final class BootstrapAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(BootstrapAdmin.class);
  public static final String LOGIN = "admin";
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private BootstrapAdmin() {
  }

  /** Succeeds with the password when this call created the account, with null when it already existed. */
  public static Future<String> ensure(Identity identity, String configuredPassword) {
    return identity.users().find(LOGIN).compose(existing -> {
      if (existing != null) {
        return Future.succeededFuture(null);
      }
      String password = configuredPassword == null || configuredPassword.isBlank() ? generate() : configuredPassword;
      return identity.passwords().hash(password).compose(hash -> {
        long now = identity.clock().millis();
        User admin = new User(LOGIN, UUID.randomUUID().toString(), "admin", User.AccountKind.USER, hash,
          Set.of(Principal.ADMIN_ROLE), Set.of(), true, new JsonObject(), 0, now, now);
        return identity.users().insert(admin);
      }).map(v -> {
        if (configuredPassword == null || configuredPassword.isBlank()) {
          LOG.info("created the bootstrap user 'admin'; its generated password is printed below, once");
          System.out.println();
          System.out.println("  SessionGate admin credentials:  login=admin  password=" + password);
          System.out.println("  (set SESSIONGATE_ADMIN_PASSWORD to choose it)");
          System.out.println();
        } else {
          LOG.info("created the bootstrap user 'admin' with the configured password");
        }
        return password;
      }).recover(err -> err instanceof io.sessiongate.core.api.ApiError e
        && e.reason() == io.sessiongate.core.api.ApiError.Reason.CONFLICT
        // Another node created it first.
        ? Future.succeededFuture(null)
        : Future.failedFuture(err));
    });
  }

  private static String generate() {
    SecureRandom random = new SecureRandom();
    StringBuilder password = new StringBuilder(20);
    for (int i = 0; i < 20; i++) {
      password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }
}
