package dev.pegasus.server.meta.core;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

/**
 * The balancer's decisions, as a pure function of the configurations: what to do now so that every
 * node carries an even share of primaries and of replicas, per table and across the cluster.
 *
 * <p>In order: a partition that gained its extra copy loses the old one (handing the primary role over
 * first when the old copy is the primary); replicas leave nodes being drained; primaries are evened out
 * by hand-overs along chains of secondaries (no data copied); only then are replicas copied to the nodes
 * with the fewest. A partition takes part in one decision per round, and copies are bounded per node and
 * in total. A copy never brings a partition below its replica count: the new replica joins before the old
 * one leaves.
 */
public final class BalancePlanner {
    /**
     * @param healthy it has a primary and every member is alive in the life it joined with
     */
    public record Partition(Gpid gpid, PartitionConfig config, int replicaCount, boolean healthy) {
        int appId() {
            return gpid.appId();
        }

        boolean hasSurplus() {
            return config.members().size() > replicaCount;
        }
    }

    /** At most {@code movesPerNode} copies to or from one node, and {@code movesInTotal} in the cluster. */
    public record Limits(int movesPerNode, int movesInTotal) {
        public Limits {
            if (movesPerNode < 1 || movesInTotal < 1) {
                throw new IllegalArgumentException("move limits must be positive: " + movesPerNode + " per node, "
                        + movesInTotal + " in total");
            }
        }
    }

    private final List<Partition> partitions;
    private final Map<Gpid, Partition> byGpid = new HashMap<>();
    private final List<RpcAddress> targets;
    private final Set<RpcAddress> draining;
    private final Set<RpcAddress> shortOfSpace;
    private final Map<Gpid, ReplicaMove> moves;
    private final MoveBudget budget;
    private final BalanceLoad load = new BalanceLoad();
    private final Set<Gpid> decided = new HashSet<>();
    private final List<BalanceAction> actions = new ArrayList<>();

    private BalancePlanner(List<Partition> partitions, List<RpcAddress> alive, Set<RpcAddress> draining,
            Set<RpcAddress> shortOfSpace, Map<Gpid, ReplicaMove> moves, Limits limits) {
        this.partitions = partitions.stream().sorted(Comparator.comparing(Partition::gpid)).toList();
        this.targets = alive.stream().filter(node -> !draining.contains(node) && !shortOfSpace.contains(node)).sorted()
                .toList();
        this.draining = draining;
        this.shortOfSpace = shortOfSpace;
        this.moves = moves;
        this.budget = new MoveBudget(limits, moves.values());
        for (Partition partition : this.partitions) {
            byGpid.put(partition.gpid(), partition);
            partition.config().primary().ifPresent(primary -> load.addPrimary(partition.appId(), primary, 1));
            partition.config().members().forEach(member -> load.addReplica(partition.appId(), member, 1));
            ReplicaMove move = moves.get(partition.gpid());
            if (move != null) {
                countMove(partition, move);
            }
        }
    }

    /**
     * What to do this round.
     *
     * @param alive     replica servers that may receive replicas (draining ones among them)
     * @param draining  nodes every replica must leave
     * @param shortOfSpace nodes whose data disk is short of space: they keep their copies but hold no
     *                  primary and receive no copy
     * @param moves     copies under way, by partition
     * @param balancing whether to even out the load (false: only finish moves, relieve nodes short of
     *                  space and drain nodes)
     */
    public static List<BalanceAction> plan(List<Partition> partitions, List<RpcAddress> alive, Set<RpcAddress> draining,
            Set<RpcAddress> shortOfSpace, Map<Gpid, ReplicaMove> moves, Limits limits, boolean balancing) {
        BalancePlanner planner = new BalancePlanner(partitions, alive, draining, shortOfSpace, moves, limits);
        planner.finishMoves();
        planner.relieveShortOfSpace();
        planner.drain();
        if (balancing && planner.everyPartitionHealthy()) {
            planner.balancePrimaries();
            if (planner.actions.isEmpty()) {
                planner.balanceReplicas();
            }
        }
        return List.copyOf(planner.actions);
    }

