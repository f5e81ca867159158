package dev.pegasus.server.replica.duplication;

import dev.pegasus.client.DuplicatedWrite;
import dev.pegasus.protocol.ValueSchema;
import dev.pegasus.server.replica.core.LoggedMutation;
import dev.pegasus.server.replica.storage.WriteOp;
import java.util.ArrayList;
import java.util.List;

/**
 * The writes of committed mutations as a duplication ships them. A put goes as stored, its value
 * header carrying the timetag the primary gave it; a delete stores no value, so it carries the timetag
 * of its shipping. Splits, ingestions and takeover markers change no record here: a split is the
 * source's own layout, and an ingestion's files are not shipped (see the duplication docs).
 */
final class ShippedWrites {
    private ShippedWrites() {}

    static List<DuplicatedWrite> of(List<LoggedMutation> mutations, long deleteTimetag) {
        List<DuplicatedWrite> writes = new ArrayList<>();
        for (LoggedMutation mutation : mutations) {
            for (WriteOp op : mutation.writes()) {
                writes.add(op.delete() ? new DuplicatedWrite(op.key(), null, deleteTimetag)
                        : new DuplicatedWrite(op.key(), op.storedValue(), ValueSchema.timetag(op.storedValue())));
            }
        }
        return writes;
    }
}
