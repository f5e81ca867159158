package dev.pegasus.server.meta;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.thrift.partition_status;
import dev.pegasus.server.meta.core.MemberStanding;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * For each member of each partition, the life (start time) of its server in which it was given or
 * was seen holding its role. A server that restarted since comes back with its replicas inactive: its
 * role belonged to its previous life, so for that configuration it counts as gone ({@link #lost}), and
 * it is never handed that role again — the guardian replaces it under a new ballot.
 *
 * <p>The lives are stored with each configuration in ZooKeeper ({@link TableManager} writes them,
 * {@link #forConfig} says what to write) and loaded by every new leader, so that a restart of every
 * meta server and every replica server at once still shows each member as restarted. A member whose
 * life is unknown (a configuration stored before lives were, or a member added before its server
 * synced) gets the life it is seen holding its role in, at the configuration's ballot ({@link #adopt});
 * the guardian stores such adoptions. Thread-safe.
 */
final class MemberLives {
    private final NodeRegistry nodes;
    /** Invariant: what ZooKeeper holds for each partition. */
    private final Map<Gpid, Map<RpcAddress, Long>> stored = new HashMap<>();
    /** Lives learned from the members' syncs and not stored yet. */
    private final Map<Gpid, Map<RpcAddress, Long>> adopted = new HashMap<>();

    MemberLives(NodeRegistry nodes) {
        this.nodes = nodes;
    }

    synchronized Map<RpcAddress, Long> forConfig(Gpid gpid, PartitionConfig previous, PartitionConfig next) {
        return forConfig(gpid, previous, next, Map.of());
    }

    /**
     * The lives to store with {@code next}: members that stay keep theirs (or stay unknown: their
     * server may have restarted meanwhile); a new member takes the life it joined in, when given (a
     * learner caught up in that life: if its server restarted since, its copy may be gone, and the
     * member counts as lost from the start), else its server's current life when the server has
     * synced, otherwise it is adopted later.
     */
    synchronized Map<RpcAddress, Long> forConfig(Gpid gpid, PartitionConfig previous, PartitionConfig next,
            Map<RpcAddress, Long> joinedIn) {
        Map<RpcAddress, Long> lives = new HashMap<>();
        for (RpcAddress member : next.members()) {
            if (previous.isMember(member)) {
                life(gpid, member).ifPresent(life -> lives.put(member, life));
            } else if (joinedIn.containsKey(member)) {
                lives.put(member, joinedIn.get(member));
            } else {
                nodes.startTime(member).ifPresent(life -> lives.put(member, life));
            }
        }
        return Map.copyOf(lives);
    }

    /** The lives now stored for the partition. */
    synchronized void stored(Gpid gpid, Map<RpcAddress, Long> lives) {
        stored.put(gpid, Map.copyOf(lives));
        adopted.remove(gpid);
    }

    /** Replaces everything with what a new leader loaded from ZooKeeper. */
    synchronized void load(Map<Gpid, Map<RpcAddress, Long>> all) {
        stored.clear();
        adopted.clear();
        all.forEach((gpid, lives) -> stored.put(gpid, Map.copyOf(lives)));
    }

    /**
     * The node synced in life {@code life} holding its role of {@code config} at that configuration's
     * ballot: that life is the member's, if none was known.
     */
    synchronized void adopt(RpcAddress node, long life, Gpid gpid, PartitionConfig config,
            NodeRegistry.ReportedReplica reported) {
        partition_status role = config.isPrimary(node) ? partition_status.PS_PRIMARY : partition_status.PS_SECONDARY;
        if (config.isMember(node) && life(gpid, node).isEmpty() && reported.status() == role
                && reported.ballot() == config.ballot()) {
            adopted.computeIfAbsent(gpid, g -> new HashMap<>()).put(node, life);
        }
    }

    /** The partitions with adopted lives not stored yet, each with every life to store. */
    synchronized Map<Gpid, Map<RpcAddress, Long>> unstored() {
        Map<Gpid, Map<RpcAddress, Long>> result = new HashMap<>();
        adopted.keySet().forEach(gpid -> result.put(gpid, Map.copyOf(known(gpid))));
        return result;
    }

    /** Whether the member no longer holds its role in {@code config} ({@link MemberStanding}). */
    synchronized boolean lost(RpcAddress node, Gpid gpid, PartitionConfig config) {
        Optional<NodeRegistry.ReportedReplica> reported = nodes.reported(node, gpid);
        MemberStanding.Reported standing = reported.map(r -> r.status() == partition_status.PS_ERROR
                ? MemberStanding.Reported.FAILED : r.status() == partition_status.PS_INACTIVE
                        ? MemberStanding.Reported.INACTIVE : MemberStanding.Reported.IN_ROLE)
                .orElse(MemberStanding.Reported.IN_ROLE);
        return MemberStanding.lost(life(gpid, node), nodes.startTime(node), standing,
                reported.map(NodeRegistry.ReportedReplica::ballot).orElse(0L), config.ballot());
    }

    /** The member's life, adopted or stored; asked on every sync, so it copies nothing. */
    private OptionalLong life(Gpid gpid, RpcAddress node) {
        Long life = adopted.getOrDefault(gpid, Map.of()).get(node);
        if (life == null) {
            life = stored.getOrDefault(gpid, Map.of()).get(node);
        }
        return life == null ? OptionalLong.empty() : OptionalLong.of(life);
    }

    private Map<RpcAddress, Long> known(Gpid gpid) {
        Map<RpcAddress, Long> known = new HashMap<>(stored.getOrDefault(gpid, Map.of()));
        known.putAll(adopted.getOrDefault(gpid, Map.of()));
        return known;
    }
}
