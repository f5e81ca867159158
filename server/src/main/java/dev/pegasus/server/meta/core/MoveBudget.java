package dev.pegasus.server.meta.core;

import dev.pegasus.protocol.RpcAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** How many more replica copies may start: a node sends or receives a bounded number at a time. */
final class MoveBudget {
    private final int perNode;
    private final int total;
    private final Map<RpcAddress, Integer> byNode = new HashMap<>();
    private int running;

    MoveBudget(BalancePlanner.Limits limits, Collection<ReplicaMove> underWay) {
        this.perNode = limits.movesPerNode();
        this.total = limits.movesInTotal();
        underWay.forEach(this::take);
    }

    boolean allows(ReplicaMove move) {
        return running < total && byNode.getOrDefault(move.from(), 0) < perNode
                && byNode.getOrDefault(move.to(), 0) < perNode;
    }

    void take(ReplicaMove move) {
        running++;
        byNode.merge(move.from(), 1, Integer::sum);
        byNode.merge(move.to(), 1, Integer::sum);
    }
}
