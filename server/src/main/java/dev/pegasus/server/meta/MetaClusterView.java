package dev.pegasus.server.meta;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.meta.core.ClusterView;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster as the guardian sees it during one round: liveness and reports from the
 * {@link NodeRegistry}, lost replicas from {@link MemberLives}, and configurations and replica counts
 * taken when the round began.
 */
final class MetaClusterView implements ClusterView {
    private final NodeRegistry nodes;
    private final MemberLives lives;
    private final Set<RpcAddress> excluded;
    private final Map<Gpid, PartitionConfig> configs;
    private final Map<RpcAddress, Integer> replicaCounts;

    private MetaClusterView(NodeRegistry nodes, MemberLives lives, Set<RpcAddress> excluded,
            Map<Gpid, PartitionConfig> configs, Map<RpcAddress, Integer> replicaCounts) {
        this.nodes = nodes;
        this.lives = lives;
        this.excluded = excluded;
        this.configs = configs;
        this.replicaCounts = replicaCounts;
    }

    /** @param excluded nodes no new replica may go to: drained ones, and those short of disk space */
    static MetaClusterView of(NodeRegistry nodes, MemberLives lives, Set<RpcAddress> excluded,
            List<TablePartition> partitions) {
        Map<Gpid, PartitionConfig> configs = new HashMap<>();
        Map<RpcAddress, Integer> counts = new HashMap<>();
        for (TablePartition partition : partitions) {
            configs.put(partition.gpid(), partition.config());
            partition.config().members().forEach(node -> counts.merge(node, 1, Integer::sum));
        }
        return new MetaClusterView(nodes, lives, excluded, configs, counts);
    }

    /** Alive, or presumed alive right after a take-over: a member is not given up before its timeout. */
    @Override
    public boolean isAlive(RpcAddress node) {
        return nodes.isAlive(node);
    }

    @Override
    public boolean isHeard(RpcAddress node) {
        return nodes.isHeard(node);
    }

    @Override
    public boolean lostReplica(RpcAddress node, Gpid gpid) {
        PartitionConfig config = configs.get(gpid);
        return config != null && lives.lost(node, gpid, config);
    }

    @Override
    public Optional<Progress> progress(RpcAddress node, Gpid gpid) {
        return nodes.usableCopy(node, gpid).map(replica -> new Progress(replica.committedDecree(),
                replica.preparedDecree()));
    }

    @Override
    public int replicaCount(RpcAddress node) {
        return replicaCounts.getOrDefault(node, 0);
    }

    /**
     * Only nodes that synced with this leader, where a server is known to run, and that are neither being
     * drained nor short of disk space: these are where a new replica may go.
     */
    @Override
    public List<RpcAddress> aliveNodes() {
        return nodes.synced().stream().filter(node -> !excluded.contains(node)).toList();
    }
}
