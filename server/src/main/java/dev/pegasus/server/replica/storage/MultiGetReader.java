package dev.pegasus.server.replica.storage;

import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.ValueSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * multi_get over one hash key, with Pegasus's semantics: either exactly the listed sort keys (missing
 * and expired ones left out, request order kept), or a sort-key range with an optional sort-key
 * filter, read forwards or backwards. Results are always in ascending sort-key order, also for a
 * reverse read (which selects the last records of the range).
 *
 * <p>Limits: {@code maxCount} and {@code maxBytes} ({@code <= 0}: unlimited) bound the records
 * returned and the sum of their key and value sizes; the record that reaches the size limit is still
 * included. When a limit stops the read while another matching record exists, the result is not
 * complete.
 */
final class MultiGetReader {
    private MultiGetReader() {}

    /** @throws IllegalArgumentException when the hash key is too long to be stored */
    static MultiGetResult read(PartitionStore store, MultiGetQuery query, int nowEpochSeconds) {
        Budget budget = new Budget(query.maxCount(), query.maxBytes());
        List<SortKeyValue> records = new ArrayList<>();
        boolean complete = query.sortKeys().isEmpty()
                ? readRange(store, query, budget, records, nowEpochSeconds)
                : readListed(store, query, budget, records, nowEpochSeconds);
        return new MultiGetResult(records, complete);
    }

    private static boolean readListed(PartitionStore store, MultiGetQuery query, Budget budget,
                                      List<SortKeyValue> out, int now) {
        List<byte[]> sortKeys = query.sortKeys();
        List<byte[]> values = store.multiGetStored(
                sortKeys.stream().map(s -> KeySchema.encode(query.hashKey(), s)).toList());
        for (int i = 0; i < sortKeys.size(); i++) {
            byte[] stored = values.get(i);
            if (stored == null || ValueSchema.isExpired(ValueSchema.expireTs(stored), now)) {
                continue;
            }
            if (budget.exhausted()) {
                return false;
            }
            out.add(budget.take(sortKeys.get(i), query.noValue() ? Bytes.EMPTY : ValueSchema.userValue(stored)));
        }
        return true;
    }

    private static boolean readRange(PartitionStore store, MultiGetQuery query, Budget budget,
                                     List<SortKeyValue> out, int now) {
        KeyRange range = sortKeyRange(query.hashKey(), query.sortKeyRange(), query.sortKeyFilter());
        KeyFilter filter = KeyFilter.onSortKey(query.sortKeyFilter());
        int sortKeyOffset = 2 + query.hashKey().length;
        boolean complete = store.withRange(range, query.reverse(), it -> {
            while (it.seekLive(filter, now, Long.MAX_VALUE)) {
                if (budget.exhausted()) {
                    return false;
                }
                byte[] key = it.key();
                byte[] sortKey = Arrays.copyOfRange(key, sortKeyOffset, key.length);
                out.add(budget.take(sortKey, query.noValue() ? Bytes.EMPTY : it.userValue()));
                it.next();
            }
            return true;
        });
        if (query.reverse()) {
            Collections.reverse(out);
        }
        return complete;
    }

    /**
     * The storage-key range of sort-key bounds within the hash key, narrowed to the filter's prefix
     * when it is a non-empty prefix filter.
     */
    private static KeyRange sortKeyRange(byte[] hashKey, KeyBounds bounds, PatternFilter sortKeyFilter) {
        KeyRange range = bounds.toRange(sortKey -> KeySchema.encode(hashKey, sortKey))
                .intersect(KeyRange.withPrefix(KeySchema.hashKeyPrefix(hashKey)));
        if (sortKeyFilter.isNonEmptyPrefix()) {
            range = range.intersect(KeyRange.withPrefix(KeySchema.encode(hashKey, sortKeyFilter.pattern())));
        }
        return range;
    }

    /** Counts what has been returned against the query's limits. */
    private static final class Budget {
        private final long maxCount;
        private final long maxBytes;
        private long count;
        private long bytes;

        Budget(int maxCount, int maxBytes) {
            this.maxCount = maxCount > 0 ? maxCount : Long.MAX_VALUE;
            this.maxBytes = maxBytes > 0 ? maxBytes : Long.MAX_VALUE;
        }

        boolean exhausted() {
            return count >= maxCount || bytes >= maxBytes;
        }

        SortKeyValue take(byte[] sortKey, byte[] value) {
            count++;
            bytes += sortKey.length + value.length;
            return new SortKeyValue(sortKey, value);
        }
    }
}
