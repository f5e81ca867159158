package dev.pegasus.server.meta.core;

import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.core.PartitionConfig;

/** A replica of a partition on its way from one node to another. */
public record ReplicaMove(RpcAddress from, RpcAddress to) {
    public boolean involves(RpcAddress node) {
        return from.equals(node) || to.equals(node);
    }

    /**
     * Whether the move is still under way in this configuration: the new copy is learning (its
     * invitation is pending), or has joined while the old one is still a member above the replica count.
     * Otherwise it finished, was given up, or a member lost meanwhile made the new copy a replacement.
     */
    public boolean underWayIn(PartitionConfig config, int replicaCount, boolean learnerPending) {
        if (!config.isMember(from)) {
            return false;
        }
        return config.isMember(to) ? config.members().size() > replicaCount : learnerPending;
    }

    @Override
    public String toString() {
        return from + " -> " + to;
    }
}
