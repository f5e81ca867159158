package dev.pegasus.flink.source;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/** Splits in checkpoints and on their way from the enumerator to the readers. */
final class PartitionSplitSerializer implements SimpleVersionedSerializer<PartitionSplit> {
    static final PartitionSplitSerializer INSTANCE = new PartitionSplitSerializer();
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(PartitionSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public PartitionSplit deserialize(int version, byte[] serialized) throws IOException {
        checkVersion(version);
        return read(new DataInputDeserializer(serialized));
    }

    static void write(PartitionSplit split, DataOutputView out) throws IOException {
        out.writeUTF(split.backupId());
        out.writeInt(split.partition());
        out.writeLong(split.recordsEmitted());
    }

    static PartitionSplit read(DataInputView in) throws IOException {
        return new PartitionSplit(in.readUTF(), in.readInt(), in.readLong());
    }

    static void checkVersion(int version) throws IOException {
        if (version != VERSION) {
            throw new IOException("cannot read a Pegasus snapshot split of version " + version + "; this reader reads "
                    + VERSION);
        }
    }
}
