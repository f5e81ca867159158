package dev.pegasus.server.meta;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.meta.core.GuardianAction;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Learners the guardian invited and that have not joined yet, at most one per partition. The meta
 * server hands an invitation to the primary in answer to each of its syncs while it is pending, so a
 * lost answer costs nothing; while it is pending the guardian invites nobody else to the partition.
 * Thread-safe.
 */
final class LearnerInvitations {
    /** The guardian asked {@code primary} to teach {@code learner} the partition, at {@code ballot}. */
    record Invitation(RpcAddress primary, RpcAddress learner, long ballot, long sinceNanos) {}

    private final Map<Gpid, Invitation> invitations = new ConcurrentHashMap<>();
    private final NodeRegistry nodes;
    private final Duration learnTimeout;
    private final LongSupplier nanoClock;

    LearnerInvitations(NodeRegistry nodes, Duration learnTimeout, LongSupplier nanoClock) {
        this.nodes = nodes;
        this.learnTimeout = learnTimeout;
        this.nanoClock = nanoClock;
    }

    void invite(Gpid gpid, GuardianAction.InviteLearner invite) {
        invitations.put(gpid, new Invitation(invite.primary(), invite.node(), invite.ballot(), nanoClock.getAsLong()));
    }

    /**
     * The partition's invitation while it is pending: the learner is alive, has not become a member,
     * has had less than the learn timeout, and the primary that teaches it is still the primary (a new
     * primary knows nothing of its predecessor's learners). An invitation that is over is forgotten.
     */
    Optional<Invitation> pending(Gpid gpid, PartitionConfig config) {
        Invitation invitation = invitations.get(gpid);
        if (invitation == null) {
            return Optional.empty();
        }
        boolean pending = nanoClock.getAsLong() - invitation.sinceNanos() < learnTimeout.toNanos()
                && nodes.isAlive(invitation.learner()) && !config.isMember(invitation.learner())
                && config.isPrimary(invitation.primary());
        if (!pending) {
            invitations.remove(gpid, invitation);
            return Optional.empty();
        }
        return Optional.of(invitation);
    }

    void clear() {
        invitations.clear();
    }
}
