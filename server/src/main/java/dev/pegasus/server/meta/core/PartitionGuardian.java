package dev.pegasus.server.meta.core;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.core.ConfigProposal;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The meta server's decisions about one partition, as pure functions of its configuration and the
 * cluster view: replace a dead primary, drop dead secondaries, bring the replica count back up,
 * and accept or refuse a primary's proposals. One change at a time; each bumps the ballot.
 */
public final class PartitionGuardian {
    private PartitionGuardian() {}

    /**
     * The next change the partition needs, if any.
     *
     * @param learnerPending a learner invited earlier is still catching up
     * @param addDue         the delay before adding a replacement replica has passed
     */
    public static Optional<GuardianAction> cure(Gpid gpid, PartitionConfig config, int replicaCount, ClusterView view,
            boolean learnerPending, boolean addDue) {
        if (config.primary().isPresent()) {
            RpcAddress primary = config.primary().get();
            if (gone(view, primary, gpid)) {
                return replacePrimary(gpid, config, view);
            }
            for (RpcAddress secondary : config.secondaries()) {
                if (gone(view, secondary, gpid)) {
                    return Optional.of(new GuardianAction.Reconfigure(config.withoutSecondary(secondary),
                            "secondary " + secondary + " is gone"));
                }
            }
            if (config.members().size() < replicaCount && !learnerPending && addDue) {
                return pickNewMember(gpid, config, view)
                        .map(node -> new GuardianAction.InviteLearner(primary, node, config.ballot()));
            }
            return Optional.empty();
        }
        Optional<RpcAddress> successor = best(gpid, config.secondaries(), view, true);
        if (successor.isEmpty() && config.secondaries().isEmpty()) {
            successor = best(gpid, config.lastDrops(), view, false);
        }
        return successor.map(node -> new GuardianAction.Reconfigure(config.promote(node),
                node + " takes over as primary"));
    }

    private static Optional<GuardianAction> replacePrimary(Gpid gpid, PartitionConfig config, ClusterView view) {
        Optional<RpcAddress> successor = best(gpid, config.secondaries(), view, true);
        if (successor.isPresent()) {
            return Optional.of(new GuardianAction.Reconfigure(config.promote(successor.get()),
                    "primary " + config.primary().get() + " is gone; " + successor.get() + " takes over"));
        }
        // Nobody is left: remember the last members, who hold every committed mutation, and wait for one.
        PartitionConfig empty = new PartitionConfig(config.ballot() + 1, Optional.empty(), List.of(),
                config.members());
        return Optional.of(new GuardianAction.Reconfigure(empty, "every member of " + config + " is gone"));
    }

    /** The candidate that reported the highest committed decree (then the lowest address). */
    private static Optional<RpcAddress> best(Gpid gpid, List<RpcAddress> candidates, ClusterView view,
            boolean mustKeepReplica) {
        return candidates.stream()
                .filter(view::isAlive)
                .filter(node -> !mustKeepReplica || !view.lostReplica(node, gpid))
                .max(Comparator.<RpcAddress>comparingLong(node -> view.reportedCommitted(node, gpid))
                        .thenComparing(Comparator.<RpcAddress>naturalOrder().reversed()));
    }

    private static Optional<RpcAddress> pickNewMember(Gpid gpid, PartitionConfig config, ClusterView view) {
        List<RpcAddress> candidates = new ArrayList<>(view.aliveNodes());
        candidates.removeAll(config.members());
        return candidates.stream().min(Comparator.<RpcAddress>comparingInt(view::replicaCount)
                .thenComparing(Comparator.naturalOrder()));
    }

    private static boolean gone(ClusterView view, RpcAddress node, Gpid gpid) {
        return !view.isAlive(node) || view.lostReplica(node, gpid);
    }

    /**
     * A primary's proposal: accepted only from the current primary at the current ballot, and only
     * when it still makes sense (the node to remove is a secondary, the learner is not yet a member).
     */
    public static Optional<PartitionConfig> accept(PartitionConfig current, RpcAddress proposer, ConfigProposal proposal) {
        if (!current.isPrimary(proposer) || proposal.ballot() != current.ballot()) {
            return Optional.empty();
        }
        return switch (proposal.kind()) {
            case REMOVE_SECONDARY -> current.isSecondary(proposal.node())
                    ? Optional.of(current.withoutSecondary(proposal.node())) : Optional.empty();
            case UPGRADE_TO_SECONDARY -> current.isMember(proposal.node())
                    ? Optional.empty() : Optional.of(current.withSecondary(proposal.node()));
        };
    }
}
