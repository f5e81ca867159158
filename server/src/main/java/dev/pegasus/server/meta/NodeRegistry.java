package dev.pegasus.server.meta;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Replica servers known to the meta server and what each last reported. A node is alive while its
 * last config sync is more recent than the node timeout. Thread-safe.
 */
final class NodeRegistry {
    private final Map<RpcAddress, NodeState> nodes = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final long timeoutNanos;

    /** What one node last reported; {@code lastSyncNanos} is absent (Long.MIN_VALUE) for nodes only named in configs. */
    record NodeState(long lastSyncNanos, long startTimeMs, Map<Gpid, Long> serving) {}

    NodeRegistry(Duration timeout, LongSupplier nanoClock) {
        this.timeoutNanos = timeout.toNanos();
        this.nanoClock = nanoClock;
    }

    /** @param serving the partitions the node serves, with the last decree each has committed */
    void recordSync(RpcAddress node, long startTimeMs, Map<Gpid, Long> serving) {
        nodes.put(node, new NodeState(nanoClock.getAsLong(), startTimeMs, Map.copyOf(serving)));
    }

    /** Makes a node named by a stored configuration known, without claiming it is alive. */
    void remember(RpcAddress node) {
        nodes.putIfAbsent(node, new NodeState(Long.MIN_VALUE, 0, Map.of()));
    }

    boolean isAlive(RpcAddress node) {
        NodeState state = nodes.get(node);
        return state != null && state.lastSyncNanos() != Long.MIN_VALUE
                && nanoClock.getAsLong() - state.lastSyncNanos() < timeoutNanos;
    }

    /** Whether the node is alive and has reported the partition as served. */
    boolean serves(RpcAddress node, Gpid gpid) {
        return isAlive(node) && nodes.get(node).serving().containsKey(gpid);
    }

    /** The last committed decree the node reported for the partition, 0 when unknown. */
    long reportedDecree(RpcAddress node, Gpid gpid) {
        NodeState state = nodes.get(node);
        return state == null ? 0 : state.serving().getOrDefault(gpid, 0L);
    }

    /** Every known node, in address order, with whether it is alive. */
    Map<RpcAddress, Boolean> all() {
        Map<RpcAddress, Boolean> result = new TreeMap<>();
        nodes.keySet().forEach(node -> result.put(node, isAlive(node)));
        return result;
    }

    java.util.List<RpcAddress> alive() {
        return all().entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    }
}
