package dev.pegasus.server.meta;

import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses where the replicas of new partitions live, so that every alive node carries an even share
 * of primaries (which serve every read and order every write) and an even share of replicas. Pure.
 */
final class PartitionPlacer {
    private PartitionPlacer() {}

    /** What nodes carry already: primaries, and replicas of any role. */
    record Load(Map<RpcAddress, Integer> primaries, Map<RpcAddress, Integer> replicas) {
        static Load none() {
            return new Load(Map.of(), Map.of());
        }
    }

    /**
     * The first configuration (ballot 1) of each of {@code partitionCount} new partitions, each on
     * {@code replicaCount} distinct nodes. The primary is the node with the fewest primaries (then the
     * fewest replicas), the secondaries the other nodes with the fewest replicas; ties go to the lower
     * address, so placement is repeatable. Starting from an even load this keeps both shares within one
     * of each other after every partition.
     *
     * @throws IllegalArgumentException when fewer than {@code replicaCount} nodes are alive
     */
    static List<PartitionConfig> place(int partitionCount, int replicaCount, List<RpcAddress> alive, Load existing) {
        if (replicaCount < 1 || alive.size() < replicaCount) {
            throw new IllegalArgumentException(replicaCount + " replicas per partition cannot be placed on "
                    + alive.size() + " alive replica servers");
        }
        Map<RpcAddress, Integer> primaries = new HashMap<>();
        Map<RpcAddress, Integer> replicas = new HashMap<>();
        for (RpcAddress node : alive) {
            primaries.put(node, existing.primaries().getOrDefault(node, 0));
            replicas.put(node, existing.replicas().getOrDefault(node, 0));
        }
        Comparator<RpcAddress> byReplicas = Comparator.<RpcAddress>comparingInt(replicas::get)
                .thenComparing(Comparator.naturalOrder());
        Comparator<RpcAddress> byPrimaries = Comparator.<RpcAddress>comparingInt(primaries::get).thenComparing(byReplicas);
        List<PartitionConfig> configs = new ArrayList<>(partitionCount);
        for (int i = 0; i < partitionCount; i++) {
            RpcAddress primary = alive.stream().min(byPrimaries).orElseThrow();
            List<RpcAddress> secondaries = alive.stream().filter(node -> !node.equals(primary)).sorted(byReplicas)
                    .limit(replicaCount - 1L).toList();
            primaries.merge(primary, 1, Integer::sum);
            replicas.merge(primary, 1, Integer::sum);
            secondaries.forEach(node -> replicas.merge(node, 1, Integer::sum));
            configs.add(new PartitionConfig(1, Optional.of(primary), secondaries, List.of()));
        }
        return configs;
    }
}
