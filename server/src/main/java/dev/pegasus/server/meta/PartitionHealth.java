package dev.pegasus.server.meta;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.partition_status;
import dev.pegasus.server.meta.core.PartitionSettlement;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether a partition serves as configured, from its members' own reports: healthy only when its
 * primary and every secondary report serving in their roles at the configuration's ballot, missing no
 * committed mutation, with the table's full replica count, and its primary not short of disk space.
 * Otherwise the reason, in words an operator acts on: the partition waits for members, a member
 * restarted and is inactive, a learner is catching up, the primary refuses writes for lack of space.
 * Thread-safe; reads what the registries hold now.
 */
final class PartitionHealth {
    private final NodeRegistry nodes;
    private final MemberLives lives;
    private final LearnerInvitations invitations;
    private final Function<Gpid, Optional<String>> waitReason;

    /** @param waitReason why the guardian holds a partition back, if it does */
    PartitionHealth(NodeRegistry nodes, MemberLives lives, LearnerInvitations invitations,
            Function<Gpid, Optional<String>> waitReason) {
        this.nodes = nodes;
        this.lives = lives;
        this.invitations = invitations;
        this.waitReason = waitReason;
    }

    /** Whether every member serves the partition as configured: the balancer moves only such partitions. */
    boolean settled(TablePartition partition) {
        return PartitionSettlement.settled(partition.config(), member -> served(member, partition));
    }

    /** Empty when the partition is healthy; otherwise what is wrong. */
    Optional<String> problem(TablePartition partition) {
        Gpid gpid = partition.gpid();
        if (partition.config().ballot() == 0) {
            return Optional.of("a split child not registered yet: its parent still serves its keys");
        }
        Optional<String> waiting = waitReason.apply(gpid);
        if (partition.config().primary().isEmpty() || waiting.isPresent()) {
            return Optional.of("no serving primary: " + waiting.orElse("the meta server is choosing one"));
        }
        Optional<String> unsettled = PartitionSettlement.problem(partition.config(), member -> served(member, partition),
                member -> absence(member, partition));
        if (unsettled.isPresent()) {
            return unsettled;
        }
        RpcAddress primary = partition.config().primary().get();
        Optional<NodeRegistry.NodeDisk> shortDisk = nodes.disk(primary).filter(NodeRegistry.NodeDisk::low);
        if (shortDisk.isPresent()) {
            return Optional.of("writes refused: primary " + primary + " is short of disk space ("
                    + (shortDisk.get().freeBytes() >> 20) + " MB free of " + (shortDisk.get().totalBytes() >> 20)
                    + " MB); reads are served");
        }
        int members = partition.config().members().size();
        if (members < partition.replicaCount()) {
            return Optional.of(members + " of " + partition.replicaCount() + " replicas"
                    + invitations.pending(gpid, partition.config()).map(i -> "; " + i.learner() + " is learning")
                            .orElse("; a new replica will be invited"));
        }
        return Optional.empty();
    }

    private Optional<PartitionSettlement.Served> served(RpcAddress member, TablePartition partition) {
        if (lives.lost(member, partition.gpid(), partition.config())) {
            return Optional.empty();
        }
        return nodes.reported(member, partition.gpid()).map(replica -> new PartitionSettlement.Served(
                replica.status() == partition_status.PS_PRIMARY, replica.status() == partition_status.PS_SECONDARY,
                replica.ballot(), replica.lagging()));
    }

    private String absence(RpcAddress member, TablePartition partition) {
        if (lives.lost(member, partition.gpid(), partition.config())) {
            boolean failed = nodes.reported(member, partition.gpid())
                    .filter(replica -> replica.status() == partition_status.PS_ERROR).isPresent();
            return failed ? "failed; it is being replaced" : "restarted and is inactive since; it is being replaced";
        }
        if (!nodes.isAlive(member)) {
            return "is dead (no config sync within the node timeout)";
        }
        if (!nodes.isHeard(member)) {
            return "has not reported since the meta leader took over";
        }
        return "does not report the partition yet";
    }
}
