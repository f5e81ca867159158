package dev.pegasus.flink.source;

import dev.pegasus.checkpoint.tools.SnapshotRecord;
import java.util.Map;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;

/** One source subtask: asks the enumerator for a partition at start and each time one is read through. */
final class SnapshotSourceReader<T>
        extends SingleThreadMultiplexSourceReaderBase<SnapshotRecord, T, PartitionSplit, PartitionSplitState> {

    SnapshotSourceReader(SnapshotSourceOptions options, SnapshotDeserializer<T> deserializer,
            SourceReaderContext context) {
        super(() -> new PartitionSplitReader(options), new Emitter<>(deserializer), new Configuration(), context);
    }

    @Override
    public void start() {
        if (getNumberOfCurrentlyAssignedSplits() == 0) {
            context.sendSplitRequest();
        }
    }

    @Override
    protected void onSplitFinished(Map<String, PartitionSplitState> finished) {
        context.sendSplitRequest();
    }

    @Override
    protected PartitionSplitState initializedState(PartitionSplit split) {
        return new PartitionSplitState(split);
    }

    @Override
    protected PartitionSplit toSplitType(String splitId, PartitionSplitState state) {
        return state.toSplit();
    }

    /** Deserializes a record, emits it and counts it in its split's progress. */
    private record Emitter<T>(SnapshotDeserializer<T> deserializer)
            implements RecordEmitter<SnapshotRecord, T, PartitionSplitState> {
        @Override
        public void emitRecord(SnapshotRecord record, SourceOutput<T> output, PartitionSplitState state) {
            output.collect(deserializer.deserialize(record));
            state.emitted();
        }
    }
}
