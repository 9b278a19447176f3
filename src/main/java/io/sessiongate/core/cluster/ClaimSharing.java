package io.sessiongate.core.cluster;

/**
 * Whether this node shares its claims with the other nodes, chosen once per node. A claim is ownership that
 * other nodes reach over the event bus, so only a clustered node shares: its claims are locked on the node's
 * lock connection and spread over the group's contenders. A node on its own (one PostgreSQL shared by nodes that
 * are not clustered, say) holds every claim it declares: nobody competes ({@link InProcessLocks}), so its share
 * is the whole group, it joins no group (and so does not shrink a cluster's shares), and losing its lock
 * connection takes none of its claims.
 *
 * @param locks  where the claims are locked and their groups' contenders counted
 * @param shared whether taking or giving back a claim moves it between nodes (and so is worth a log line)
 */
record ClaimSharing(DutyLocks locks, boolean shared) {

  static ClaimSharing of(boolean clustered, DutyLocks nodeLocks) {
    return clustered ? new ClaimSharing(nodeLocks, true) : new ClaimSharing(new InProcessLocks(), false);
  }
}
