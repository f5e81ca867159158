package dev.pegasus.server.replica.core;

import dev.pegasus.server.replica.storage.WriteOp;
import java.util.List;

/**
 * A mutation as the replication protocol carries it: a {@link Command} — the plain writes of client
 * requests, or a split or an ingestion — placed at a decree by the primary of a ballot.
 * {@code lastCommittedDecree} is the primary's committed point when it prepared the mutation, so a
 * replica replaying its log learns how far it may apply.
 *
 * <p>A mutation without writes is a takeover marker: the first decree a new primary hands out itself,
 * after the uncommitted mutations it prepared again. No mutation of an older ballot above it can be
 * the new primary's, so every replica that holds the marker drops those (see {@link PrepareList}).
 */
public record LoggedMutation(long ballot, long decree, long lastCommittedDecree, Command command) {
    /** A mutation of plain writes. */
    public LoggedMutation(long ballot, long decree, long lastCommittedDecree, List<WriteOp> ops) {
        this(ballot, decree, lastCommittedDecree, new Command.Writes(ops));
    }

    public static LoggedMutation takeoverMarker(long ballot, long decree, long lastCommittedDecree) {
        return new LoggedMutation(ballot, decree, lastCommittedDecree, List.of());
    }

    public boolean isTakeoverMarker() {
        return command instanceof Command.Writes writes && writes.ops().isEmpty();
    }

    /** The plain writes it carries; none for a split or an ingestion. */
    public List<WriteOp> writes() {
        return command instanceof Command.Writes writes ? writes.ops() : List.of();
    }

    /** The same command placed again by a newer primary, as PacificA does with uncommitted mutations. */
    public LoggedMutation reprepared(long newBallot, long committed) {
        return new LoggedMutation(newBallot, decree, committed, command);
    }

    /** What holding it in memory costs, roughly. */
    public long sizeBytes() {
        return command.sizeBytes();
    }

    @Override
    public String toString() {
        return "mutation " + decree + "@" + ballot;
    }
}
