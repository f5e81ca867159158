package dev.pegasus.server.meta.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The planner run to the end on a model cluster where every copy finishes at once: the load ends even
 * within one per node, per table and across the cluster, no partition ever drops below its replica
 * count, and the per-node copy limit holds in every round.
 */
class BalancePlannerTest {
    private static final BalancePlanner.Limits LIMITS = new BalancePlanner.Limits(2, 8);

    private static RpcAddress node(int i) {
        return RpcAddress.parse("127.0.0.1:" + (34801 + i));
    }

    private static List<RpcAddress> nodes(int count) {
        return IntStream.range(0, count).mapToObj(BalancePlannerTest::node).toList();
    }

    /** A cluster of configurations that applies the planner's actions; a started copy joins at once. */
    private static final class Model {
        final Map<Gpid, PartitionConfig> configs = new TreeMap<>();
        final Map<Gpid, ReplicaMove> moves = new HashMap<>();
        final int replicaCount;
        int rounds;
        int copies;
        int handOvers;
        Set<RpcAddress> shortOfSpace = Set.of();

        Model(int replicaCount) {
            this.replicaCount = replicaCount;
        }

        void table(int appId, int partitions, List<RpcAddress> on, Random random) {
            for (int i = 0; i < partitions; i++) {
                List<RpcAddress> shuffled = new ArrayList<>(on);
                java.util.Collections.shuffle(shuffled, random);
                configs.put(new Gpid(appId, i), new PartitionConfig(1, Optional.of(shuffled.get(0)),
                        shuffled.subList(1, replicaCount), List.of()));
            }
        }

        List<BalanceAction> round(List<RpcAddress> alive, Set<RpcAddress> draining, boolean balancing) {
            List<BalancePlanner.Partition> partitions = new ArrayList<>();
            configs.forEach((gpid, config) -> partitions.add(new BalancePlanner.Partition(gpid, config, replicaCount,
                    true)));
            List<BalanceAction> actions = BalancePlanner.plan(partitions, alive, draining, shortOfSpace, Map.copyOf(moves), LIMITS,
                    balancing);
            Map<RpcAddress, Integer> started = new HashMap<>();
            for (BalanceAction action : actions) {
                if (action instanceof BalanceAction.Reconfigure reconfigure) {
                    PartitionConfig before = configs.put(action.gpid(), reconfigure.config());
                    assertTrue(reconfigure.config().members().size() >= replicaCount, "below the replica count: "
                            + reconfigure);
                    assertTrue(reconfigure.config().ballot() > before.ballot());
                    if (!before.primary().equals(reconfigure.config().primary())) {
                        handOvers++;
                        assertTrue(before.isSecondary(reconfigure.config().primary().orElseThrow()),
                                "a hand-over goes to a secondary: " + reconfigure);
                        assertEquals(before.members().size(), reconfigure.config().members().size());
                    } else {
                        moves.remove(action.gpid());
                    }
                } else if (action instanceof BalanceAction.StartMove start) {
                    PartitionConfig config = configs.get(action.gpid());
                    assertTrue(config.isMember(start.move().from()) && !config.isMember(start.move().to()));
                    assertEquals(config.primary().orElseThrow(), start.primary());
                    started.merge(start.move().from(), 1, Integer::sum);
                    started.merge(start.move().to(), 1, Integer::sum);
                    moves.put(action.gpid(), start.move());
                    configs.put(action.gpid(), config.withSecondary(start.move().to()));
                    copies++;
                }
            }
            started.forEach((node, count) -> assertTrue(count <= LIMITS.movesPerNode(), node + " copies " + count));
            rounds++;
            return actions;
        }

        void runToEnd(List<RpcAddress> alive, Set<RpcAddress> draining) {
            for (int i = 0; i < 500; i++) {
                if (round(alive, draining, true).isEmpty()) {
                    return;
                }
            }
            throw new AssertionError("the balancer did not settle in 500 rounds: " + configs);
        }

        int spread(List<RpcAddress> among, java.util.function.Predicate<Gpid> partitions, boolean primaries) {
            Map<RpcAddress, Integer> counts = new HashMap<>();
            among.forEach(node -> counts.put(node, 0));
            configs.forEach((gpid, config) -> {
                if (partitions.test(gpid)) {
                    (primaries ? config.primary().stream().toList() : config.members())
                            .forEach(node -> counts.merge(node, 1, Integer::sum));
                }
            });
            IntSummaryStatistics stats = counts.values().stream().mapToInt(Integer::intValue).summaryStatistics();
            return stats.getMax() - stats.getMin();
        }

        void assertEven(List<RpcAddress> among, int tables) {
            for (int appId = 1; appId <= tables; appId++) {
                int table = appId;
                assertTrue(spread(among, g -> g.appId() == table, true) <= 1, "primaries of table " + table + ": " + configs);
                assertTrue(spread(among, g -> g.appId() == table, false) <= 1, "replicas of table " + table + ": " + configs);
            }
            assertTrue(spread(among, g -> true, true) <= 1, "primaries: " + configs);
            assertTrue(spread(among, g -> true, false) <= 1, "replicas: " + configs);
            configs.values().forEach(config -> assertEquals(replicaCount, config.members().size(), config.toString()));
        }
    }

