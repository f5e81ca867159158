package dev.pegasus.flink.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** The enumerator's checkpoint: the splits not yet handed to a reader. */
public record PendingSplits(List<PartitionSplit> splits) {
    public PendingSplits {
        splits = List.copyOf(splits);
    }

    /** Serializes pending splits with the split serializer's format, behind a count. */
    public static final class Serializer implements SimpleVersionedSerializer<PendingSplits> {
        @Override
        public int getVersion() {
            return PartitionSplitSerializer.INSTANCE.getVersion();
        }

        @Override
        public byte[] serialize(PendingSplits pending) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(256);
            out.writeInt(pending.splits().size());
            for (PartitionSplit split : pending.splits()) {
                PartitionSplitSerializer.write(split, out);
            }
            return out.getCopyOfBuffer();
        }

        @Override
        public PendingSplits deserialize(int version, byte[] serialized) throws IOException {
            PartitionSplitSerializer.checkVersion(version);
            DataInputDeserializer in = new DataInputDeserializer(serialized);
            int count = in.readInt();
            List<PartitionSplit> splits = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                splits.add(PartitionSplitSerializer.read(in));
            }
            return new PendingSplits(splits);
        }
    }
}
