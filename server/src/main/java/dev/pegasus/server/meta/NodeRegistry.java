package dev.pegasus.server.meta;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Replica servers known to the meta server and what each last reported. A node is alive while its
 * last config sync is more recent than the node timeout. Thread-safe.
 *
 * <p>This knowledge lives only in memory, so a meta server that takes over the leadership starts
 * without any beacon. The nodes named by the stored configuration are then presumed alive for one
 * node timeout, as if each had just synced: a node that simply has not had the time to find the new
 * leader must not be declared dead. Nodes that sync in that time are alive by their own reports from
 * then on; the others become dead when the presumption runs out.
 */
final class NodeRegistry {
    private final Map<RpcAddress, NodeState> nodes = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final long timeoutNanos;

    /**
     * What one node last reported.
     *
     * @param heard whether the node itself synced; false while it is only presumed alive
     */
    record NodeState(long lastSyncNanos, long startTimeMs, Map<Gpid, Long> serving, boolean heard) {}

    NodeRegistry(Duration timeout, LongSupplier nanoClock) {
        this.timeoutNanos = timeout.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * @param serving the partitions the node serves, with the last decree each has committed
     * @return whether this is the node's first sync since it was dead or only presumed alive
     */
    boolean recordSync(RpcAddress node, long startTimeMs, Map<Gpid, Long> serving) {
        NodeState previous = nodes.get(node);
        boolean reappeared = previous == null || !previous.heard() || !isAlive(previous);
        nodes.put(node, new NodeState(nanoClock.getAsLong(), startTimeMs, Map.copyOf(serving), true));
        return reappeared;
    }

    /** Forgets every node: the beacons a previous leadership received say nothing about now. */
    void clear() {
        nodes.clear();
    }

    /** Makes a node named by a stored configuration known, presumed alive for one node timeout from now. */
    void remember(RpcAddress node) {
        nodes.putIfAbsent(node, new NodeState(nanoClock.getAsLong(), 0, Map.of(), false));
    }

    boolean isAlive(RpcAddress node) {
        NodeState state = nodes.get(node);
        return state != null && isAlive(state);
    }

    private boolean isAlive(NodeState state) {
        return nanoClock.getAsLong() - state.lastSyncNanos() < timeoutNanos;
    }

    /** Whether the node is alive and has reported the partition as served. */
    boolean serves(RpcAddress node, Gpid gpid) {
        NodeState state = nodes.get(node);
        return state != null && isAlive(state) && state.serving().containsKey(gpid);
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

    List<RpcAddress> alive() {
        return all().entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    }
}
