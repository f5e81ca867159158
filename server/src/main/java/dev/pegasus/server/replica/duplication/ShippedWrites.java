package dev.pegasus.server.replica.duplication;

import dev.pegasus.client.DuplicatedWrite;
import dev.pegasus.protocol.ValueSchema;
import dev.pegasus.server.replica.core.LoggedMutation;
import dev.pegasus.server.replica.storage.WriteOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The writes of committed mutations as a duplication ships them. A put goes as stored, its value
 * header carrying the timetag the primary gave it, and so does the tombstone a delete leaves in a
 * duplicated table. A delete logged as a plain removal (prepared just before the primary heard of the
 * duplication) has no timetag of its own: it gets the one right after the newest timetag before it in
 * the partition's stream, so that it still orders between the writes around it. Only this cluster's own
 * writes go: a write applied here from another cluster's duplication carries that cluster's id in its
 * timetag and is not sent back, so two clusters duplicating to each other do not echo each other's
 * writes. Splits, ingestions and takeover markers change no record: a split is the source's own layout,
 * and an ingestion's files are not shipped (see the duplication docs).
 */
final class ShippedWrites {
    private ShippedWrites() {}

    /** The writes to ship, and the newest timetag among the mutations (shipped or not). */
    record Batch(List<DuplicatedWrite> writes, long newestTimetag) {}

    /**
     * @param previousTimetag the newest timetag of the partition's stream before these mutations, 0 if
     *                        unknown (a new shipper)
     * @param fallbackTimetag what a delete gets when no write around it has a timetag (the shipping time)
     */
    static Batch of(List<LoggedMutation> mutations, int ownClusterId, long previousTimetag, long fallbackTimetag) {
        List<WriteOp> ops = mutations.stream().flatMap(mutation -> mutation.writes().stream()).toList();
        List<DuplicatedWrite> writes = new ArrayList<>();
        long newest = previousTimetag;
        for (int i = 0; i < ops.size(); i++) {
            WriteOp op = ops.get(i);
            if (op.delete()) {
                long micros = newest != 0 ? ValueSchema.timestampMicrosOf(newest) + 1
                        : nextTimetag(ops, i).map(next -> ValueSchema.timestampMicrosOf(next) - 1)
                                .orElse(ValueSchema.timestampMicrosOf(fallbackTimetag));
                long timetag = ValueSchema.timetag(micros, ownClusterId, true);
                writes.add(new DuplicatedWrite(op.key(), null, timetag));
                newest = Math.max(newest, timetag);
                continue;
            }
            long timetag = ValueSchema.timetag(op.storedValue());
            newest = Math.max(newest, timetag);
            if (ValueSchema.clusterIdOf(timetag) == ownClusterId) {
                writes.add(new DuplicatedWrite(op.key(), op.storedValue(), timetag));
            }
        }
        return new Batch(writes, newest);
    }

    private static Optional<Long> nextTimetag(List<WriteOp> ops, int after) {
        return ops.subList(after + 1, ops.size()).stream().filter(op -> !op.delete())
                .map(op -> ValueSchema.timetag(op.storedValue())).findFirst();
    }
}
