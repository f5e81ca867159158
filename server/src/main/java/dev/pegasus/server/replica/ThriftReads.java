package dev.pegasus.server.replica;

import dev.pegasus.protocol.StorageStatus;
import dev.pegasus.protocol.thrift.batch_get_request;
import dev.pegasus.protocol.thrift.batch_get_response;
import dev.pegasus.protocol.thrift.count_response;
import dev.pegasus.protocol.thrift.filter_type;
import dev.pegasus.protocol.thrift.full_data;
import dev.pegasus.protocol.thrift.full_key;
import dev.pegasus.protocol.thrift.get_scanner_request;
import dev.pegasus.protocol.thrift.key_value;
import dev.pegasus.protocol.thrift.multi_get_request;
import dev.pegasus.protocol.thrift.multi_get_response;
import dev.pegasus.protocol.thrift.read_response;
import dev.pegasus.protocol.thrift.scan_response;
import dev.pegasus.protocol.thrift.ttl_response;
import dev.pegasus.server.replica.storage.FullRecord;
import dev.pegasus.server.replica.storage.HashPartition;
import dev.pegasus.server.replica.storage.KeyBounds;
import dev.pegasus.server.replica.storage.MultiGetQuery;
import dev.pegasus.server.replica.storage.MultiGetResult;
import dev.pegasus.server.replica.storage.PartitionStore;
import dev.pegasus.server.replica.storage.PatternFilter;
import dev.pegasus.server.replica.storage.RecordKey;
import dev.pegasus.server.replica.storage.ScanBatch;
import dev.pegasus.server.replica.storage.ScanCursor;
import dev.pegasus.server.replica.storage.StorageKeys;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Read requests off the wire as store calls, and the store's answers as wire responses: the one place
 * where reads meet Thrift, so the storage layer keeps its own types.
 *
 * <p>Client input is validated here, before it reaches the store: a hash key too long to be stored,
 * or a batch_get without keys, is answered with INVALID_ARGUMENT (as Pegasus answers it) and never
 * read. Absent Thrift fields read as empty, as in Pegasus's C++ server.
 */
final class ThriftReads {
    private static final byte[] EMPTY = new byte[0];

    private ThriftReads() {}

    static read_response get(PartitionStore store, byte[] storageKey) {
        return store.get(storageKey)
                .map(value -> new read_response().setError(StorageStatus.OK).setValue(value))
                .orElseGet(() -> new read_response().setError(StorageStatus.NOT_FOUND).setValue(EMPTY));
    }

    static multi_get_response multiGet(PartitionStore store, multi_get_request request) {
        multi_get_response response = new multi_get_response().setKvs(new ArrayList<>());
        byte[] hashKey = orEmpty(request.getHash_key());
        if (!StorageKeys.isValidHashKey(hashKey)) {
            return response.setError(StorageStatus.INVALID_ARGUMENT);
        }
        List<byte[]> sortKeys = request.getSork_keys() == null ? List.of()
                : request.getSork_keys().stream().map(ThriftReads::copy).toList();
        MultiGetResult result = store.multiGet(new MultiGetQuery(hashKey, sortKeys,
                new KeyBounds(orEmpty(request.getStart_sortkey()), request.isStart_inclusive(),
                        orEmpty(request.getStop_sortkey()), request.isStop_inclusive()),
                filter(request.getSort_key_filter_type(), request.getSort_key_filter_pattern()),
                request.getMax_kv_count(), request.getMax_kv_size(), request.isNo_value(), request.isReverse()));
        result.records().forEach(r -> response.getKvs().add(new key_value().setKey(r.sortKey()).setValue(r.value())));
        return response.setError(result.complete() ? StorageStatus.OK : StorageStatus.INCOMPLETE);
    }

