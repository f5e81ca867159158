package dev.pegasus.server.sim;

import dev.pegasus.server.replica.core.LoggedMutation;
import dev.pegasus.server.replica.storage.WriteOp;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * In-memory twin of a partition's store without its own write-ahead log (as RocksDB runs here):
 * applied data lives in memory until a flush makes it durable; a crash goes back to the last flush.
 */
final class SimStore {
    private TreeMap<String, String> data = new TreeMap<>();
    private long appliedDecree;
    private TreeMap<String, String> flushedData = new TreeMap<>();
    private long flushedDecree;

    long appliedDecree() {
        return appliedDecree;
    }

    long flushedDecree() {
        return flushedDecree;
    }

    void apply(LoggedMutation mutation) {
        if (mutation.decree() != appliedDecree + 1) {
            throw new AssertionError("applied " + mutation + " after decree " + appliedDecree);
        }
        for (WriteOp op : mutation.ops()) {
            String key = new String(op.key(), StandardCharsets.UTF_8);
            if (op.delete()) {
                data.remove(key);
            } else {
                data.put(key, new String(op.storedValue(), StandardCharsets.UTF_8));
            }
        }
        appliedDecree = mutation.decree();
    }

    String get(String key) {
        return data.get(key);
    }

    void flush() {
        flushedData = new TreeMap<>(data);
        flushedDecree = appliedDecree;
    }

    void crash() {
        data = new TreeMap<>(flushedData);
        appliedDecree = flushedDecree;
    }

    /** A copy at the applied decree, as a checkpoint. */
    Checkpoint checkpoint() {
        return new Checkpoint(new TreeMap<>(data), appliedDecree);
    }

    /** Replaces everything with a checkpoint, durably (checkpoint files land on disk). */
    void install(Checkpoint checkpoint) {
        data = new TreeMap<>(checkpoint.data());
        appliedDecree = checkpoint.decree();
        flush();
    }

    record Checkpoint(TreeMap<String, String> data, long decree) {}
}
