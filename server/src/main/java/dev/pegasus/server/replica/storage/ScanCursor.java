package dev.pegasus.server.replica.storage;

import java.util.Optional;

import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.thrift.filter_type;
import dev.pegasus.protocol.thrift.get_scanner_request;
import dev.pegasus.protocol.thrift.key_value;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * A cursor over {@code [start_key, stop_key]} (storage keys; inclusive flags as requested, an
     * empty stop key meaning the end of the partition) with the request's filters.
     */
    public static ScanCursor from(get_scanner_request request) {
        return from(request, Optional.empty());
    }

    /** As {@link #from(get_scanner_request)}, keeping only the keys of {@code partition} when given. */
    public static ScanCursor from(get_scanner_request request, Optional<HashPartition> partition) {
        byte[] start = Bytes.of(request.getStart_key());
        byte[] stop = Bytes.of(request.getStop_key());
        KeyRange range = KeyRange.of(start, request.isStart_inclusive(), stop.length == 0 ? null : stop,
                request.isStop_inclusive());
        PatternFilter hashKeyFilter = filter(request.getHash_key_filter_type(), request.getHash_key_filter_pattern());
        PatternFilter sortKeyFilter = filter(request.getSort_key_filter_type(), request.getSort_key_filter_pattern());
        return new ScanCursor(narrowToHashKeyPrefix(range, hashKeyFilter),
                new KeyFilter(hashKeyFilter, sortKeyFilter, partition), request.isNo_value(), request.getBatch_size());
    }

    /** An absent type means no filter (Thrift's default of 0). */
    private static PatternFilter filter(filter_type type, byte[] pattern) {
        if (type == null) {
            return PatternFilter.NONE;
        }
        return PatternFilter.of(switch (type) {
            case FT_NO_FILTER -> PatternFilter.Kind.NONE;
            case FT_MATCH_ANYWHERE -> PatternFilter.Kind.ANYWHERE;
            case FT_MATCH_PREFIX -> PatternFilter.Kind.PREFIX;
            case FT_MATCH_POSTFIX -> PatternFilter.Kind.POSTFIX;
        }, pattern);
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

    /** The batch size the request asked for ({@code <= 0}: not set). */
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
        List<key_value> kvs = new ArrayList<>(Math.min(limit, 1024));
        // Look for the next live record even when the batch is full, to report completion precisely;
        // the iterator stays on it for the next batch.
        while (iterator.seekLive(filter, nowEpochSeconds, stepLimit) && kvs.size() < limit) {
            kvs.add(new key_value()
                    .setKey(iterator.key())
                    .setValue(noValue ? Bytes.EMPTY : iterator.userValue()));
            iterator.next();
        }
        boolean complete = !iterator.valid();
        if (complete) {
            close();
        }
        return new ScanBatch(kvs, complete);
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
