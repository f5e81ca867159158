package dev.pegasus.server.replica.core;

import dev.pegasus.protocol.RpcAddress;

/**
 * A configuration change a primary asks of the meta server. The meta server accepts it only while
 * the partition is still at {@code ballot} with this primary, so a stale primary's request is void.
 */
public record ConfigProposal(Kind kind, RpcAddress node, long ballot) {
    public enum Kind {
        /** The secondary stopped answering; the partition goes on without it. */
        REMOVE_SECONDARY,
        /** The learner has caught up; it becomes a secondary. */
        UPGRADE_TO_SECONDARY
    }
}
