package dev.pegasus.client.fake;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.StorageStatus;
import dev.pegasus.protocol.ValueSchema;
import dev.pegasus.protocol.rpc.RpcException;
import dev.pegasus.protocol.thrift.*;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.thrift.TBaseHelper;

/** Key-value semantics of a replica over a {@link FakeTable}'s sorted map: just enough of Pegasus for tests. */
final class FakeKvService {
    private static final byte[] EMPTY = new byte[0];

    private final FakeCluster cluster;
    /** What a scan context has left to return. */
    private record ScanContext(List<key_value> rest, int batchSize) {}

    private final Map<Long, ScanContext> scanContexts = new ConcurrentHashMap<>();
    private final AtomicLong nextContext = new AtomicLong(100);
    private volatile ErrorCode lostContextAnswer;

    FakeKvService(FakeCluster cluster) {
        this.cluster = cluster;
    }

    private FakeTable table(Gpid gpid) {
        return cluster.byId(gpid.appId()).orElseThrow();
    }

    private static int now() {
        return ValueSchema.epochSeconds(System.currentTimeMillis() / 1000);
    }

    private static FakeTable.Stored live(FakeTable.Stored stored) {
        return stored == null || ValueSchema.isExpired(stored.expireTs(), now()) ? null : stored;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        return buffer == null ? EMPTY : TBaseHelper.byteBufferToByteArray(buffer);
    }

    private static byte[] orEmpty(byte[] bytes) {
        return bytes == null ? EMPTY : bytes;
    }

    private static update_response updated(int status) {
        update_response response = new update_response();
        response.setError(status);
        response.setServer("fake");
        return response;
    }

    update_response put(Gpid gpid, update_request request) {
        FakeTable table = table(gpid);
        synchronized (table) {
            table.records.put(request.getKey(), new FakeTable.Stored(orEmpty(request.getValue()),
                    request.getExpire_ts_seconds()));
        }
        return updated(StorageStatus.OK);
    }

    update_response multiPut(Gpid gpid, multi_put_request request) {
        FakeTable table = table(gpid);
        synchronized (table) {
            for (key_value kv : request.getKvs()) {
                table.records.put(KeySchema.encode(request.getHash_key(), kv.getKey()),
                        new FakeTable.Stored(orEmpty(kv.getValue()), request.getExpire_ts_seconds()));
            }
        }
        return updated(StorageStatus.OK);
    }

    update_response remove(Gpid gpid, byte[] key) {
        FakeTable table = table(gpid);
        synchronized (table) {
            table.records.remove(key);
        }
        return updated(StorageStatus.OK);
    }

    multi_remove_response multiRemove(Gpid gpid, multi_remove_request request) {
        FakeTable table = table(gpid);
        long count = 0;
        synchronized (table) {
            if (request.getSork_keys().isEmpty()) {
                NavigableMap<byte[], FakeTable.Stored> all = hashKeyRange(table, request.getHash_key());
                count = all.size();
                all.clear();
            } else {
                for (ByteBuffer sortKey : request.getSork_keys()) {
                    if (table.records.remove(KeySchema.encode(request.getHash_key(), bytes(sortKey))) != null) {
                        count++;
                    }
                }
            }
        }
        multi_remove_response response = new multi_remove_response();
        response.setError(StorageStatus.OK);
        response.setCount(count);
        return response;
    }

    private static NavigableMap<byte[], FakeTable.Stored> hashKeyRange(FakeTable table, byte[] hashKey) {
        byte[] prefix = KeySchema.hashKeyPrefix(hashKey);
        return table.records.subMap(prefix, true, KeySchema.prefixSuccessor(prefix), false);
    }

    read_response get(Gpid gpid, byte[] key) {
        FakeTable table = table(gpid);
        read_response response = new read_response();
        synchronized (table) {
            FakeTable.Stored stored = live(table.records.get(key));
            response.setError(stored == null ? StorageStatus.NOT_FOUND : StorageStatus.OK);
            response.setValue(stored == null ? EMPTY : stored.value());
        }
        return response;
    }

