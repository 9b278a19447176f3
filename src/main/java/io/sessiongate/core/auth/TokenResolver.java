package io.sessiongate.core.auth;

import io.vertx.core.Future;

/**
 * Resolves an opaque token an API slice issued (a Redfish X-Auth-Token, say) to its principal. Answers
 * null when the token is not one of this slice's; fails with an ApiError when it is, but is no longer valid.
 */
public interface TokenResolver {
  Future<Principal> resolve(String token);
}
