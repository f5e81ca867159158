package dev.pegasus.server.meta.core;

import dev.pegasus.protocol.RpcAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Primaries and replicas per node, per table and across the cluster, as they will be once the moves
 * under way are done: a move's target already counts, its source no longer does.
 */
final class BalanceLoad {
    private record TableNode(int appId, RpcAddress node) {}

    private final Map<TableNode, Integer> tablePrimaries = new HashMap<>();
    private final Map<TableNode, Integer> tableReplicas = new HashMap<>();
    private final Map<RpcAddress, Integer> primaries = new HashMap<>();
    private final Map<RpcAddress, Integer> replicas = new HashMap<>();

    void addPrimary(int appId, RpcAddress node, int delta) {
        tablePrimaries.merge(new TableNode(appId, node), delta, Integer::sum);
        primaries.merge(node, delta, Integer::sum);
    }

    void addReplica(int appId, RpcAddress node, int delta) {
        tableReplicas.merge(new TableNode(appId, node), delta, Integer::sum);
        replicas.merge(node, delta, Integer::sum);
    }

    int tablePrimaries(int appId, RpcAddress node) {
        return tablePrimaries.getOrDefault(new TableNode(appId, node), 0);
    }

    int tableReplicas(int appId, RpcAddress node) {
        return tableReplicas.getOrDefault(new TableNode(appId, node), 0);
    }

    int primaries(RpcAddress node) {
        return primaries.getOrDefault(node, 0);
    }

    int replicas(RpcAddress node) {
        return replicas.getOrDefault(node, 0);
    }
}