    ttl_response ttl(Gpid gpid, byte[] key) {
        FakeTable table = table(gpid);
        ttl_response response = new ttl_response();
        synchronized (table) {
            FakeTable.Stored stored = live(table.records.get(key));
            response.setError(stored == null ? StorageStatus.NOT_FOUND : StorageStatus.OK);
            response.setTtl_seconds(stored == null || stored.expireTs() == 0 ? -1 : stored.expireTs() - now());
        }
        return response;
    }

    count_response sortKeyCount(Gpid gpid, byte[] hashKey) {
        FakeTable table = table(gpid);
        count_response response = new count_response();
        synchronized (table) {
            response.setCount(hashKeyRange(table, hashKey).values().stream().filter(s -> live(s) != null).count());
        }
        response.setError(StorageStatus.OK);
        return response;
    }

    multi_get_response multiGet(Gpid gpid, multi_get_request request) {
        FakeTable table = table(gpid);
        List<key_value> kvs = new ArrayList<>();
        boolean complete = true;
        synchronized (table) {
            List<byte[]> sortKeys = new ArrayList<>();
            if (!request.getSork_keys().isEmpty()) {
                request.getSork_keys().forEach(k -> sortKeys.add(bytes(k)));
            } else {
                for (byte[] key : hashKeyRange(table, request.getHash_key()).keySet()) {
                    byte[] sortKey = KeySchema.sortKey(key);
                    if (inRange(sortKey, request) && matches(sortKey, request.getSort_key_filter_type(),
                            orEmpty(request.getSort_key_filter_pattern()))) {
                        sortKeys.add(sortKey);
                    }
                }
                if (request.isReverse()) {
                    java.util.Collections.reverse(sortKeys);
                }
            }
            long size = 0;
            for (byte[] sortKey : sortKeys) {
                FakeTable.Stored stored = live(table.records.get(KeySchema.encode(request.getHash_key(), sortKey)));
                if (stored == null) {
                    continue;
                }
                boolean countFull = request.getMax_kv_count() > 0 && kvs.size() >= request.getMax_kv_count();
                boolean sizeFull = request.getMax_kv_size() > 0 && size >= request.getMax_kv_size();
                if (countFull || sizeFull) {
                    complete = false;
                    break;
                }
                byte[] value = request.isNo_value() ? EMPTY : stored.value();
                kvs.add(new key_value(ByteBuffer.wrap(sortKey), ByteBuffer.wrap(value)));
                size += sortKey.length + value.length;
            }
        }
        multi_get_response response = new multi_get_response();
        response.setError(complete ? StorageStatus.OK : StorageStatus.INCOMPLETE);
        response.setKvs(kvs);
        return response;
    }

    private static boolean inRange(byte[] sortKey, multi_get_request request) {
        byte[] start = orEmpty(request.getStart_sortkey());
        byte[] stop = orEmpty(request.getStop_sortkey());
        int fromStart = Arrays.compareUnsigned(sortKey, start);
        if (fromStart < 0 || (fromStart == 0 && !request.isStart_inclusive())) {
            return false;
        }
        if (stop.length == 0) {
            return true;
        }
        int fromStop = Arrays.compareUnsigned(sortKey, stop);
        return fromStop < 0 || (fromStop == 0 && request.isStop_inclusive());
    }

    static boolean matches(byte[] key, filter_type type, byte[] pattern) {
        if (type == null || type == filter_type.FT_NO_FILTER || pattern.length == 0) {
            return true;
        }
        return switch (type) {
            case FT_MATCH_PREFIX -> key.length >= pattern.length
                    && Arrays.equals(key, 0, pattern.length, pattern, 0, pattern.length);
            case FT_MATCH_POSTFIX -> key.length >= pattern.length
                    && Arrays.equals(key, key.length - pattern.length, key.length, pattern, 0, pattern.length);
            case FT_MATCH_ANYWHERE -> new String(key, StandardCharsets.ISO_8859_1)
                    .contains(new String(pattern, StandardCharsets.ISO_8859_1));
            default -> true;
        };
    }

