package dev.pegasus.server.meta.core;

import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.core.PartitionConfig;

/** A decision of the {@link PartitionGuardian} for one partition. */
public sealed interface GuardianAction {
    /** Store this configuration (ballot bumped) before anyone acts on it, then announce it. */
    record Reconfigure(PartitionConfig config, String reason) implements GuardianAction {}

    /** Ask the primary to teach {@code node} the partition; it becomes a secondary when caught up. */
    record InviteLearner(RpcAddress primary, RpcAddress node, long ballot) implements GuardianAction {}

    /** Nothing may be changed yet: the partition waits, for the reason given (its primary may not serve meanwhile). */
    record Wait(String reason) implements GuardianAction {}
}
