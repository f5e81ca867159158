package dev.pegasus.flink.source;

import dev.pegasus.checkpoint.tools.SnapshotRecord;
import java.io.Serializable;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;

/** Turns a record read from a snapshot into an element of the stream, and says the elements' type. */
public interface SnapshotDeserializer<T> extends Serializable, ResultTypeQueryable<T> {
    T deserialize(SnapshotRecord record);

    /** Each record as a {@link SnapshotRow}. */
    static SnapshotDeserializer<SnapshotRow> rows() {
        return new SnapshotRowDeserializer();
    }
}
