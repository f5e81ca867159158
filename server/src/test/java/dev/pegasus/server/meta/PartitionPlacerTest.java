package dev.pegasus.server.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** New partitions spread their primaries and their replicas evenly over the alive nodes. */
class PartitionPlacerTest {
    private static List<RpcAddress> nodes(int count) {
        return IntStream.range(0, count).mapToObj(i -> RpcAddress.parse("127.0.0.1:" + (34801 + i))).toList();
    }

    @Test
    void everyPrefixOfEveryPlacementIsEven() {
        for (int nodeCount = 1; nodeCount <= 9; nodeCount++) {
            List<RpcAddress> alive = nodes(nodeCount);
            for (int replicaCount = 1; replicaCount <= nodeCount; replicaCount++) {
                List<PartitionConfig> configs = PartitionPlacer.place(64, replicaCount, alive,
                        PartitionPlacer.Load.none());
                Map<RpcAddress, Integer> primaries = new HashMap<>();
                Map<RpcAddress, Integer> replicas = new HashMap<>();
                alive.forEach(node -> {
                    primaries.put(node, 0);
                    replicas.put(node, 0);
                });
                String placement = nodeCount + " nodes, " + replicaCount + " replicas";
                for (PartitionConfig config : configs) {
                    assertEquals(1, config.ballot());
                    assertEquals(replicaCount, new HashSet<>(config.members()).size(), placement + ": distinct members");
                    assertEquals(List.of(), config.lastDrops());
                    primaries.merge(config.primary().orElseThrow(), 1, Integer::sum);
                    config.members().forEach(node -> replicas.merge(node, 1, Integer::sum));
                    assertTrue(spread(primaries.values()) <= 1, placement + ": primaries " + primaries);
                    assertTrue(spread(replicas.values()) <= 1, placement + ": replicas " + replicas);
                }
            }
        }
    }

    @Test
    void fourNodesThreeReplicasEightPartitions() {
        List<PartitionConfig> configs = PartitionPlacer.place(8, 3, nodes(4), PartitionPlacer.Load.none());
        Map<RpcAddress, Long> primaries = new HashMap<>();
        Map<RpcAddress, Long> replicas = new HashMap<>();
        for (PartitionConfig config : configs) {
            primaries.merge(config.primary().orElseThrow(), 1L, Long::sum);
            config.members().forEach(node -> replicas.merge(node, 1L, Long::sum));
        }
        nodes(4).forEach(node -> {
            assertEquals(2, primaries.get(node), "primaries of " + node);
            assertEquals(6, replicas.get(node), "replicas of " + node);
        });
    }

    @Test
    void existingLoadIsEvenedOut() {
        List<RpcAddress> alive = nodes(3);
        PartitionPlacer.Load load = new PartitionPlacer.Load(Map.of(alive.get(0), 2, alive.get(1), 1),
                Map.of(alive.get(0), 2, alive.get(1), 2, alive.get(2), 2));
        List<PartitionConfig> configs = PartitionPlacer.place(3, 2, alive, load);
        assertEquals(Optional.of(alive.get(2)), configs.get(0).primary());
        assertEquals(Optional.of(alive.get(1)), configs.get(1).primary(), "tied on primaries: the fewest replicas");
        assertEquals(Optional.of(alive.get(2)), configs.get(2).primary(), "the fewest primaries again");
    }

    @Test
    void refusesMoreReplicasThanNodes() {
        assertThrows(IllegalArgumentException.class, () -> PartitionPlacer.place(1, 3, nodes(2),
                PartitionPlacer.Load.none()));
    }

    private static int spread(Collection<Integer> counts) {
        return counts.stream().mapToInt(Integer::intValue).max().orElse(0)
                - counts.stream().mapToInt(Integer::intValue).min().orElse(0);
    }
}
