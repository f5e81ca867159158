package dev.pegasus.server.replica.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * Physical removal of expired records, and after a split of the keys of the other half. Pegasus does
 * this in a RocksDB compaction filter; RocksJava
 * cannot call Java per key during compaction at a reasonable cost, so instead the partition is swept
 * in small slices: find expired records with an iterator (no lock held), then delete those still
 * expired under the store's write mutex. Compaction later drops the deleted data from disk.
 *
 * <p>Remembers where the last slice ended so repeated calls cover the whole partition and then
 * start over.
 */
final class ExpiredRecordSweeper {
    private final PartitionStore store;
    /** Guarded by this. First key of the next slice; empty: start of the partition. */
    private byte[] resumeFrom = Bytes.EMPTY;

    ExpiredRecordSweeper(PartitionStore store) {
        this.store = store;
    }

    /** Examines up to {@code budget} records and deletes the expired ones; returns how many were deleted. */
    synchronized int sweep(int budget, int nowEpochSeconds) {
        if (budget <= 0) {
            return 0;
        }
        List<byte[]> expired = new ArrayList<>();
        byte[] next = store.withRange(new KeyRange(resumeFrom, null), false, it -> {
            for (int examined = 0; examined < budget && it.valid(); examined++) {
                if ((it.isExpired(nowEpochSeconds) && Tombstones.sweepable(it.storedValue(), nowEpochSeconds))
                        || store.sweepsAsForeign(it.key())) {
                    expired.add(it.key());
                }
                it.next();
            }
            return it.valid() ? it.key() : Bytes.EMPTY;
        });
        resumeFrom = next;
        return store.deleteIfSwept(expired, nowEpochSeconds);
    }
}
