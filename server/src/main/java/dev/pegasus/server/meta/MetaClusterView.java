package dev.pegasus.server.meta;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.meta.core.ClusterView;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster as the guardian sees it during one round: liveness and reports from the
 * {@link NodeRegistry}, lost replicas from {@link MemberLives}, and replica counts taken from the
 * configurations when the round began.
 */
final class MetaClusterView implements ClusterView {
    private final NodeRegistry nodes;
    private final MemberLives lives;
    private final Set<RpcAddress> draining;
    private final Map<RpcAddress, Integer> replicaCounts;

    private MetaClusterView(NodeRegistry nodes, MemberLives lives, Set<RpcAddress> draining,
            Map<RpcAddress, Integer> replicaCounts) {
        this.nodes = nodes;
        this.lives = lives;
        this.draining = draining;
        this.replicaCounts = replicaCounts;
    }

    static MetaClusterView of(NodeRegistry nodes, MemberLives lives, Set<RpcAddress> draining,
            List<PartitionConfig> configs) {
        Map<RpcAddress, Integer> counts = new HashMap<>();
        configs.forEach(config -> config.members().forEach(node -> counts.merge(node, 1, Integer::sum)));
        return new MetaClusterView(nodes, lives, draining, counts);
    }

    /** Alive, or presumed alive right after a take-over: a member is not given up before its timeout. */
    @Override
    public boolean isAlive(RpcAddress node) {
        return nodes.isAlive(node);
    }

    @Override
    public boolean lostReplica(RpcAddress node, Gpid gpid) {
        return lives.lost(node, gpid);
    }

    @Override
    public long reportedCommitted(RpcAddress node, Gpid gpid) {
        return nodes.reportedCommitted(node, gpid);
    }

    @Override
    public int replicaCount(RpcAddress node) {
        return replicaCounts.getOrDefault(node, 0);
    }

    /**
     * Only nodes that synced with this leader, where a server is known to run, and that are not being
     * drained: these are where a new replica may go.
     */
    @Override
    public List<RpcAddress> aliveNodes() {
        return nodes.synced().stream().filter(node -> !draining.contains(node)).toList();
    }
}
