package dev.pegasus.server.meta;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.partition_status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Replica servers known to the meta server and what each last reported. A node is alive while its
 * last config sync is at most the node timeout (lease plus grace) old. Thread-safe.
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
     * One replica as its server reported it.
     *
     * @param preparedDecree the end of its log
     * @param lagging        it misses mutations its primary committed
     */
    record ReportedReplica(partition_status status, long ballot, long committedDecree, long preparedDecree,
            boolean lagging) {}

    /**
     * What one node last reported.
     *
     * @param startTimeMs the node's incarnation: a restarted server reports a new one
     * @param heard       whether the node itself synced; false while it is only presumed alive
     */
    record NodeState(long lastSyncNanos, long startTimeMs, Map<Gpid, ReportedReplica> replicas, boolean heard,
            Optional<NodeDisk> disk) {}

    /**
     * The free space of a node's data directory, as it last reported it.
     *
     * @param low below the node's minimum: it refuses writes, and must not hold primaries or receive copies
     */
    record NodeDisk(long freeBytes, long totalBytes, boolean low, String path) {}

    NodeRegistry(Duration timeout, LongSupplier nanoClock) {
        this.timeoutNanos = timeout.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * @param replicas the replicas the node holds, as it reported them
     * @return whether this is the node's first sync since it was dead or only presumed alive
     */
    boolean recordSync(RpcAddress node, long startTimeMs, Map<Gpid, ReportedReplica> replicas) {
        return recordSync(node, startTimeMs, replicas, Optional.empty());
    }

    /** As {@link #recordSync(RpcAddress, long, Map)}, with the free space of the node's data disk. */
    boolean recordSync(RpcAddress node, long startTimeMs, Map<Gpid, ReportedReplica> replicas, Optional<NodeDisk> disk) {
        NodeState previous = nodes.get(node);
        boolean reappeared = previous == null || !previous.heard() || !isAlive(previous);
        nodes.put(node, new NodeState(nanoClock.getAsLong(), startTimeMs, Map.copyOf(replicas), true, disk));
        return reappeared;
    }

    /**
     * The node said it stops, its lease revoked: it is dead from now on, without waiting out its lease
     * and the grace period. Its life is kept, so a restart shows as one.
     */
    void left(RpcAddress node, long startTimeMs) {
        nodes.put(node, new NodeState(nanoClock.getAsLong() - timeoutNanos - 1, startTimeMs, Map.of(), true,
                Optional.empty()));
    }

    /** Forgets every node: the beacons a previous leadership received say nothing about now. */
    void clear() {
        nodes.clear();
    }

    /** Makes a node named by a stored configuration known, presumed alive for one node timeout from now. */
    void remember(RpcAddress node) {
        nodes.putIfAbsent(node, new NodeState(nanoClock.getAsLong(), 0, Map.of(), false, Optional.empty()));
    }

    boolean isAlive(RpcAddress node) {
        NodeState state = nodes.get(node);
        return state != null && isAlive(state);
    }

    private boolean isAlive(NodeState state) {
        return nanoClock.getAsLong() - state.lastSyncNanos() <= timeoutNanos;
    }

    /** Alive and synced with this leader itself, not only presumed alive after a take-over. */
    boolean isHeard(RpcAddress node) {
        NodeState state = nodes.get(node);
        return state != null && state.heard() && isAlive(state);
    }

    /** The incarnation the node last synced with; empty while it has not synced with this leader. */
    OptionalLong startTime(RpcAddress node) {
        NodeState state = nodes.get(node);
        return state == null || !state.heard() ? OptionalLong.empty() : OptionalLong.of(state.startTimeMs());
    }

    /** Whether the node is alive and has reported the partition as served by it as primary. */
    boolean serves(RpcAddress node, Gpid gpid) {
        NodeState state = nodes.get(node);
        if (state == null || !isAlive(state)) {
            return false;
        }
        ReportedReplica replica = state.replicas().get(gpid);
        return replica != null && replica.status() == partition_status.PS_PRIMARY;
    }

    /** The replica as the node last reported it, while the node is alive. */
    Optional<ReportedReplica> reported(RpcAddress node, Gpid gpid) {
        NodeState state = nodes.get(node);
        return state == null || !isAlive(state) ? Optional.empty() : Optional.ofNullable(state.replicas().get(gpid));
    }

    /**
     * The node's copy of the partition, as a node that synced with this leader itself reported it, unless
     * the copy failed: a copy a partition could recover from.
     */
    Optional<ReportedReplica> usableCopy(RpcAddress node, Gpid gpid) {
        return isHeard(node) ? reported(node, gpid).filter(replica -> replica.status() != partition_status.PS_ERROR)
                : Optional.empty();
    }

    /** The last committed decree the node reported for the partition, 0 when unknown. */
    long reportedCommitted(RpcAddress node, Gpid gpid) {
        NodeState state = nodes.get(node);
        ReportedReplica replica = state == null ? null : state.replicas().get(gpid);
        return replica == null ? 0 : replica.committedDecree();
    }

    /** Every known node, in address order, with whether it is alive. */
    Map<RpcAddress, Boolean> all() {
        Map<RpcAddress, Boolean> result = new TreeMap<>();
        nodes.keySet().forEach(node -> result.put(node, isAlive(node)));
        return result;
    }

    /** Alive nodes that synced with this leader themselves: a server is known to run there. */
    List<RpcAddress> synced() {
        return alive().stream().filter(node -> startTime(node).isPresent()).toList();
    }

    /** The free space of the node's data disk, as it last reported it. */
    Optional<NodeDisk> disk(RpcAddress node) {
        NodeState state = nodes.get(node);
        return state == null ? Optional.empty() : state.disk();
    }

    /** Alive nodes whose data disk is short of space: they hold no primary and receive no new copy. */
    Set<RpcAddress> shortOfSpace() {
        Set<RpcAddress> shortNodes = new TreeSet<>();
        nodes.forEach((node, state) -> {
            if (isAlive(state) && state.disk().filter(NodeDisk::low).isPresent()) {
                shortNodes.add(node);
            }
        });
        return shortNodes;
    }

    List<RpcAddress> alive() {
        return all().entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    }
}
