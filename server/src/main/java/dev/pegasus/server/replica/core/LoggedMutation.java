package dev.pegasus.server.replica.core;

import dev.pegasus.server.replica.storage.WriteOp;
import java.util.List;

/**
 * A write as the replication protocol carries it: the plain writes of one client request, placed at
 * a decree by the primary of a ballot. {@code lastCommittedDecree} is the primary's committed point
 * when it prepared the mutation, so a replica replaying its log learns how far it may apply.
 *
 * <p>A mutation without writes is a takeover marker: the first decree a new primary hands out itself,
 * after the uncommitted mutations it prepared again. No mutation of an older ballot above it can be
 * the new primary's, so every replica that holds the marker drops those (see {@link PrepareList}).
 */
public record LoggedMutation(long ballot, long decree, long lastCommittedDecree, List<WriteOp> ops) {
    public LoggedMutation {
        ops = List.copyOf(ops);
    }

    public static LoggedMutation takeoverMarker(long ballot, long decree, long lastCommittedDecree) {
        return new LoggedMutation(ballot, decree, lastCommittedDecree, List.of());
    }

    public boolean isTakeoverMarker() {
        return ops.isEmpty();
    }

    /** The same writes placed again by a newer primary, as PacificA does with uncommitted mutations. */
    public LoggedMutation reprepared(long newBallot, long committed) {
        return new LoggedMutation(newBallot, decree, committed, ops);
    }

    /** Key and value bytes of its writes: what holding it in memory costs, roughly. */
    public long sizeBytes() {
        long bytes = 0;
        for (WriteOp op : ops) {
            bytes += op.sizeBytes();
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "mutation " + decree + "@" + ballot;
    }
}