    private boolean everyPartitionHealthy() {
        return partitions.stream().allMatch(p -> p.healthy() && p.config().members().size() >= p.replicaCount());
    }

    // ---------------------------------------------------------------- moves and drains

    /** A partition above its replica count drops the copy that was moving away (or the least needed one). */
    private void finishMoves() {
        for (Partition partition : partitions) {
            if (!partition.healthy() || !partition.hasSurplus()) {
                continue;
            }
            PartitionConfig config = partition.config();
            RpcAddress leaving = leavingMember(partition);
            if (config.isPrimary(leaving)) {
                successor(partition, leaving).ifPresent(successor -> decide(new BalanceAction.Reconfigure(
                        partition.gpid(), config.handOverTo(successor),
                        "primary " + leaving + " hands over to " + successor + " before its copy is removed")));
            } else {
                decide(new BalanceAction.Reconfigure(partition.gpid(), config.withoutSecondary(leaving),
                        "the copy on " + leaving + " moved away"));
            }
        }
    }

    private RpcAddress leavingMember(Partition partition) {
        PartitionConfig config = partition.config();
        ReplicaMove move = moves.get(partition.gpid());
        if (move != null && config.isMember(move.from()) && config.isMember(move.to())) {
            return move.from();
        }
        return config.members().stream()
                .max(Comparator.<RpcAddress, Boolean>comparing(draining::contains)
                        .thenComparingInt(node -> load.tableReplicas(partition.appId(), node))
                        .thenComparingInt(load::replicas)
                        .thenComparing(Comparator.<RpcAddress>naturalOrder().reversed()))
                .orElseThrow();
    }

    /**
     * A primary on a node short of disk space hands its role to a secondary with room, where writes are
     * taken again; the copy stays, since moving it would cost the space another node has.
     */
    private void relieveShortOfSpace() {
        for (Partition partition : partitions) {
            PartitionConfig config = partition.config();
            Optional<RpcAddress> primary = config.primary().filter(shortOfSpace::contains);
            if (primary.isEmpty() || !partition.healthy() || decided.contains(partition.gpid())) {
                continue;
            }
            successor(partition, primary.get()).ifPresent(successor -> decide(new BalanceAction.Reconfigure(
                    partition.gpid(), config.handOverTo(successor), primary.get() + " is short of disk space: "
                            + successor + " takes over as primary")));
        }
    }

    /** Replicas on draining nodes leave: a primary hands its role over, a secondary is copied elsewhere. */
    private void drain() {
        for (Partition partition : partitions) {
            if (!movable(partition)) {
                continue;
            }
            PartitionConfig config = partition.config();
            Optional<RpcAddress> leaving = config.members().stream().filter(draining::contains).findFirst();
            if (leaving.isEmpty()) {
                continue;
            }
            Optional<RpcAddress> successor = config.isPrimary(leaving.get())
                    ? successor(partition, leaving.get()) : Optional.empty();
            if (successor.isPresent()) {
                decide(new BalanceAction.Reconfigure(partition.gpid(), config.handOverTo(successor.get()),
                        leaving.get() + " is drained: " + successor.get() + " takes over as primary"));
            } else {
                leastLoadedTarget(partition, leaving.get()).ifPresent(target ->
                        startMove(partition, new ReplicaMove(leaving.get(), target), leaving.get() + " is drained"));
            }
        }
    }

    // ---------------------------------------------------------------- primaries

    /** Which hand-overs a chain may use: of this partition, from this node to that one. */
    private interface HandOverRule {
        boolean allows(Partition partition, RpcAddress from, RpcAddress to);
    }