    @Test
    void twoNewNodesReceiveTheirShare() {
        Model model = new Model(3);
        model.table(1, 8, nodes(3), new Random(1));
        model.runToEnd(nodes(5), Set.of());
        model.assertEven(nodes(5), 1);
        assertTrue(model.copies >= 8, "24 replicas over 5 nodes: at least 4 on each new node, " + model.copies);
    }

    @Test
    void randomClustersEndEven() {
        for (int seed = 0; seed < 200; seed++) {
            Random random = new Random(seed);
            int before = 3 + random.nextInt(4);
            int after = before + random.nextInt(4);
            int tables = 1 + random.nextInt(3);
            Model model = new Model(3);
            for (int appId = 1; appId <= tables; appId++) {
                model.table(appId, 1 + random.nextInt(16), nodes(before), random);
            }
            model.runToEnd(nodes(after), Set.of());
            model.assertEven(nodes(after), tables);
        }
    }

    @Test
    void primariesAreEvenedByHandOversAlone() {
        Model model = new Model(3);
        List<RpcAddress> three = nodes(3);
        for (int i = 0; i < 6; i++) {
            model.configs.put(new Gpid(1, i), new PartitionConfig(1, Optional.of(three.get(0)),
                    List.of(three.get(1), three.get(2)), List.of()));
        }
        model.runToEnd(three, Set.of());
        model.assertEven(three, 1);
        assertEquals(0, model.copies);
        assertEquals(4, model.handOvers);
    }

    @Test
    void aDrainedNodeEndsEmptyAndTheOthersEven() {
        Model model = new Model(3);
        model.table(1, 12, nodes(5), new Random(7));
        RpcAddress drained = node(2);
        model.runToEnd(nodes(5), Set.of(drained));
        model.configs.values().forEach(config -> assertFalse(config.isMember(drained), config.toString()));
        List<RpcAddress> remaining = nodes(5).stream().filter(n -> !n.equals(drained)).toList();
        model.assertEven(remaining, 1);
    }

    @Test
    void aNodeShortOfSpaceHandsItsPrimariesOverKeepsItsCopiesAndReceivesNone() {
        for (boolean balancing : new boolean[] {true, false}) {
            Model model = new Model(3);
            model.table(1, 12, nodes(5), new Random(11));
            RpcAddress full = node(1);
            long copiesBefore = model.configs.values().stream().filter(config -> config.isMember(full)).count();
            assertTrue(model.configs.values().stream().anyMatch(config -> config.isPrimary(full)));
            model.shortOfSpace = Set.of(full);
            for (int i = 0; i < 500 && !model.round(nodes(5), Set.of(), balancing).isEmpty(); i++) {
                // until nothing is left to do
            }
            model.configs.values().forEach(config -> assertFalse(config.isPrimary(full), config.toString()));
            assertEquals(copiesBefore, model.configs.values().stream().filter(config -> config.isMember(full)).count(),
                    "its copies stay, and it receives none");
        }
    }

    @Test
    void drainsGoOnWhileBalancingIsOff() {
        Model model = new Model(3);
        model.table(1, 4, nodes(4), new Random(3));
        RpcAddress drained = node(0);
        for (int i = 0; i < 100 && !model.round(nodes(4), Set.of(drained), false).isEmpty(); i++) {
            // until nothing is left to do
        }
        model.configs.values().forEach(config -> assertFalse(config.isMember(drained), config.toString()));
    }

    @Test
    void nothingIsBalancedWhileAPartitionIsUnhealthy() {
        List<RpcAddress> three = nodes(3);
        List<BalancePlanner.Partition> partitions = List.of(
                new BalancePlanner.Partition(new Gpid(1, 0), new PartitionConfig(2, Optional.of(three.get(0)),
                        List.of(three.get(1), three.get(2)), List.of()), 3, true),
                new BalancePlanner.Partition(new Gpid(1, 1), new PartitionConfig(2, Optional.of(three.get(0)),
                        List.of(three.get(1), three.get(2)), List.of()), 3, true),
                new BalancePlanner.Partition(new Gpid(1, 2), new PartitionConfig(3, Optional.of(three.get(0)),
                        List.of(three.get(1)), List.of()), 3, false));
        assertEquals(List.of(), BalancePlanner.plan(partitions, nodes(5), Set.of(), Set.of(), Map.of(), LIMITS, true));
    }

    @Test
    void copiesAreBoundedPerNode() {
        Model model = new Model(3);
        model.table(1, 32, nodes(3), new Random(5));
        List<BalanceAction> first = model.round(nodes(4), Set.of(), true);
        long copies = first.stream().filter(a -> a instanceof BalanceAction.StartMove).count();
        assertEquals(LIMITS.movesPerNode(), copies, "one new node receives at most the per-node limit: " + first);
    }
}
