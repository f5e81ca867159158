package dev.pegasus.server.meta;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.server.meta.core.ReplicaMove;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Replica copies the balancer started, by partition: under way while the new node learns (its
 * invitation is pending) or has joined and the old copy is still a member. Kept in memory only: a new
 * leader finds a partition with a surplus member and removes the least needed one. Thread-safe.
 */
final class ReplicaMoves {
    private final Map<Gpid, ReplicaMove> moves = new TreeMap<>();
    private final LearnerInvitations invitations;

    ReplicaMoves(LearnerInvitations invitations) {
        this.invitations = invitations;
    }

    synchronized void start(Gpid gpid, ReplicaMove move) {
        moves.put(gpid, move);
    }

    /**
     * The moves still under way in these configurations; the others are forgotten: finished (the old
     * copy left), or given up (the learner neither joined nor is still invited).
     */
    synchronized Map<Gpid, ReplicaMove> underWay(Map<Gpid, TablePartition> partitions) {
        moves.entrySet().removeIf(entry -> {
            TablePartition partition = partitions.get(entry.getKey());
            return partition == null || !entry.getValue().underWayIn(partition.config(), partition.replicaCount(),
                    invitations.pending(entry.getKey(), partition.config()).isPresent());
        });
        return Map.copyOf(moves);
    }

    synchronized Optional<ReplicaMove> of(Gpid gpid) {
        return Optional.ofNullable(moves.get(gpid));
    }

    synchronized void clear() {
        moves.clear();
    }
}
