package dev.pegasus.server.meta;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.server.replica.core.PartitionConfig;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * For each member of each partition, the life (start time) of its server when it became a member.
 * A server that restarted since comes back with its replicas inactive: its role belonged to its
 * previous life, so for that configuration it counts as gone ({@link #lost}), and it is not handed the
 * role again — the guardian removes it and, later, lets it learn like any new replica.
 *
 * <p>Kept in memory only. A meta server that takes over knows no lives: it adopts, from each node's
 * first sync, the life it syncs with for every partition naming it — such a node is not lost. Thread-safe.
 */
final class MemberLives implements ConfigStoredListener {
    private final NodeRegistry nodes;
    private final Map<Gpid, Map<RpcAddress, Long>> joined = new HashMap<>();

    MemberLives(NodeRegistry nodes) {
        this.nodes = nodes;
    }

    /** Records the current life of every node the configuration adds; a node not yet heard from is adopted later. */
    @Override
    public synchronized void stored(Gpid gpid, PartitionConfig previous, PartitionConfig next) {
        Map<RpcAddress, Long> lives = joined.computeIfAbsent(gpid, g -> new HashMap<>());
        for (RpcAddress member : next.members()) {
            if (!previous.isMember(member)) {
                OptionalLong life = nodes.startTime(member);
                if (life.isPresent()) {
                    lives.put(member, life.getAsLong());
                } else {
                    lives.remove(member);
                }
            }
        }
        lives.keySet().retainAll(next.members());
    }

    /** The node synced in life {@code startTimeMs}: it becomes the known life of its memberships still unknown. */
    synchronized void adopt(RpcAddress node, long startTimeMs, Collection<Gpid> memberOf) {
        memberOf.forEach(gpid -> joined.computeIfAbsent(gpid, g -> new HashMap<>()).putIfAbsent(node, startTimeMs));
    }

    /** Whether the node lives another life than the one in which it became a member of the partition. */
    synchronized boolean lost(RpcAddress node, Gpid gpid) {
        Long life = joined.getOrDefault(gpid, Map.of()).get(node);
        OptionalLong current = nodes.startTime(node);
        return life != null && current.isPresent() && current.getAsLong() != life;
    }

    /** Forgets every life: a new leadership adopts them again from the nodes' syncs. */
    synchronized void clear() {
        joined.clear();
    }
}
