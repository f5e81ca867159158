package dev.pegasus.server.replica.core;

import dev.pegasus.protocol.RpcAddress;

/**
 * A configuration change a primary asks of the meta server. The meta server accepts it only while
 * the partition is still at {@code ballot} with this primary, so a stale primary's request is void.
 *
 * @param nodeLife for an upgrade, the life of the learner's server in which it caught up: the meta
 *                 server refuses the upgrade once that server restarted (its replica may have lost
 *                 what it learned) and records the life with the new member; 0 for a removal
 */
public record ConfigProposal(Kind kind, RpcAddress node, long ballot, long nodeLife) {
    public enum Kind {
        /** The secondary stopped answering; the partition goes on without it. */
        REMOVE_SECONDARY,
        /** The learner has caught up; it becomes a secondary. */
        UPGRADE_TO_SECONDARY
    }

    public static ConfigProposal removeSecondary(RpcAddress node, long ballot) {
        return new ConfigProposal(Kind.REMOVE_SECONDARY, node, ballot, 0);
    }

    public static ConfigProposal upgradeToSecondary(RpcAddress learner, long ballot, long learnerLife) {
        return new ConfigProposal(Kind.UPGRADE_TO_SECONDARY, learner, ballot, learnerLife);
    }
}
