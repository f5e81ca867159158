package dev.pegasus.checkpoint.tools;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.ValueSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What to write into one partition before it is backed up: puts and deletes, each its own decree,
 * and flushes between them (so the checkpoint holds several overlapping SST files), together with a
 * model of the records that are live afterwards.
 */
public final class PartitionWrites {
    /** One write, or the end of a memtable. */
    sealed interface Step permits Put, Delete, Flush, Split {
    }

    /** The partition splits into {@code partitionCount}: the other half's keys stay until swept. */
    record Split(int partitionCount) implements Step {
    }

    record Put(byte[] storageKey, byte[] storedValue) implements Step {
    }

    record Delete(byte[] storageKey) implements Step {
    }

    record Flush() implements Step {
    }

    private final List<Step> steps = new ArrayList<>();
    private int index;
    /** The stored value (header included) of every key not deleted, by storage key in RocksDB's order. */
    private final TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
    private long nextTimestampMicros = 1_700_000_000_000_000L;

    public PartitionWrites put(String hashKey, String sortKey, String value) {
        return put(hashKey.getBytes(UTF_8), sortKey.getBytes(UTF_8), value.getBytes(UTF_8), 0);
    }

    /** @param expireTs seconds since 2016-01-01 when the record expires, 0 for never */
    public PartitionWrites put(byte[] hashKey, byte[] sortKey, byte[] value, int expireTs) {
        byte[] key = KeySchema.encode(hashKey, sortKey);
        byte[] stored = ValueSchema.encode(expireTs, ValueSchema.timetag(nextTimestampMicros++, 1, false), value);
        steps.add(new Put(key, stored));
        model.put(key, stored);
        return this;
    }

    public PartitionWrites delete(String hashKey, String sortKey) {
        return delete(hashKey.getBytes(UTF_8), sortKey.getBytes(UTF_8));
    }

    public PartitionWrites delete(byte[] hashKey, byte[] sortKey) {
        byte[] key = KeySchema.encode(hashKey, sortKey);
        steps.add(new Delete(key));
        model.remove(key);
        return this;
    }

    /** Ends the current memtable: the writes so far go to an SST file of their own. */
    public PartitionWrites flush() {
        steps.add(new Flush());
        return this;
    }

    /** A split of the partition into {@code partitionCount} partitions (the model keeps every key). */
    public PartitionWrites split(int partitionCount) {
        steps.add(new Split(partitionCount));
        return this;
    }

    /** The partition these writes go to (0 unless set): a split keeps that partition's keys. */
    public PartitionWrites index(int partitionIndex) {
        index = partitionIndex;
        return this;
    }

    int index() {
        return index;
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }

    /** The records a reader must return at {@code nowEpochSeconds}, in storage-key order. */
    public List<SnapshotRecord> liveAt(int nowEpochSeconds) {
        List<SnapshotRecord> live = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> entry : model.entrySet()) {
            byte[] stored = entry.getValue();
            if (!ValueSchema.isExpired(ValueSchema.expireTs(stored), nowEpochSeconds)) {
                live.add(new SnapshotRecord(KeySchema.hashKey(entry.getKey()), KeySchema.sortKey(entry.getKey()),
                        java.util.Optional.of(ValueSchema.userValue(stored)), ValueSchema.expireTs(stored),
                        ValueSchema.timetag(stored)));
            }
        }
        return live;
    }

    /** How many records the model holds that have expired at {@code nowEpochSeconds}. */
    public long expiredAt(int nowEpochSeconds) {
        return model.values().stream()
                .filter(stored -> ValueSchema.isExpired(ValueSchema.expireTs(stored), nowEpochSeconds)).count();
    }
}
