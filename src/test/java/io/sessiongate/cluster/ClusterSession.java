package io.sessiongate.cluster;

import io.sessiongate.testing.GatewayProcess;

/**
 * One API's sessions as {@link ClusterIT} drives them: opened on one node, used on the others, revoked on one
 * and then refused everywhere. To add an API to the cluster test, implement this (a few lines over HTTPS) and
 * add it to {@link ClusterIT#APIS}.
 *
 * @param <S> what a client keeps of an open session (a token, a cookie, ids)
 */
interface ClusterSession<S> {
  /** The name printed in the measurements. */
  String api();

  /** Opens a session on {@code node}; it is acknowledged when this returns. */
  S open(GatewayProcess node);

  /** One attempt to use the session on {@code node}: true when accepted, false when refused as revoked. */
  boolean usable(GatewayProcess node, S session);

  /** Ends the session through {@code node}. */
  void revoke(GatewayProcess node, S session);
}
