package dev.pegasus.server.meta.core;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import java.util.List;
import java.util.Optional;

/** What the meta server knows of the replica servers when it decides about a partition. */
public interface ClusterView {
    /**
     * How far a replica's log reaches, as its server reported it.
     *
     * @param committed the last decree it knows committed
     * @param prepared  the last decree it holds in its log, committed or not
     */
    record Progress(long committed, long prepared) {}

    /** Alive: its lease (plus the grace period) has not run out, or it is presumed alive after a take-over. */
    boolean isAlive(RpcAddress node);

    /** Alive and synced with this leader itself: a server is known to run there, and its reports are its own. */
    boolean isHeard(RpcAddress node);

    /**
     * Whether the member no longer holds its role in the partition's current configuration: its server
     * restarted since, or the replica reports no role ({@link MemberStanding}). It counts as gone for
     * that configuration.
     */
    boolean lostReplica(RpcAddress node, Gpid gpid);

    /** What a heard node last reported of its copy of the partition; empty when it holds none or its copy failed. */
    Optional<Progress> progress(RpcAddress node, Gpid gpid);

    /** How many replicas the node carries, to spread new ones evenly. */
    int replicaCount(RpcAddress node);

    List<RpcAddress> aliveNodes();
}
