package dev.pegasus.server.meta.core;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import java.util.List;

/** What the meta server knows of the replica servers when it decides about a partition. */
public interface ClusterView {
    /** Alive: its lease (plus the grace period) has not run out. */
    boolean isAlive(RpcAddress node);

    /**
     * Whether the node restarted since it became a member of the partition: its replica came back
     * inactive and lost its role, so it counts as gone for that configuration.
     */
    boolean lostReplica(RpcAddress node, Gpid gpid);

    /** The committed decree the node last reported for the partition, 0 when none. */
    long reportedCommitted(RpcAddress node, Gpid gpid);

    /** How many replicas the node carries, to spread new ones evenly. */
    int replicaCount(RpcAddress node);

    List<RpcAddress> aliveNodes();
}