    /**
     * Per table, then across the cluster: moves a primary role from a node with the most to one with at
     * least two fewer, along a chain of hand-overs (each to a secondary of the partition). Across the
     * cluster a hop only goes to a node with fewer primaries of that partition's table, so every table
     * stays even.
     */
    private void balancePrimaries() {
        for (int appId : appIds()) {
            applyChains(node -> load.tablePrimaries(appId, node), (p, from, to) -> p.appId() == appId,
                    "primaries of table " + appId);
        }
        applyChains(load::primaries, (p, from, to) -> load.tablePrimaries(p.appId(), from)
                > load.tablePrimaries(p.appId(), to), "primaries across the cluster");
    }

    private void applyChains(ToIntFunction<RpcAddress> count, HandOverRule rule, String why) {
        List<BalanceAction.Reconfigure> chain;
        while (!(chain = primaryChain(count, rule, why)).isEmpty()) {
            chain.forEach(this::decide);
        }
    }

    /**
     * A chain of hand-overs from a node with the most primaries to the reachable node with the fewest,
     * when that one has at least two fewer (the nearest of those with the fewest).
     */
    private List<BalanceAction.Reconfigure> primaryChain(ToIntFunction<RpcAddress> count, HandOverRule rule,
            String why) {
        int most = targets.stream().mapToInt(count).max().orElse(0);
        for (RpcAddress source : targets.stream().filter(node -> count.applyAsInt(node) == most)
                .sorted(Comparator.comparingInt(load::primaries).reversed()).toList()) {
            Map<RpcAddress, Partition> reachedThrough = new HashMap<>();
            Map<RpcAddress, RpcAddress> reachedFrom = new HashMap<>();
            ArrayDeque<RpcAddress> queue = new ArrayDeque<>(List.of(source));
            RpcAddress end = null;
            while (!queue.isEmpty()) {
                RpcAddress node = queue.poll();
                for (Partition partition : movablePartitions().filter(p -> p.config().isPrimary(node)).toList()) {
                    for (RpcAddress secondary : partition.config().secondaries()) {
                        if (!targets.contains(secondary) || secondary.equals(source)
                                || reachedFrom.containsKey(secondary) || !rule.allows(partition, node, secondary)) {
                            continue;
                        }
                        reachedFrom.put(secondary, node);
                        reachedThrough.put(secondary, partition);
                        if (count.applyAsInt(secondary) <= most - 2
                                && (end == null || count.applyAsInt(secondary) < count.applyAsInt(end))) {
                            end = secondary;
                        }
                        queue.add(secondary);
                    }
                }
            }
            if (end != null) {
                return chainTo(end, source, reachedFrom, reachedThrough, why);
            }
        }
        return List.of();
    }

    private List<BalanceAction.Reconfigure> chainTo(RpcAddress end, RpcAddress source,
            Map<RpcAddress, RpcAddress> reachedFrom, Map<RpcAddress, Partition> reachedThrough, String why) {
        List<BalanceAction.Reconfigure> chain = new ArrayList<>();
        for (RpcAddress node = end; !node.equals(source); node = reachedFrom.get(node)) {
            chain.add(handOverReconfigure(reachedThrough.get(node), node, why));
        }
        return chain;
    }

    private BalanceAction.Reconfigure handOverReconfigure(Partition partition, RpcAddress successor, String why) {
        RpcAddress primary = partition.config().primary().orElseThrow();
        return new BalanceAction.Reconfigure(partition.gpid(), partition.config().handOverTo(successor),
                "balancing " + why + ": " + primary + " hands over to " + successor);
    }

    // ---------------------------------------------------------------- replicas

    /** Per table, then across the cluster: copies a replica from a node with the most to one with two fewer. */
    private void balanceReplicas() {
        for (int appId : appIds()) {
            while (moveReplica(node -> load.tableReplicas(appId, node), appId, "replicas of table " + appId)) {
                // each move changes the counts the next one is chosen by
            }
        }
        while (moveReplica(load::replicas, -1, "replicas across the cluster")) {
            // as above
        }
    }

