package dev.pegasus.server.replica.duplication;

import dev.pegasus.client.DuplicatedWrite;
import dev.pegasus.protocol.ValueSchema;
import dev.pegasus.server.replica.core.LoggedMutation;
import dev.pegasus.server.replica.storage.WriteOp;
import java.util.ArrayList;
import java.util.List;

/**
 * The writes of committed mutations as a duplication ships them. A put goes as stored, its value
 * header carrying the timetag the primary gave it, and so does the tombstone a delete leaves in a
 * duplicated table; a plain delete (made before the table was duplicated) carries the timetag of its
 * shipping. Only this cluster's own writes go: a write applied here from another cluster's duplication
 * carries that cluster's id in its timetag and is not sent back, so two clusters duplicating to each
 * other do not echo each other's writes. Splits, ingestions and takeover markers change no record: a
 * split is the source's own layout, and an ingestion's files are not shipped (see the duplication docs).
 */
final class ShippedWrites {
    private ShippedWrites() {}

    static List<DuplicatedWrite> of(List<LoggedMutation> mutations, int ownClusterId, long deleteTimetag) {
        List<DuplicatedWrite> writes = new ArrayList<>();
        for (LoggedMutation mutation : mutations) {
            for (WriteOp op : mutation.writes()) {
                if (op.delete()) {
                    writes.add(new DuplicatedWrite(op.key(), null, deleteTimetag));
                    continue;
                }
                long timetag = ValueSchema.timetag(op.storedValue());
                if (ValueSchema.clusterIdOf(timetag) == ownClusterId) {
                    writes.add(new DuplicatedWrite(op.key(), op.storedValue(), timetag));
                }
            }
        }
        return writes;
    }
}
