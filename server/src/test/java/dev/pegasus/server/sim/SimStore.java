package dev.pegasus.server.sim;

import dev.pegasus.server.replica.core.LoggedMutation;
import dev.pegasus.server.replica.storage.HashPartition;
import dev.pegasus.server.replica.storage.WriteOp;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * In-memory twin of a partition's store without its own write-ahead log (as RocksDB runs here):
 * applied data lives in memory until a flush makes it durable; a crash goes back to the last flush.
 * Keys are storage keys (as ISO-8859-1 strings, byte for byte), so the real hash partitioning applies.
 */
final class SimStore {
    private TreeMap<String, String> data = new TreeMap<>();
    private long appliedDecree;
    private int splitCount;
    private TreeMap<String, String> flushedData = new TreeMap<>();
    private long flushedDecree;
    private int flushedSplitCount;

    long appliedDecree() {
        return appliedDecree;
    }

    long flushedDecree() {
        return flushedDecree;
    }

    /** The partition count of the store's last split, 0 when it never split. */
    int splitCount() {
        return splitCount;
    }

    void apply(LoggedMutation mutation) {
        checkNext(mutation.decree());
        for (WriteOp op : mutation.ops()) {
            String key = keyText(op.key());
            if (op.delete()) {
                data.remove(key);
            } else {
                data.put(key, new String(op.storedValue(), StandardCharsets.UTF_8));
            }
        }
        appliedDecree = mutation.decree();
    }

    /**
     * Applies a split into {@code partitionCount} partitions at {@code decree}, durably (the copy is a
     * checkpoint, which flushes), and returns the child's copy: the keys of its half at this decree.
     */
    Checkpoint split(long decree, int partitionCount, int childIndex) {
        checkNext(decree);
        appliedDecree = decree;
        splitCount = partitionCount;
        flush();
        HashPartition child = new HashPartition(childIndex, partitionCount);
        TreeMap<String, String> half = new TreeMap<>();
        data.forEach((key, value) -> {
            if (child.holds(key.getBytes(StandardCharsets.ISO_8859_1))) {
                half.put(key, value);
            }
        });
        return new Checkpoint(half, decree, partitionCount);
    }

    String get(byte[] storageKey) {
        return data.get(keyText(storageKey));
    }

    void flush() {
        flushedData = new TreeMap<>(data);
        flushedDecree = appliedDecree;
        flushedSplitCount = splitCount;
    }

    void crash() {
        data = new TreeMap<>(flushedData);
        appliedDecree = flushedDecree;
        splitCount = flushedSplitCount;
    }

    /** A copy at the applied decree, as a checkpoint. */
    Checkpoint checkpoint() {
        return new Checkpoint(new TreeMap<>(data), appliedDecree, splitCount);
    }

    /** Replaces everything with a checkpoint, durably (checkpoint files land on disk). */
    void install(Checkpoint checkpoint) {
        data = new TreeMap<>(checkpoint.data());
        appliedDecree = checkpoint.decree();
        splitCount = checkpoint.splitCount();
        flush();
    }

    private void checkNext(long decree) {
        if (decree != appliedDecree + 1) {
            throw new AssertionError("applied decree " + decree + " after decree " + appliedDecree);
        }
    }

    private static String keyText(byte[] storageKey) {
        return new String(storageKey, StandardCharsets.ISO_8859_1);
    }

    record Checkpoint(TreeMap<String, String> data, long decree, int splitCount) {}
}
