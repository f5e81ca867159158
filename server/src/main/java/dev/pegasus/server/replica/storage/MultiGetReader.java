package dev.pegasus.server.replica.storage;

import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.StorageStatus;
import dev.pegasus.protocol.ValueSchema;
import dev.pegasus.protocol.thrift.filter_type;
import dev.pegasus.protocol.thrift.key_value;
import dev.pegasus.protocol.thrift.multi_get_request;
import dev.pegasus.protocol.thrift.multi_get_response;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * multi_get over one hash key, with Pegasus's semantics: either exactly the listed sort keys (missing
 * and expired ones left out, request order kept), or a sort-key range with an optional sort-key
 * filter, read forwards or backwards. Returned keys are sort keys; results are always in ascending
 * sort-key order, also for a reverse read (which selects the last records of the range).
 *
 * <p>Limits: {@code max_kv_count} and {@code max_kv_size} ({@code <= 0}: unlimited) bound the records
 * returned and the sum of their key and value sizes; the record that reaches the size limit is still
 * included. When a limit stops the read while another matching record exists, the error is
 * INCOMPLETE, else OK.
 */
final class MultiGetReader {
    private MultiGetReader() {}

    static multi_get_response read(PartitionStore store, multi_get_request request, int nowEpochSeconds) {
        multi_get_response response = new multi_get_response().setKvs(new ArrayList<>());
        byte[] hashKey = Bytes.of(request.getHash_key());
        if (!StorageKeys.isValidHashKey(hashKey)) {
            return response.setError(StorageStatus.INVALID_ARGUMENT);
        }
        Budget budget = new Budget(request.getMax_kv_count(), request.getMax_kv_size());
        List<ByteBuffer> sortKeys = request.getSork_keys();
        boolean complete = sortKeys == null || sortKeys.isEmpty()
                ? readRange(store, request, hashKey, budget, response.getKvs(), nowEpochSeconds)
                : readListed(store, request, hashKey, sortKeys, budget, response.getKvs(), nowEpochSeconds);
        return response.setError(complete ? StorageStatus.OK : StorageStatus.INCOMPLETE);
    }

    private static boolean readListed(PartitionStore store, multi_get_request request, byte[] hashKey,
                                      List<ByteBuffer> sortKeyBuffers, Budget budget, List<key_value> out,
                                      int now) {
        List<byte[]> sortKeys = sortKeyBuffers.stream().map(Bytes::of).toList();
        List<byte[]> values = store.multiGetStored(sortKeys.stream().map(s -> KeySchema.encode(hashKey, s)).toList());
        for (int i = 0; i < sortKeys.size(); i++) {
            byte[] stored = values.get(i);
            if (stored == null || ValueSchema.isExpired(ValueSchema.expireTs(stored), now)) {
                continue;
            }
            if (budget.exhausted()) {
                return false;
            }
            out.add(budget.take(sortKeys.get(i), request.isNo_value() ? Bytes.EMPTY : ValueSchema.userValue(stored)));
        }
        return true;
    }

    private static boolean readRange(PartitionStore store, multi_get_request request, byte[] hashKey, Budget budget,
                                     List<key_value> out, int now) {
        PatternFilter sortKeyFilter = PatternFilter.of(request.getSort_key_filter_type(),
                request.getSort_key_filter_pattern());
        KeyRange range = sortKeyRange(request, hashKey, sortKeyFilter);
        int sortKeyOffset = 2 + hashKey.length;
        boolean complete = store.withRange(range, request.isReverse(), it -> {
            while (it.seekLive(KeyFilter.onSortKey(sortKeyFilter), now, Long.MAX_VALUE)) {
                if (budget.exhausted()) {
                    return false;
                }
                byte[] key = it.key();
                byte[] sortKey = Arrays.copyOfRange(key, sortKeyOffset, key.length);
                out.add(budget.take(sortKey, request.isNo_value() ? Bytes.EMPTY : it.userValue()));
                it.next();
            }
            return true;
        });
        if (request.isReverse()) {
            Collections.reverse(out);
        }
        return complete;
    }

    /**
     * The storage-key range of the request's sort-key bounds (an empty stop sort key meaning the end
     * of the hash key), narrowed to the filter's prefix when it is a non-empty prefix filter.
     */
    static KeyRange sortKeyRange(multi_get_request request, byte[] hashKey, PatternFilter sortKeyFilter) {
        KeyRange hashKeyRange = KeyRange.withPrefix(KeySchema.hashKeyPrefix(hashKey));
        byte[] stopSortKey = Bytes.of(request.getStop_sortkey());
        KeyRange requested = KeyRange.of(
                KeySchema.encode(hashKey, Bytes.of(request.getStart_sortkey())), request.isStart_inclusive(),
                stopSortKey.length == 0 ? null : KeySchema.encode(hashKey, stopSortKey), request.isStop_inclusive());
        KeyRange range = requested.intersect(hashKeyRange);
        if (sortKeyFilter.type() == filter_type.FT_MATCH_PREFIX && sortKeyFilter.pattern().length > 0) {
            range = range.intersect(KeyRange.withPrefix(KeySchema.encode(hashKey, sortKeyFilter.pattern())));
        }
        return range;
    }

    /** Counts what has been returned against the request's limits. */
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

        key_value take(byte[] key, byte[] value) {
            count++;
            bytes += key.length + value.length;
            return new key_value().setKey(key).setValue(value);
        }
    }
}