    batch_get_response batchGet(Gpid gpid, batch_get_request request) {
        FakeTable table = table(gpid);
        List<full_data> data = new ArrayList<>();
        synchronized (table) {
            for (full_key key : request.getKeys()) {
                FakeTable.Stored stored = live(table.records.get(KeySchema.encode(key.getHash_key(), key.getSort_key())));
                if (stored != null) {
                    data.add(new full_data(ByteBuffer.wrap(key.getHash_key()), ByteBuffer.wrap(key.getSort_key()),
                            ByteBuffer.wrap(stored.value())));
                }
            }
        }
        batch_get_response response = new batch_get_response();
        response.setError(StorageStatus.OK);
        response.setData(data);
        return response;
    }

    incr_response incr(Gpid gpid, incr_request request) {
        FakeTable table = table(gpid);
        incr_response response = new incr_response();
        synchronized (table) {
            FakeTable.Stored stored = live(table.records.get(request.getKey()));
            long current;
            try {
                current = stored == null || stored.value().length == 0 ? 0
                        : Long.parseLong(new String(stored.value(), StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                response.setError(StorageStatus.INVALID_ARGUMENT);
                return response;
            }
            long next = current + request.getIncrement();
            int expire = request.getExpire_ts_seconds() == 0 ? (stored == null ? 0 : stored.expireTs())
                    : Math.max(0, request.getExpire_ts_seconds());
            table.records.put(request.getKey(), new FakeTable.Stored(
                    Long.toString(next).getBytes(StandardCharsets.US_ASCII), expire));
            response.setError(StorageStatus.OK);
            response.setNew_value(next);
        }
        return response;
    }

    /** Evaluates the check types the tests use. */
    private static boolean check(cas_check_type type, FakeTable.Stored current, byte[] operand) {
        return switch (type) {
            case CT_NO_CHECK -> true;
            case CT_VALUE_NOT_EXIST -> current == null;
            case CT_VALUE_EXIST -> current != null;
            case CT_VALUE_BYTES_EQUAL -> current != null && Arrays.equals(current.value(), operand);
            default -> throw new RpcException(ErrorCode.ERR_INVALID_PARAMETERS, "fake: unsupported check " + type);
        };
    }

    check_and_set_response checkAndSet(Gpid gpid, check_and_set_request request) {
        FakeTable table = table(gpid);
        check_and_set_response response = new check_and_set_response();
        synchronized (table) {
            byte[] checkKey = KeySchema.encode(request.getHash_key(), request.getCheck_sort_key());
            FakeTable.Stored current = live(table.records.get(checkKey));
            boolean passed = check(request.getCheck_type(), current, orEmpty(request.getCheck_operand()));
            if (passed) {
                byte[] setKey = KeySchema.encode(request.getHash_key(),
                        request.isSet_diff_sort_key() ? request.getSet_sort_key() : request.getCheck_sort_key());
                table.records.put(setKey, new FakeTable.Stored(orEmpty(request.getSet_value()),
                        request.getSet_expire_ts_seconds()));
            }
            response.setError(passed ? StorageStatus.OK : StorageStatus.TRY_AGAIN);
            response.setCheck_value_returned(request.isReturn_check_value());
            response.setCheck_value_exist(request.isReturn_check_value() && current != null);
            response.setCheck_value(current != null && request.isReturn_check_value() ? current.value() : EMPTY);
        }
        return response;
    }

    check_and_mutate_response checkAndMutate(Gpid gpid, check_and_mutate_request request) {
        FakeTable table = table(gpid);
        check_and_mutate_response response = new check_and_mutate_response();
        synchronized (table) {
            byte[] checkKey = KeySchema.encode(request.getHash_key(), request.getCheck_sort_key());
            FakeTable.Stored current = live(table.records.get(checkKey));
            boolean passed = check(request.getCheck_type(), current, orEmpty(request.getCheck_operand()));
            if (passed) {
                for (mutate m : request.getMutate_list()) {
                    byte[] key = KeySchema.encode(request.getHash_key(), m.getSort_key());
                    if (m.getOperation() == mutate_operation.MO_DELETE) {
                        table.records.remove(key);
                    } else {
                        table.records.put(key, new FakeTable.Stored(orEmpty(m.getValue()), m.getSet_expire_ts_seconds()));
                    }
                }
            }
            response.setError(passed ? StorageStatus.OK : StorageStatus.TRY_AGAIN);
            response.setCheck_value_returned(request.isReturn_check_value());
            response.setCheck_value_exist(request.isReturn_check_value() && current != null);
            response.setCheck_value(current != null && request.isReturn_check_value() ? current.value() : EMPTY);
        }
        return response;
    }

    scan_response getScanner(Gpid gpid, get_scanner_request request) {
        FakeTable table = table(gpid);
        List<key_value> matching = new ArrayList<>();
        synchronized (table) {
            byte[] start = orEmpty(request.getStart_key());
            byte[] stop = orEmpty(request.getStop_key());
            NavigableMap<byte[], FakeTable.Stored> range = stop.length == 0
                    ? table.records.tailMap(start, request.isStart_inclusive())
                    : table.records.subMap(start, request.isStart_inclusive(), stop, request.isStop_inclusive());
            for (Map.Entry<byte[], FakeTable.Stored> entry : range.entrySet()) {
                byte[] key = entry.getKey();
                if (live(entry.getValue()) == null
                        || (request.isNeed_check_hash()
                            && !FakeReplica.belongsTo(key, gpid.partitionIndex(), table.partitionCount))
                        || !matches(KeySchema.hashKey(key), request.getHash_key_filter_type(),
                            orEmpty(request.getHash_key_filter_pattern()))
                        || !matches(KeySchema.sortKey(key), request.getSort_key_filter_type(),
                            orEmpty(request.getSort_key_filter_pattern()))) {
                    continue;
                }
                matching.add(new key_value(ByteBuffer.wrap(key),
                        ByteBuffer.wrap(request.isNo_value() ? EMPTY : entry.getValue().value())));
            }
        }
        return nextBatch(matching, Math.max(1, request.getBatch_size()));
    }

    private scan_response nextBatch(List<key_value> remaining, int batchSize) {
        int n = Math.min(batchSize, remaining.size());
        scan_response response = new scan_response();
        response.setError(StorageStatus.OK);
        response.setKvs(new ArrayList<>(remaining.subList(0, n)));
        List<key_value> rest = new ArrayList<>(remaining.subList(n, remaining.size()));
        if (rest.isEmpty()) {
            response.setContext_id(-1);
        } else {
            long context = nextContext.incrementAndGet();
            scanContexts.put(context, new ScanContext(rest, batchSize));
            response.setContext_id(context);
        }
        return response;
    }

    scan_response scan(Gpid gpid, scan_request request) {
        ScanContext context = scanContexts.remove(request.getContext_id());
        if (context == null) {
            ErrorCode how = lostContextAnswer;
            if (how != null && how != ErrorCode.ERR_OK) {
                throw new RpcException(how, "fake: scan context " + request.getContext_id() + " is gone");
            }
            scan_response response = new scan_response();
            response.setError(StorageStatus.NOT_FOUND);
            response.setKvs(new ArrayList<>());
            response.setContext_id(-1);
            return response;
        }
        return nextBatch(context.rest(), context.batchSize());
    }

    Void clearScanner(Gpid gpid, Long context) {
        scanContexts.remove(context);
        return null;
    }

    /** @param how ERR_OK: scan() answers with storage status NOT_FOUND; else with this frame error */
    void loseScanContexts(ErrorCode how) {
        lostContextAnswer = how;
        scanContexts.clear();
    }

    int openContexts() {
        return scanContexts.size();
    }
}
