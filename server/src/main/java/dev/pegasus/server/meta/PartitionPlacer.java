package dev.pegasus.server.meta;

import dev.pegasus.protocol.RpcAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/** Chooses where new partitions live so that every alive node carries an even share. Pure. */
final class PartitionPlacer {
    private PartitionPlacer() {}

    /**
     * Picks a node for each of {@code count} new partitions, always the one with the fewest
     * partitions so far (existing load included), ties broken by address so placement is repeatable.
     */
    static List<RpcAddress> place(int count, List<RpcAddress> alive, Map<RpcAddress, Integer> existingLoad) {
        if (alive.isEmpty()) {
            throw new IllegalArgumentException("no alive replica server to place partitions on");
        }
        Map<RpcAddress, Integer> load = new HashMap<>();
        alive.forEach(node -> load.put(node, existingLoad.getOrDefault(node, 0)));
        PriorityQueue<RpcAddress> leastLoaded = new PriorityQueue<>(
                Comparator.<RpcAddress>comparingInt(load::get).thenComparing(Comparator.naturalOrder()));
        leastLoaded.addAll(alive);
        List<RpcAddress> placement = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            RpcAddress node = leastLoaded.poll();
            placement.add(node);
            load.merge(node, 1, Integer::sum);
            leastLoaded.add(node);
        }
        return placement;
    }
}