    /** @param appId the table to move within, or -1 for any table whose own balance the move keeps */
    private boolean moveReplica(ToIntFunction<RpcAddress> count, int appId, String why) {
        for (RpcAddress most : byDescending(count)) {
            for (RpcAddress fewest : byAscending(count)) {
                if (count.applyAsInt(most) - count.applyAsInt(fewest) < 2) {
                    break;
                }
                ReplicaMove move = new ReplicaMove(most, fewest);
                if (!budget.allows(move)) {
                    continue;
                }
                Optional<Partition> candidate = movablePartitions()
                        .filter(p -> appId < 0 ? load.tableReplicas(p.appId(), most) > load.tableReplicas(p.appId(), fewest)
                                : p.appId() == appId)
                        .filter(p -> p.config().isMember(most) && !p.config().isMember(fewest))
                        .min(Comparator.comparing((Partition p) -> p.config().isPrimary(most)));
                if (candidate.isPresent()) {
                    startMove(candidate.get(), move, "balancing " + why);
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- shared

    private boolean movable(Partition partition) {
        return partition.healthy() && !partition.hasSurplus() && !decided.contains(partition.gpid())
                && !moves.containsKey(partition.gpid());
    }

    private Stream<Partition> movablePartitions() {
        return partitions.stream().filter(this::movable);
    }

    private Set<Integer> appIds() {
        Set<Integer> ids = new TreeSet<>();
        partitions.forEach(p -> ids.add(p.appId()));
        return ids;
    }

    private List<RpcAddress> byAscending(ToIntFunction<RpcAddress> count) {
        return targets.stream().sorted(Comparator.comparingInt(count).thenComparingInt(load::replicas)).toList();
    }

    private List<RpcAddress> byDescending(ToIntFunction<RpcAddress> count) {
        return targets.stream().sorted(Comparator.comparingInt(count).thenComparingInt(load::replicas).reversed()).toList();
    }

    /** The secondary to hand the primary role to: not leaving, with the fewest primaries. */
    private Optional<RpcAddress> successor(Partition partition, RpcAddress leaving) {
        return partition.config().secondaries().stream()
                .filter(node -> !node.equals(leaving) && targets.contains(node))
                .min(Comparator.<RpcAddress>comparingInt(node -> load.tablePrimaries(partition.appId(), node))
                        .thenComparingInt(load::primaries).thenComparing(Comparator.naturalOrder()));
    }

    private Optional<RpcAddress> leastLoadedTarget(Partition partition, RpcAddress from) {
        return targets.stream()
                .filter(node -> !partition.config().isMember(node) && budget.allows(new ReplicaMove(from, node)))
                .min(Comparator.<RpcAddress>comparingInt(node -> load.tableReplicas(partition.appId(), node))
                        .thenComparingInt(load::replicas).thenComparing(Comparator.naturalOrder()));
    }

    private void startMove(Partition partition, ReplicaMove move, String why) {
        PartitionConfig config = partition.config();
        budget.take(move);
        countMove(partition, move);
        decided.add(partition.gpid());
        actions.add(new BalanceAction.StartMove(partition.gpid(), move, config.primary().orElseThrow(), config.ballot(),
                why + ": copying " + partition.gpid() + " " + move));
    }

    private void countMove(Partition partition, ReplicaMove move) {
        if (!partition.config().isMember(move.to())) {
            load.addReplica(partition.appId(), move.to(), 1);
        }
        if (partition.config().isMember(move.from())) {
            load.addReplica(partition.appId(), move.from(), -1);
        }
    }

    private void decide(BalanceAction.Reconfigure reconfigure) {
        Partition partition = byGpid.get(reconfigure.gpid());
        PartitionConfig before = partition.config();
        PartitionConfig after = reconfigure.config();
        before.primary().ifPresent(node -> load.addPrimary(partition.appId(), node, -1));
        after.primary().ifPresent(node -> load.addPrimary(partition.appId(), node, 1));
        decided.add(reconfigure.gpid());
        actions.add(reconfigure);
    }
}
