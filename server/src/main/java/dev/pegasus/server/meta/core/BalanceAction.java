package dev.pegasus.server.meta.core;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.core.PartitionConfig;

/** A step of the {@link BalancePlanner}. */
public sealed interface BalanceAction {
    Gpid gpid();

    /** Store this configuration: a primary hand-over, or the removal of a replica that was moved away. */
    record Reconfigure(Gpid gpid, PartitionConfig config, String reason) implements BalanceAction {}

    /**
     * Start copying the partition from {@code move.from()} to {@code move.to()}: the primary teaches the
     * new node, which joins as an extra secondary; the old copy is removed once it has joined.
     */
    record StartMove(Gpid gpid, ReplicaMove move, RpcAddress primary, long ballot, String reason)
            implements BalanceAction {}
}
