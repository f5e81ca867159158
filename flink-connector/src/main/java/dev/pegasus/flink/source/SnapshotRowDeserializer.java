package dev.pegasus.flink.source;

import dev.pegasus.checkpoint.tools.SnapshotRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** The default deserializer: every record as a {@link SnapshotRow}. */
final class SnapshotRowDeserializer implements SnapshotDeserializer<SnapshotRow> {
    private static final long serialVersionUID = 1L;
    private static final byte[] EMPTY = new byte[0];

    @Override
    public SnapshotRow deserialize(SnapshotRecord record) {
        return new SnapshotRow(record.hashKey(), record.sortKey(), record.value().orElse(EMPTY), record.expireTs());
    }

    @Override
    public TypeInformation<SnapshotRow> getProducedType() {
        return TypeInformation.of(SnapshotRow.class);
    }
}
