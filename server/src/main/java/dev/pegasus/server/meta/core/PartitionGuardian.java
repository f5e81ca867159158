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
            if (!view.isHeard(primary)) {
                // Only presumed alive after a take-over: removing members now could leave a primary that is
                // down as the only one to recover the partition from.
                return Optional.of(new GuardianAction.Wait("waiting for primary " + primary + " to report"));
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
        if (config.secondaries().isEmpty()) {
            return recover(gpid, config, view);
        }
        return best(gpid, config.secondaries(), view, true).map(node -> new GuardianAction.Reconfigure(
                config.promote(node), node + " takes over as primary"));
    }

    /**
     * A partition every member of which was lost at once (a whole-cluster restart, or each member
     * dead or restarted) gets its primary back from the last members, who all logged every committed
     * mutation: PacificA commits a mutation only once every member has logged it durably, so any of
     * them is a safe primary. Of those back, the one whose log reaches furthest (committed, then
     * prepared decree) is chosen, so that a member whose log lost a tail (a torn record) is not preferred.
     * The choice waits while a last member is presumed alive but has not reported yet (the first node
     * timeout after a meta leader takes over): it may hold the newest writes. A last member that stays
     * away is waited for no longer than that; one that never held a copy is not waited for.
     */
    private static Optional<GuardianAction> recover(Gpid gpid, PartitionConfig config, ClusterView view) {
        List<RpcAddress> last = config.lastDrops();
        if (last.isEmpty()) {
            return Optional.empty();
        }
        List<RpcAddress> unheard = last.stream().filter(node -> view.isAlive(node) && !view.isHeard(node)).toList();
        if (!unheard.isEmpty()) {
            return Optional.of(new GuardianAction.Wait("waiting for " + unheard + " to report: last members of "
                    + config + ", they may hold the newest writes"));
        }
        Optional<RpcAddress> successor = last.stream().filter(view::isHeard)
                .filter(node -> view.progress(node, gpid).isPresent()).max(furthest(gpid, view));
        if (successor.isEmpty()) {
            return Optional.of(new GuardianAction.Wait("waiting for one of the last members " + last
                    + " to come back with its copy; none is alive with it"));
        }
        return Optional.of(new GuardianAction.Reconfigure(config.promote(successor.get()), successor.get()
                + " takes over as primary: every last member logged every committed write, and its log reaches"
                + " furthest of those back (" + view.progress(successor.get(), gpid).orElseThrow() + ")"));
    }

    /**
     * A secondary that still holds its role and whose server synced with this leader takes over. One
     * only presumed alive (after a take-over, before its first sync) is waited for, not promoted: it may
     * be down, and a partition whose only member is down can recover from nobody else.
     */
    private static Optional<GuardianAction> replacePrimary(Gpid gpid, PartitionConfig config, ClusterView view) {
        List<RpcAddress> holding = config.secondaries().stream()
                .filter(node -> view.isAlive(node) && !view.lostReplica(node, gpid)).toList();
        Optional<RpcAddress> successor = best(gpid, holding.stream().filter(view::isHeard).toList(), view, true);
        if (successor.isPresent()) {
            return Optional.of(new GuardianAction.Reconfigure(config.promote(successor.get()),
                    "primary " + config.primary().get() + " is gone; " + successor.get() + " takes over"));
        }
        if (!holding.isEmpty()) {
            return Optional.of(new GuardianAction.Wait("primary " + config.primary().get() + " is gone; waiting for "
                    + holding + " to report before one takes over"));
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
                .max(furthest(gpid, view));
    }

    /** Highest committed decree first, then highest prepared decree, then the lowest address. */
    private static Comparator<RpcAddress> furthest(Gpid gpid, ClusterView view) {
        ClusterView.Progress none = new ClusterView.Progress(0, 0);
        return Comparator.<RpcAddress>comparingLong(node -> view.progress(node, gpid).orElse(none).committed())
                .thenComparingLong(node -> view.progress(node, gpid).orElse(none).prepared())
                .thenComparing(Comparator.<RpcAddress>naturalOrder().reversed());
    }

    /** A last member first (it holds most of the data already), then the node carrying the fewest replicas. */
    private static Optional<RpcAddress> pickNewMember(Gpid gpid, PartitionConfig config, ClusterView view) {
        List<RpcAddress> candidates = new ArrayList<>(view.aliveNodes());
        candidates.removeAll(config.members());
        return candidates.stream().min(Comparator.<RpcAddress, Boolean>comparing(node -> !config.lastDrops().contains(node))
                .thenComparingInt(view::replicaCount).thenComparing(Comparator.naturalOrder()));
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
