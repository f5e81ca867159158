package dev.pegasus.server.replica.storage;

import dev.pegasus.protocol.KeySchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Server-side state of one scan (get_scanner, then scan until complete or clear_scanner): the key
 * range and filters of the request and, from the first batch on, the open iterator that remembers
 * where the previous batch stopped.
 *
 * <p>Returned records carry full storage keys. A cursor is used by one request at a time (the
 * {@link ScannerRegistry} hands it out exclusively); {@link #close()} may come from any thread.
 */
public final class ScanCursor implements AutoCloseable {
    /** Batch size when neither the request nor the caller sets one (Pegasus's default iteration limit). */
    public static final int DEFAULT_BATCH_SIZE = 1000;
    /**
     * Most records one batch may skip (filtered out or expired) before returning what it has, so a
     * scan with a selective filter answers within the client's timeout instead of reading the whole
     * partition in one call.
     */
    static final long MAX_SKIPS_PER_BATCH = 10_000;

    private final KeyRange range;
    private final KeyFilter filter;
    private final boolean noValue;
    private final int batchSize;
    /** Guarded by this. The store whose iterator this cursor holds, null before the first batch. */
    private PartitionStore owner;
    /** Guarded by this. Invariant: non-null exactly when owner is non-null and the cursor is not closed. */
    private RangeIterator iterator;
    /** Guarded by this. */
    private boolean closed;

    private ScanCursor(KeyRange range, KeyFilter filter, boolean noValue, int batchSize) {
        this.range = range;
        this.filter = filter;
        this.noValue = noValue;
        this.batchSize = batchSize;
    }

    /** A cursor over every record in {@code range} (storage keys), values included, in default batches. */
    public static ScanCursor of(KeyBounds range) {
        return of(range, PatternFilter.NONE, PatternFilter.NONE, false, 0, Optional.empty());
    }

    /**
     * A cursor over the records in {@code range} (storage keys) whose hash and sort keys pass the
     * filters.
     *
     * @param noValue return keys only, which saves reading and sending large values
     * @param batchSize records per batch when the caller of {@link PartitionStore#scan} sets none,
     *     {@code <= 0} for {@link #DEFAULT_BATCH_SIZE}
     * @param partition the partition whose keys alone are returned, if any: a store that split keeps
     *     the other half's keys until its sweep removes them
     */
    public static ScanCursor of(KeyBounds range, PatternFilter hashKeyFilter, PatternFilter sortKeyFilter,
                                boolean noValue, int batchSize, Optional<HashPartition> partition) {
        return new ScanCursor(narrowToHashKeyPrefix(range.toRange(key -> key), hashKeyFilter),
                new KeyFilter(hashKeyFilter, sortKeyFilter, partition), noValue, batchSize);
    }

    /**
     * Hash keys shorter than a prefix pattern cannot match it and sort before {@code [len][pattern]}
     * (the length comes first), so the scan may start there. Keys are not ordered by hash key beyond
     * that, so the end of the range stays.
     */
    private static KeyRange narrowToHashKeyPrefix(KeyRange range, PatternFilter hashKeyFilter) {
        byte[] pattern = hashKeyFilter.pattern();
        if (!hashKeyFilter.isNonEmptyPrefix() || !StorageKeys.isValidHashKey(pattern)) {
            return range;
        }
        return range.intersect(new KeyRange(KeySchema.hashKeyPrefix(pattern), null));
    }

    /** The batch size the cursor was opened with ({@code <= 0}: not set). */
    public int batchSize() {
        return batchSize;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Called by {@link PartitionStore#scan} under its read lock. */
    synchronized ScanBatch nextBatch(PartitionStore store, int requestedBatchSize, int nowEpochSeconds) {
        if (closed) {
            throw new IllegalStateException("scan cursor is closed");
        }
        if (owner == null) {
            iterator = store.openForCursor(this, range);
            owner = store;
        } else if (owner != store) {
            throw new IllegalStateException("scan cursor belongs to partition " + owner.dir());
        }
        int limit = requestedBatchSize > 0 ? requestedBatchSize : batchSize > 0 ? batchSize : DEFAULT_BATCH_SIZE;
        long stepLimit = iterator.steps() + limit + MAX_SKIPS_PER_BATCH;
        List<StorageRecord> records = new ArrayList<>(Math.min(limit, 1024));
        // Look for the next live record even when the batch is full, to report completion precisely;
        // the iterator stays on it for the next batch.
        while (iterator.seekLive(filter, nowEpochSeconds, stepLimit) && records.size() < limit) {
            records.add(new StorageRecord(iterator.key(), noValue ? Bytes.EMPTY : iterator.userValue()));
            iterator.next();
        }
        boolean complete = !iterator.valid();
        if (complete) {
            close();
        }
        return new ScanBatch(records, complete);
    }

    /** Releases the iterator (and the data it pins). Idempotent; a closed cursor cannot scan. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (iterator != null) {
            iterator.close();
            iterator = null;
            owner.forgetCursor(this);
        }
    }
}
