package dev.pegasus.server.replica.core;

import dev.pegasus.server.replica.storage.WriteOp;
import java.util.List;

/**
 * What a mutation asks every replica to do at its decree: plain writes, or work that is not a write
 * of records — a partition split, a bulk load's ingestion. Typed, so that no apply path has to
 * recognise a command among writes.
 */
public sealed interface Command permits Command.Writes, Command.Split, Command.Ingest {
    /** The writes of one or more client requests; none at all in a takeover marker. */
    record Writes(List<WriteOp> ops) implements Command {
        public Writes {
            ops = List.copyOf(ops);
        }

        @Override
        public boolean sameAs(Command other) {
            return other instanceof Writes writes && WriteOp.sameWrites(ops, writes.ops);
        }

        @Override
        public long sizeBytes() {
            long bytes = 0;
            for (WriteOp op : ops) {
                bytes += op.sizeBytes();
            }
            return bytes;
        }
    }

    /**
     * Every replica copies its store into the child partition's and keeps only its half of the keys
     * under {@code partitionCount} partitions.
     */
    record Split(int partitionCount) implements Command {}

    /** Every replica ingests the files of bulk load {@code loadId}, found under {@code root}. */
    record Ingest(String loadId, String root) implements Command {}

    /** Whether the two ask for the same thing, byte for byte. */
    default boolean sameAs(Command other) {
        return equals(other);
    }

    /** Bytes it takes in memory, roughly. */
    default long sizeBytes() {
        return 64;
    }

    /** Slow to apply (a copy or an ingestion of files): it runs on a worker thread. */
    default boolean isSlow() {
        return !(this instanceof Writes);
    }
}
