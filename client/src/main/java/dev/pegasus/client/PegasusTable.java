package dev.pegasus.client;

import static dev.pegasus.client.Futures.await;

import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.protocol.StorageStatus;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.thrift.check_and_mutate_request;
import dev.pegasus.protocol.thrift.check_and_set_request;
import dev.pegasus.protocol.thrift.incr_request;
import dev.pegasus.protocol.thrift.key_value;
import dev.pegasus.protocol.thrift.multi_get_request;
import dev.pegasus.protocol.thrift.multi_put_request;
import dev.pegasus.protocol.thrift.multi_remove_request;
import dev.pegasus.protocol.thrift.mutate;
import dev.pegasus.protocol.thrift.mutate_operation;
import dev.pegasus.protocol.thrift.update_request;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads and writes the records of one table. Thread-safe; obtained from {@link PegasusClient#openTable}.
 *
 * <p>Every operation has a synchronous form, which throws {@link PegasusException}, and an asynchronous
 * one, whose future fails with it; async futures complete off the network threads, so their callbacks
 * may block. Arguments are checked before anything is sent: a bad one throws
 * {@link IllegalArgumentException} right away, from the async forms too. Each operation gets the
 * client's operation timeout as its whole budget, retries included. Writes that could apply twice
 * (incr, check-and-set, check-and-mutate) are not retried once they may have reached a server.
 */
public final class PegasusTable {
    /** {@link #ttl} of a record without TTL. */
    public static final int TTL_NONE = -1;
    /** {@link #ttl} of a record that does not exist. */
    public static final int TTL_NOT_FOUND = -2;

    private static final byte[] EMPTY = new byte[0];

    private final TableContext ctx;
    private final Requests check;
    private final BatchOperations batches;
    private final DuplicatedWrites duplicated;

    PegasusTable(TableContext ctx) {
        this.ctx = ctx;
        this.check = ctx.requests();
        this.batches = new BatchOperations(ctx, this);
        this.duplicated = new DuplicatedWrites(ctx);
    }

    public String name() {
        return ctx.name();
    }

    /** Partition count of the current routes (it grows only when the table is split). */
    public int partitionCount() {
        return ctx.currentRoutes().partitionCount();
    }

    // ---- single records ------------------------------------------------------------------------------

    public void set(byte[] hashKey, byte[] sortKey, byte[] value) {
        set(hashKey, sortKey, value, 0);
    }

    /** @param ttlSeconds 0 for no TTL */
    public void set(byte[] hashKey, byte[] sortKey, byte[] value, int ttlSeconds) {
        await(doSet(hashKey, sortKey, value, ttlSeconds));
    }

    public CompletableFuture<Void> asyncSet(byte[] hashKey, byte[] sortKey, byte[] value) {
        return asyncSet(hashKey, sortKey, value, 0);
    }

    public CompletableFuture<Void> asyncSet(byte[] hashKey, byte[] sortKey, byte[] value, int ttlSeconds) {
        return ctx.handOff(doSet(hashKey, sortKey, value, ttlSeconds));
    }

    CompletableFuture<Void> doSet(byte[] hashKey, byte[] sortKey, byte[] value, int ttlSeconds) {
        String op = "set";
        checkKey(op, hashKey, sortKey);
        check.value(op, value);
        check.ttl(op, ttlSeconds);
        check.requestSize(op, (long) hashKey.length + sortKey.length + value.length);
        update_request request = new update_request();
        request.setKey(KeySchema.encode(hashKey, sortKey));
        request.setValue(value);
        request.setExpire_ts_seconds(TableContext.expireTs(ttlSeconds));
        return ctx.call(op, PartitionHash.of(hashKey, sortKey), RpcMethods.RRDB_PUT, request, RetryMode.AT_MOST_ONCE,
                response -> requireOk(response.getError(), op));
    }

    /** The value, or null when the record does not exist (or has expired). */
    public byte[] get(byte[] hashKey, byte[] sortKey) {
        return await(doGet(hashKey, sortKey));
    }

    public CompletableFuture<byte[]> asyncGet(byte[] hashKey, byte[] sortKey) {
        return ctx.handOff(doGet(hashKey, sortKey));
    }

    CompletableFuture<byte[]> doGet(byte[] hashKey, byte[] sortKey) {
        String op = "get";
        checkKey(op, hashKey, sortKey);
        return ctx.call(op, PartitionHash.of(hashKey, sortKey), RpcMethods.RRDB_GET, KeySchema.encode(hashKey, sortKey),
                RetryMode.SAFE_TO_REPEAT, response -> {
                    if (response.getError() == StorageStatus.NOT_FOUND) {
                        return null;
                    }
                    requireOk(response.getError(), op);
                    return orEmpty(response.getValue());
                });
    }

    public void del(byte[] hashKey, byte[] sortKey) {
        await(doDel(hashKey, sortKey));
    }

    public CompletableFuture<Void> asyncDel(byte[] hashKey, byte[] sortKey) {
        return ctx.handOff(doDel(hashKey, sortKey));
    }

    CompletableFuture<Void> doDel(byte[] hashKey, byte[] sortKey) {
        String op = "del";
        checkKey(op, hashKey, sortKey);
        return ctx.call(op, PartitionHash.of(hashKey, sortKey), RpcMethods.RRDB_REMOVE,
                KeySchema.encode(hashKey, sortKey), RetryMode.AT_MOST_ONCE,
                response -> requireOk(response.getError(), op));
    }

    /** Whether the record exists; asks for its TTL, so the value does not travel. */
    public boolean exist(byte[] hashKey, byte[] sortKey) {
        return await(doTtl("exist", hashKey, sortKey)) != TTL_NOT_FOUND;
    }

    public CompletableFuture<Boolean> asyncExist(byte[] hashKey, byte[] sortKey) {
        return ctx.handOff(doTtl("exist", hashKey, sortKey).thenApply(ttl -> ttl != TTL_NOT_FOUND));
    }

    /** Seconds the record has left: {@link #TTL_NONE} (-1) without TTL, {@link #TTL_NOT_FOUND} (-2) when absent. */
    public int ttl(byte[] hashKey, byte[] sortKey) {
        return await(doTtl("ttl", hashKey, sortKey));
    }

    public CompletableFuture<Integer> asyncTtl(byte[] hashKey, byte[] sortKey) {
        return ctx.handOff(doTtl("ttl", hashKey, sortKey));
    }

    private CompletableFuture<Integer> doTtl(String op, byte[] hashKey, byte[] sortKey) {
        checkKey(op, hashKey, sortKey);
        return ctx.call(op, PartitionHash.of(hashKey, sortKey), RpcMethods.RRDB_TTL, KeySchema.encode(hashKey, sortKey),
                RetryMode.SAFE_TO_REPEAT, response -> {
                    if (response.getError() == StorageStatus.NOT_FOUND) {
                        return TTL_NOT_FOUND;
                    }
                    requireOk(response.getError(), op);
                    return response.getTtl_seconds() < 0 ? TTL_NONE : response.getTtl_seconds();
                });
    }

    /** Number of records (sort keys) under a hash key. */
    public long sortKeyCount(byte[] hashKey) {
        return await(doSortKeyCount(hashKey));
    }

    public CompletableFuture<Long> asyncSortKeyCount(byte[] hashKey) {
        return ctx.handOff(doSortKeyCount(hashKey));
    }

    private CompletableFuture<Long> doSortKeyCount(byte[] hashKey) {
        String op = "sortKeyCount";
        check.nonEmptyHashKey(op, hashKey);
        return ctx.call(op, PartitionHash.of(hashKey, EMPTY), RpcMethods.RRDB_SORTKEY_COUNT, hashKey,
                RetryMode.SAFE_TO_REPEAT, response -> {
                    requireOk(response.getError(), op);
                    return response.getCount();
                });
    }

    // ---- several records of one hash key --------------------------------------------------------------

    public void multiSet(byte[] hashKey, List<SortKeyValue> values) {
        multiSet(hashKey, values, 0);
    }

    /** Writes records of one hash key atomically. @param ttlSeconds 0 for no TTL */
    public void multiSet(byte[] hashKey, List<SortKeyValue> values, int ttlSeconds) {
        await(doMultiSet(hashKey, values, ttlSeconds));
    }

    public CompletableFuture<Void> asyncMultiSet(byte[] hashKey, List<SortKeyValue> values, int ttlSeconds) {
        return ctx.handOff(doMultiSet(hashKey, values, ttlSeconds));
    }

    private CompletableFuture<Void> doMultiSet(byte[] hashKey, List<SortKeyValue> values, int ttlSeconds) {
        String op = "multiSet";
        check.nonEmptyHashKey(op, hashKey);
        check.nonEmpty(op, "values", values);
        check.ttl(op, ttlSeconds);
        long bytes = hashKey.length;
        List<key_value> kvs = new ArrayList<>(values.size());
        for (SortKeyValue entry : values) {
            check.sortKey(op, entry.sortKey());
            check.value(op, entry.value());
            bytes += entry.sortKey().length + entry.value().length;
            kvs.add(new key_value(ByteBuffer.wrap(entry.sortKey()), ByteBuffer.wrap(entry.value())));
        }
        check.requestSize(op, bytes);
        multi_put_request request = new multi_put_request();
        request.setHash_key(hashKey);
        request.setKvs(kvs);
        request.setExpire_ts_seconds(TableContext.expireTs(ttlSeconds));
        return ctx.call(op, PartitionHash.of(hashKey, EMPTY), RpcMethods.RRDB_MULTI_PUT, request,
                RetryMode.AT_MOST_ONCE, response -> requireOk(response.getError(), op));
    }

    /**
     * Reads the given sort keys of a hash key, or all of them when {@code sortKeys} is empty.
     *
     * @param maxFetchCount at most this many records; <= 0 for no limit
     * @param maxFetchSize at most about this many bytes of keys and values; <= 0 for no limit
     */
    public MultiGetResult multiGet(byte[] hashKey, List<byte[]> sortKeys, int maxFetchCount, int maxFetchSize) {
        return await(doMultiGet(hashKey, sortKeys, maxFetchCount, maxFetchSize));
    }

    public CompletableFuture<MultiGetResult> asyncMultiGet(byte[] hashKey, List<byte[]> sortKeys, int maxFetchCount,
            int maxFetchSize) {
        return ctx.handOff(doMultiGet(hashKey, sortKeys, maxFetchCount, maxFetchSize));
    }

    private CompletableFuture<MultiGetResult> doMultiGet(byte[] hashKey, List<byte[]> sortKeys, int maxFetchCount,
            int maxFetchSize) {
        String op = "multiGet";
        check.nonEmptyHashKey(op, hashKey);
        check.elementsNotNull(op, "sortKeys", sortKeys);
        check.requestSize(op, hashKey.length + sortKeys.stream().mapToLong(k -> k.length).sum());
        multi_get_request request = multiGetRequest(hashKey, maxFetchCount, maxFetchSize, EMPTY, EMPTY,
                MultiGetOptions.defaults());
        request.setSork_keys(sortKeys.stream().map(ByteBuffer::wrap).toList());
        return sendMultiGet(op, hashKey, request);
    }

    /**
     * Reads the sort keys of a hash key within a range, in order (reverse order with
     * {@link MultiGetOptions#reverse()}).
     *
     * @param startSortKey empty or null: from the first sort key
     * @param stopSortKey empty or null: to the last sort key
     * @param options null for {@link MultiGetOptions#defaults()}
     */
    public MultiGetResult multiGet(byte[] hashKey, byte[] startSortKey, byte[] stopSortKey, MultiGetOptions options,
            int maxFetchCount, int maxFetchSize) {
        return await(doMultiGetRange(hashKey, startSortKey, stopSortKey, options, maxFetchCount, maxFetchSize));
    }

    public CompletableFuture<MultiGetResult> asyncMultiGet(byte[] hashKey, byte[] startSortKey, byte[] stopSortKey,
            MultiGetOptions options, int maxFetchCount, int maxFetchSize) {
        return ctx.handOff(doMultiGetRange(hashKey, startSortKey, stopSortKey, options, maxFetchCount, maxFetchSize));
    }

    private CompletableFuture<MultiGetResult> doMultiGetRange(byte[] hashKey, byte[] startSortKey,
            byte[] stopSortKey, MultiGetOptions options, int maxFetchCount, int maxFetchSize) {
        String op = "multiGet";
        check.nonEmptyHashKey(op, hashKey);
        multi_get_request request = multiGetRequest(hashKey, maxFetchCount, maxFetchSize, orEmpty(startSortKey),
                orEmpty(stopSortKey), options == null ? MultiGetOptions.defaults() : options);
        request.setSork_keys(new ArrayList<>());
        return sendMultiGet(op, hashKey, request);
    }

    private static multi_get_request multiGetRequest(byte[] hashKey, int maxFetchCount, int maxFetchSize,
            byte[] start, byte[] stop, MultiGetOptions options) {
        multi_get_request request = new multi_get_request();
        request.setHash_key(hashKey);
        request.setMax_kv_count(maxFetchCount);
        request.setMax_kv_size(maxFetchSize);
        request.setNo_value(options.noValue());
        request.setStart_sortkey(start);
        request.setStop_sortkey(stop);
        request.setStart_inclusive(options.startInclusive());
        request.setStop_inclusive(options.stopInclusive());
        request.setSort_key_filter_type(options.sortKeyFilterType().wire());
        request.setSort_key_filter_pattern(options.sortKeyFilterPattern());
        request.setReverse(options.reverse());
        return request;
    }

    private CompletableFuture<MultiGetResult> sendMultiGet(String op, byte[] hashKey, multi_get_request request) {
        return ctx.call(op, PartitionHash.of(hashKey, EMPTY), RpcMethods.RRDB_MULTI_GET, request,
                RetryMode.SAFE_TO_REPEAT, response -> {
                    int status = response.getError();
                    if (status != StorageStatus.OK && status != StorageStatus.INCOMPLETE) {
                        throw StorageResults.error(status, op, name());
                    }
                    List<SortKeyValue> values = response.getKvs() == null ? List.of() : response.getKvs().stream()
                            .map(kv -> new SortKeyValue(orEmpty(kv.getKey()), orEmpty(kv.getValue()))).toList();
                    return new MultiGetResult(values, status == StorageStatus.OK);
                });
    }

    /**
     * Deletes the given sort keys of a hash key, or every record of the hash key when {@code sortKeys} is
     * empty; returns how many records were deleted.
     */
    public long multiDel(byte[] hashKey, List<byte[]> sortKeys) {
        return await(doMultiDel(hashKey, sortKeys));
    }

    public CompletableFuture<Long> asyncMultiDel(byte[] hashKey, List<byte[]> sortKeys) {
        return ctx.handOff(doMultiDel(hashKey, sortKeys));
    }

    private CompletableFuture<Long> doMultiDel(byte[] hashKey, List<byte[]> sortKeys) {
        String op = "multiDel";
        check.nonEmptyHashKey(op, hashKey);
        check.elementsNotNull(op, "sortKeys", sortKeys);
        check.requestSize(op, hashKey.length + sortKeys.stream().mapToLong(k -> k.length).sum());
        multi_remove_request request = new multi_remove_request();
        request.setHash_key(hashKey);
        request.setSork_keys(sortKeys.stream().map(ByteBuffer::wrap).toList());
        request.setMax_count(Integer.MAX_VALUE);
        return ctx.call(op, PartitionHash.of(hashKey, EMPTY), RpcMethods.RRDB_MULTI_REMOVE, request,
                RetryMode.AT_MOST_ONCE, response -> {
                    requireOk(response.getError(), op);
                    return response.getCount();
                });
    }

    // ---- atomic read-modify-write ---------------------------------------------------------------------

    /**
     * Adds {@code increment} to the record's value read as a decimal 64-bit integer (absent counts as 0)
     * and returns the new value. Not retried once it may have reached the server.
     *
     * @param ttlSeconds 0 keeps the record's TTL, > 0 sets it, < 0 clears it
     */
    public long incr(byte[] hashKey, byte[] sortKey, long increment, int ttlSeconds) {
        return await(doIncr(hashKey, sortKey, increment, ttlSeconds));
    }

    public long incr(byte[] hashKey, byte[] sortKey, long increment) {
        return incr(hashKey, sortKey, increment, 0);
    }

    public CompletableFuture<Long> asyncIncr(byte[] hashKey, byte[] sortKey, long increment, int ttlSeconds) {
        return ctx.handOff(doIncr(hashKey, sortKey, increment, ttlSeconds));
    }

    private CompletableFuture<Long> doIncr(byte[] hashKey, byte[] sortKey, long increment, int ttlSeconds) {
        String op = "incr";
        checkKey(op, hashKey, sortKey);
        incr_request request = new incr_request();
        request.setKey(KeySchema.encode(hashKey, sortKey));
        request.setIncrement(increment);
        request.setExpire_ts_seconds(TableContext.expireTs(ttlSeconds));
        return ctx.call(op, PartitionHash.of(hashKey, sortKey), RpcMethods.RRDB_INCR, request, RetryMode.AT_MOST_ONCE,
                response -> {
                    requireOk(response.getError(), op);
                    return response.getNew_value();
                });
    }

    /**
     * Writes {@code setValue} under {@code setSortKey} if the record under {@code checkSortKey} (same hash
     * key) passes the check, atomically. A failed check is reported in the result, not thrown.
     *
     * @param checkOperand null for an empty operand
     * @param options null for {@link CheckAndSetOptions#defaults()}
     */
    public CheckAndSetResult checkAndSet(byte[] hashKey, byte[] checkSortKey, CheckType checkType,
            byte[] checkOperand, byte[] setSortKey, byte[] setValue, CheckAndSetOptions options) {
        return await(doCheckAndSet(hashKey, checkSortKey, checkType, checkOperand, setSortKey, setValue, options));
    }

    public CompletableFuture<CheckAndSetResult> asyncCheckAndSet(byte[] hashKey, byte[] checkSortKey,
            CheckType checkType, byte[] checkOperand, byte[] setSortKey, byte[] setValue, CheckAndSetOptions options) {
        return ctx.handOff(doCheckAndSet(hashKey, checkSortKey, checkType, checkOperand, setSortKey, setValue,
                options));
    }

    private CompletableFuture<CheckAndSetResult> doCheckAndSet(byte[] hashKey, byte[] checkSortKey,
            CheckType checkType, byte[] checkOperand, byte[] setSortKey, byte[] setValue, CheckAndSetOptions options) {
        String op = "checkAndSet";
        check.nonEmptyHashKey(op, hashKey);
        check.notNull(op, "checkSortKey", checkSortKey);
        check.notNull(op, "checkType", checkType);
        check.notNull(op, "setSortKey", setSortKey);
        check.value(op, setValue);
        byte[] operand = orEmpty(checkOperand);
        check.requestSize(op, (long) hashKey.length + checkSortKey.length + operand.length + setSortKey.length
                + setValue.length);
        CheckAndSetOptions effective = options == null ? CheckAndSetOptions.defaults() : options;
        check_and_set_request request = new check_and_set_request();
        request.setHash_key(hashKey);
        request.setCheck_sort_key(checkSortKey);
        request.setCheck_type(checkType.wire());
        request.setCheck_operand(operand);
        request.setSet_diff_sort_key(!Arrays.equals(checkSortKey, setSortKey));
        request.setSet_sort_key(setSortKey);
        request.setSet_value(setValue);
        request.setSet_expire_ts_seconds(TableContext.expireTs(effective.setValueTtlSeconds()));
        request.setReturn_check_value(effective.returnCheckValue());
        return ctx.call(op, PartitionHash.of(hashKey, EMPTY), RpcMethods.RRDB_CHECK_AND_SET, request,
                RetryMode.AT_MOST_ONCE, response -> {
                    boolean passed = checkPassed(response.getError(), op);
                    boolean returned = response.isCheck_value_returned();
                    boolean exists = returned && response.isCheck_value_exist();
                    return new CheckAndSetResult(passed, returned, exists, exists ? orEmpty(response.getCheck_value()) : null);
                });
    }

    /**
     * Applies {@code mutations} to records of the hash key if the record under {@code checkSortKey} passes
     * the check, atomically. A failed check is reported in the result, not thrown.
     *
     * @param checkOperand null for an empty operand
     * @param options null for {@link CheckAndMutateOptions#defaults()}
     */
    public CheckAndMutateResult checkAndMutate(byte[] hashKey, byte[] checkSortKey, CheckType checkType,
            byte[] checkOperand, Mutations mutations, CheckAndMutateOptions options) {
        return await(doCheckAndMutate(hashKey, checkSortKey, checkType, checkOperand, mutations, options));
    }

    public CompletableFuture<CheckAndMutateResult> asyncCheckAndMutate(byte[] hashKey, byte[] checkSortKey,
            CheckType checkType, byte[] checkOperand, Mutations mutations, CheckAndMutateOptions options) {
        return ctx.handOff(doCheckAndMutate(hashKey, checkSortKey, checkType, checkOperand, mutations, options));
    }

    private CompletableFuture<CheckAndMutateResult> doCheckAndMutate(byte[] hashKey, byte[] checkSortKey,
            CheckType checkType, byte[] checkOperand, Mutations mutations, CheckAndMutateOptions options) {
        String op = "checkAndMutate";
        check.nonEmptyHashKey(op, hashKey);
        check.notNull(op, "checkSortKey", checkSortKey);
        check.notNull(op, "checkType", checkType);
        check.notNull(op, "mutations", mutations);
        if (mutations.isEmpty()) {
            throw check.invalid(op, "mutations must not be empty");
        }
        byte[] operand = orEmpty(checkOperand);
        long bytes = (long) hashKey.length + checkSortKey.length + operand.length;
        List<mutate> wire = new ArrayList<>(mutations.size());
        for (Mutations.Entry entry : mutations.entries()) {
            byte[] value = entry.isDelete() ? EMPTY : entry.value();
            check.value(op, value);
            bytes += entry.sortKey().length + value.length;
            mutate m = new mutate();
            m.setOperation(entry.isDelete() ? mutate_operation.MO_DELETE : mutate_operation.MO_PUT);
            m.setSort_key(entry.sortKey());
            m.setValue(value);
            m.setSet_expire_ts_seconds(entry.isDelete() ? 0 : TableContext.expireTs(entry.ttlSeconds()));
            wire.add(m);
        }
        check.requestSize(op, bytes);
        check_and_mutate_request request = new check_and_mutate_request();
        request.setHash_key(hashKey);
        request.setCheck_sort_key(checkSortKey);
        request.setCheck_type(checkType.wire());
        request.setCheck_operand(operand);
        request.setMutate_list(wire);
        request.setReturn_check_value(options != null && options.returnCheckValue());
        return ctx.call(op, PartitionHash.of(hashKey, EMPTY), RpcMethods.RRDB_CHECK_AND_MUTATE, request,
                RetryMode.AT_MOST_ONCE, response -> {
                    boolean passed = checkPassed(response.getError(), op);
                    boolean returned = response.isCheck_value_returned();
                    boolean exists = returned && response.isCheck_value_exist();
                    return new CheckAndMutateResult(passed, returned, exists,
                            exists ? orEmpty(response.getCheck_value()) : null);
                });
    }

    // ---- writes of another cluster --------------------------------------------------------------------

    /**
     * Applies writes shipped from another cluster by a duplication (see {@link PegasusAdmin#addDuplication}):
     * each only where it is at least as new, by timetag, as what its key holds, so the same writes may be
     * sent again. Not for applications: their writes go through {@link #set} and the like.
     *
     * @param sourceClusterId the id of the cluster the writes come from
     * @param shippedAtMicros when the source shipped them
     * @return how many were applied, and how many of those had been shipped before
     */
    public CompletableFuture<AppliedDuplicates> asyncApplyDuplicated(List<DuplicatedWrite> writes, int sourceClusterId,
            long shippedAtMicros) {
        return ctx.handOff(duplicated.apply(List.copyOf(writes), sourceClusterId, shippedAtMicros));
    }

    // ---- records of many hash keys --------------------------------------------------------------------

    /**
     * Reads many records: one batch_get per partition, sent in parallel. Returns values in the order of
     * {@code keys}, null where a record does not exist.
     */
    public List<byte[]> batchGet(List<FullKey> keys) {
        return await(batches.get(keys));
    }

    public CompletableFuture<List<byte[]>> asyncBatchGet(List<FullKey> keys) {
        return ctx.handOff(batches.get(keys));
    }

    /**
     * Writes many records, each with its own request, in parallel. Not atomic: on failure some records may
     * be written; the exception tells how many failed.
     */
    public void batchSet(List<FullKeyValue> items, int ttlSeconds) {
        await(batches.set(items, ttlSeconds));
    }

    public CompletableFuture<Void> asyncBatchSet(List<FullKeyValue> items, int ttlSeconds) {
        return ctx.handOff(batches.set(items, ttlSeconds));
    }

    /** Deletes many records, each with its own request, in parallel. Not atomic, like {@link #batchSet}. */
    public void batchDel(List<FullKey> keys) {
        await(batches.del(keys));
    }

    public CompletableFuture<Void> asyncBatchDel(List<FullKey> keys) {
        return ctx.handOff(batches.del(keys));
    }

    // ---- scans ----------------------------------------------------------------------------------------

    /**
     * Scans the records of one hash key in sort key order, from {@code startSortKey} to {@code stopSortKey}
     * (inclusiveness per {@code options}).
     *
     * @param startSortKey empty or null: from the first sort key
     * @param stopSortKey empty or null: to the last sort key
     * @param options null for {@link ScanOptions#defaults()}
     */
    public PegasusScanner getScanner(byte[] hashKey, byte[] startSortKey, byte[] stopSortKey, ScanOptions options) {
        check.nonEmptyHashKey("getScanner", hashKey);
        ScanOptions effective = options == null ? ScanOptions.defaults() : options;
        return new ScannerImpl(ctx, effective,
                ScanRange.ofHashKey(hashKey, orEmpty(startSortKey), orEmpty(stopSortKey), effective)
                        .map(List::of).orElse(List.of()));
    }

    /**
     * Scanners that together cover the whole table: its partitions are split over at most
     * {@code maxSplitCount} scanners (as evenly as possible), each reading its partitions one after another.
     * Records come in storage-key order within a partition, in no order across partitions.
     *
     * @param options null for {@link ScanOptions#defaults()}; inclusiveness settings are ignored
     */
    public List<PegasusScanner> getUnorderedScanners(int maxSplitCount, ScanOptions options) {
        check.positive("getUnorderedScanners", "maxSplitCount", maxSplitCount);
        ScanOptions effective = options == null ? ScanOptions.defaults() : options;
        int partitions = partitionCount();
        int scanners = Math.min(partitions, maxSplitCount);
        List<PegasusScanner> result = new ArrayList<>(scanners);
        int next = 0;
        for (int i = 0; i < scanners; i++) {
            int share = partitions / scanners + (i < partitions % scanners ? 1 : 0);
            List<ScanRange> ranges = new ArrayList<>(share);
            for (int j = 0; j < share; j++) {
                ranges.add(ScanRange.ofPartition(next++));
            }
            result.add(new ScannerImpl(ctx, effective, ranges));
        }
        return result;
    }

    @Override
    public String toString() {
        return "PegasusTable{" + name() + "}";
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private void checkKey(String op, byte[] hashKey, byte[] sortKey) {
        check.hashKey(op, hashKey);
        check.sortKey(op, sortKey);
    }

    private Void requireOk(int status, String op) {
        StorageResults.requireOk(status, op, name());
        return null;
    }

    /** A check-and-* status: OK means the check passed and the write was applied, TRY_AGAIN that it failed. */
    private boolean checkPassed(int status, String op) {
        if (status == StorageStatus.TRY_AGAIN) {
            return false;
        }
        requireOk(status, op);
        return true;
    }

    static byte[] orEmpty(byte[] bytes) {
        return bytes == null ? EMPTY : bytes;
    }
}
