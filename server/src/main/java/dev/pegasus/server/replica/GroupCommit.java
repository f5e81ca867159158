package dev.pegasus.server.replica;

import dev.pegasus.server.replica.storage.PartitionStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Acknowledgements held back until the writes they answer are durable. A worker applies a run of
 * writes, then {@link #flush()} syncs each touched store once and releases the acknowledgements:
 * one fsync covers many writes. Confined to one worker thread.
 */
final class GroupCommit {
    interface Ack {
        void durable();

        void failed(RuntimeException cause);
    }

    private final Set<PartitionStore> dirty = new LinkedHashSet<>();
    private final List<Ack> pending = new ArrayList<>();

    void wrote(PartitionStore store, Ack ack) {
        dirty.add(store);
        pending.add(ack);
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    void flush() {
        RuntimeException failure = null;
        for (PartitionStore store : dirty) {
            try {
                store.syncWal();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        dirty.clear();
        List<Ack> acks = List.copyOf(pending);
        pending.clear();
        for (Ack ack : acks) {
            if (failure == null) {
                ack.durable();
            } else {
                ack.failed(failure);
            }
        }
    }
}