    /** An empty key list is invalid, as in Pegasus; so is any key whose hash key is too long. */
    static batch_get_response batchGet(PartitionStore store, batch_get_request request) {
        List<full_key> keys = request.getKeys() == null ? List.of() : request.getKeys();
        batch_get_response response = new batch_get_response().setData(new ArrayList<>());
        if (keys.isEmpty()) {
            return response.setError(StorageStatus.INVALID_ARGUMENT);
        }
        List<RecordKey> recordKeys = new ArrayList<>(keys.size());
        for (full_key key : keys) {
            byte[] hashKey = orEmpty(key.getHash_key());
            if (!StorageKeys.isValidHashKey(hashKey)) {
                return response.setError(StorageStatus.INVALID_ARGUMENT);
            }
            recordKeys.add(new RecordKey(hashKey, orEmpty(key.getSort_key())));
        }
        for (FullRecord found : store.batchGet(recordKeys)) {
            response.getData().add(new full_data()
                    .setHash_key(found.key().hashKey())
                    .setSort_key(found.key().sortKey())
                    .setValue(found.value()));
        }
        return response.setError(StorageStatus.OK);
    }

    static count_response sortKeyCount(PartitionStore store, byte[] hashKey) {
        if (!StorageKeys.isValidHashKey(hashKey)) {
            return new count_response().setError(StorageStatus.INVALID_ARGUMENT);
        }
        return new count_response().setError(StorageStatus.OK).setCount(store.sortKeyCount(hashKey));
    }

    /** A record without a TTL answers -1, an absent or expired one NOT_FOUND. */
    static ttl_response ttl(PartitionStore store, byte[] storageKey) {
        return store.ttl(storageKey)
                .map(ttl -> new ttl_response().setError(StorageStatus.OK)
                        .setTtl_seconds(ttl.remainingSeconds().orElse(-1)))
                .orElseGet(() -> new ttl_response().setError(StorageStatus.NOT_FOUND));
    }

    /**
     * A cursor over {@code [start_key, stop_key]} (storage keys; an empty stop key meaning the end of
     * the partition) with the request's filters, keeping only the keys of {@code partition} when given.
     */
    static ScanCursor cursor(get_scanner_request request, Optional<HashPartition> partition) {
        return ScanCursor.of(
                new KeyBounds(orEmpty(request.getStart_key()), request.isStart_inclusive(),
                        orEmpty(request.getStop_key()), request.isStop_inclusive()),
                filter(request.getHash_key_filter_type(), request.getHash_key_filter_pattern()),
                filter(request.getSort_key_filter_type(), request.getSort_key_filter_pattern()),
                request.isNo_value(), request.getBatch_size(), partition);
    }

    /** @param contextId where the client continues the scan, -1 when it is complete */
    static scan_response scanResponse(ScanBatch batch, long contextId) {
        List<key_value> kvs = new ArrayList<>(batch.records().size());
        batch.records().forEach(r -> kvs.add(new key_value().setKey(r.storageKey()).setValue(r.value())));
        return new scan_response().setError(StorageStatus.OK).setKvs(kvs).setContext_id(contextId);
    }

    /** An absent filter type means no filter (Thrift's default of 0). */
    static PatternFilter filter(filter_type type, byte[] pattern) {
        if (type == null) {
            return PatternFilter.NONE;
        }
        PatternFilter.Kind kind = switch (type) {
            case FT_NO_FILTER -> PatternFilter.Kind.NONE;
            case FT_MATCH_ANYWHERE -> PatternFilter.Kind.ANYWHERE;
            case FT_MATCH_PREFIX -> PatternFilter.Kind.PREFIX;
            case FT_MATCH_POSTFIX -> PatternFilter.Kind.POSTFIX;
        };
        return PatternFilter.of(kind, orEmpty(pattern));
    }

    private static byte[] orEmpty(byte[] field) {
        return field == null ? EMPTY : field;
    }

    /** A copy of the remaining bytes, leaving the buffer's position alone. */
    private static byte[] copy(ByteBuffer field) {
        if (field == null) {
            return EMPTY;
        }
        byte[] bytes = new byte[field.remaining()];
        field.duplicate().get(bytes);
        return bytes;
    }
}
