package io.sessiongate.core.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.TreeSet;

/**
 * What this node knows about its cluster, for {@code /health/ready}: whether it is clustered, its member id,
 * how many members it sees, the cluster duties it holds, and whether it is draining (then it is not ready).
 * Membership changes are logged as they are noticed.
 */
public final class ClusterView {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterView.class);

  private final ClusterSettings settings;
  private final HazelcastClusterManager members;
  private final ClusterDutyVerticle duties;
  private volatile boolean draining;

  private ClusterView(ClusterSettings settings, HazelcastClusterManager members, ClusterDutyVerticle duties) {
    this.settings = settings;
    this.members = members;
    this.duties = duties;
  }

  /** A node on its own (no cluster manager). */
  public static ClusterView standalone(ClusterSettings settings, ClusterDutyVerticle duties) {
    return new ClusterView(settings, null, duties);
  }

  /** A cluster member; logs every member that joins or leaves. */
  public static ClusterView member(ClusterSettings settings, HazelcastClusterManager members,
                                   ClusterDutyVerticle duties) {
    members.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        LOG.info("cluster member joined: {}; {} members", event.getMember().getAddress(), event.getMembers().size());
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        LOG.warn("cluster member left or died: {}; {} members", event.getMember().getAddress(),
          event.getMembers().size());
      }
    });
    LOG.info("joined cluster '{}' as {} (node {}); {} members", settings.name(),
      members.getHazelcastInstance().getCluster().getLocalMember().getAddress(), members.getNodeId(),
      members.getNodes().size());
    return new ClusterView(settings, members, duties);
  }

  /** From now on the node reports itself not ready: it is shutting down. */
  public void drain() {
    draining = true;
  }

  public boolean draining() {
    return draining;
  }

  public JsonObject describe() {
    JsonObject view = new JsonObject().put("clustered", members != null);
    if (members != null && members.isActive()) {
      view.put("name", settings.name()).put("node", members.getNodeId()).put("members", members.getNodes().size());
    }
    return view.put("duties", new JsonArray(new ArrayList<>(new TreeSet<>(duties.held()))))
      .put("draining", draining);
  }
}
