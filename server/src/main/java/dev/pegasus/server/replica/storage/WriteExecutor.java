package dev.pegasus.server.replica.storage;

import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.StorageStatus;
import dev.pegasus.protocol.ValueSchema;
import dev.pegasus.protocol.thrift.cas_check_type;
import dev.pegasus.protocol.thrift.check_and_mutate_request;
import dev.pegasus.protocol.thrift.check_and_mutate_response;
import dev.pegasus.protocol.thrift.check_and_set_request;
import dev.pegasus.protocol.thrift.check_and_set_response;
import dev.pegasus.protocol.thrift.duplicate_entry;
import dev.pegasus.protocol.thrift.duplicate_request;
import dev.pegasus.protocol.thrift.duplicate_response;
import dev.pegasus.protocol.thrift.duplicated_write;
import dev.pegasus.protocol.thrift.incr_request;
import dev.pegasus.protocol.thrift.incr_response;
import dev.pegasus.protocol.thrift.key_value;
import dev.pegasus.protocol.thrift.multi_put_request;
import dev.pegasus.protocol.thrift.multi_remove_request;
import dev.pegasus.protocol.thrift.multi_remove_response;
import dev.pegasus.protocol.thrift.mutate;
import dev.pegasus.protocol.thrift.update_request;
import dev.pegasus.protocol.thrift.update_response;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Turns client write requests into {@link Prepared} mutations of plain puts and deletes, with Apache
 * Pegasus's semantics. Requests that depend on current state (incr, check_and_set, check_and_mutate,
 * multi_remove of a whole hash key) read it from the store as applied so far: the caller must apply
 * one such request's mutation before preparing the next request of the same partition, or the second
 * would compute its result from stale data.
 *
 * <p>Invalid input never throws: the response carries INVALID_ARGUMENT and the mutation is empty
 * (still to be applied, so the decree advances). Every put is stamped with a timetag from the clock
 * and, when it sets no TTL, gets the table's default TTL.
 */
public final class WriteExecutor {
    private final PartitionStore store;
    private final StorageClock clock;
    private final StorageLimits limits;
    private final IntSupplier clusterId;
    private final BooleanSupplier keepsTombstones;
    private volatile int defaultTtlSeconds;
    /** The newest write time prepared here (requests are prepared one at a time, on the partition's worker). */
    private long newestMicros;

    /**
     * @param clusterId       this cluster's id, stamped into every timetag (the meta server tells it)
     * @param keepsTombstones whether a delete leaves a tombstone (the table is duplicated) rather than
     *                        removing the record
     */
    public WriteExecutor(PartitionStore store, StorageClock clock, StorageLimits limits, IntSupplier clusterId,
            BooleanSupplier keepsTombstones) {
        this.store = store;
        this.clock = clock;
        this.limits = limits;
        this.clusterId = clusterId;
        this.keepsTombstones = keepsTombstones;
    }

    /** The table's {@code default_ttl} env: TTL for writes that set none; 0 disables it. */
    public void setDefaultTtlSeconds(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("default TTL must not be negative: " + seconds);
        }
        this.defaultTtlSeconds = seconds;
    }

    public Prepared<update_response> put(update_request request) {
        byte[] key = Bytes.of(request.getKey());
        byte[] value = Bytes.of(request.getValue());
        if (!StorageKeys.isValidStorageKey(key) || !limits.allowsValue(value.length)
                || !limits.allowsRequest((long) key.length + value.length)) {
            return invalidUpdate();
        }
        WriteOp op = WriteOp.put(key, stamp(List.of(key)).encode(value, request.getExpire_ts_seconds()));
        return new Prepared<>(Mutation.of(op), new update_response().setError(StorageStatus.OK));
    }

    /** Writes another cluster's duplication shipped: see {@link DuplicatedWriteCheck}. Reads state. */
    public Prepared<duplicate_response> duplicate(duplicate_request request) {
        List<duplicate_entry> entries = request.getEntries() == null ? List.of() : request.getEntries();
        List<DuplicatedWriteCheck.Incoming> writes = new ArrayList<>();
        for (duplicate_entry entry : entries) {
            for (duplicated_write write : entry.getWrites() == null ? List.<duplicated_write>of() : entry.getWrites()) {
                writes.add(new DuplicatedWriteCheck.Incoming(write.getKey() == null ? null : Bytes.of(write.getKey()),
                        write.isSetValue() ? Bytes.of(write.getValue()) : null, write.getTimetag()));
            }
        }
        boolean verify = entries.stream().allMatch(entry -> !entry.isSetVerify_timetag() || entry.isVerify_timetag());
        DuplicatedWriteCheck.Outcome outcome = DuplicatedWriteCheck.prepare(store, limits, writes, verify);
        notePrepared(outcome.mutation().ops());
        duplicate_response response = outcome.refusal()
                .map(why -> new duplicate_response().setError(StorageStatus.INVALID_ARGUMENT).setError_hint(why))
                .orElseGet(() -> new duplicate_response().setError(StorageStatus.OK)
                        .setApplied(outcome.mutation().ops().size()).setRepeated(outcome.repeated()));
        return new Prepared<>(outcome.mutation(), response);
    }

    /**
     * A mutation this replica logged, prepared here or by another primary (as a secondary, or replayed
     * from the log): later stamps come after its writes. So a new primary stamps past every write an
     * earlier primary prepared, those it has not applied yet too, whatever its own clock says.
     */
    public void notePrepared(List<WriteOp> ops) {
        for (WriteOp op : ops) {
            if (!op.delete() && op.storedValue().length >= ValueSchema.HEADER_LENGTH) {
                newestMicros = Math.max(newestMicros, ValueSchema.timestampMicrosOf(ValueSchema.timetag(op.storedValue())));
            }
        }
    }

    /** Puts several sort keys of one hash key atomically; an empty list is invalid (as in Pegasus). */
    public Prepared<update_response> multiPut(multi_put_request request) {
        byte[] hashKey = Bytes.of(request.getHash_key());
        List<key_value> kvs = request.getKvs() == null ? List.of() : request.getKvs();
        if (kvs.isEmpty() || !StorageKeys.isValidHashKey(hashKey)) {
            return invalidUpdate();
        }
        List<byte[]> keys = kvs.stream().map(kv -> KeySchema.encode(hashKey, Bytes.of(kv.getKey()))).toList();
        Stamp stamp = stamp(keys);
        List<WriteOp> ops = new ArrayList<>(kvs.size());
        long requestBytes = 0;
        for (int i = 0; i < kvs.size(); i++) {
            byte[] value = Bytes.of(kvs.get(i).getValue());
            if (!limits.allowsValue(value.length)) {
                return invalidUpdate();
            }
            byte[] key = keys.get(i);
            requestBytes += key.length + value.length;
            ops.add(WriteOp.put(key, stamp.encode(value, request.getExpire_ts_seconds())));
        }
        if (!limits.allowsRequest(requestBytes)) {
            return invalidUpdate();
        }
        return new Prepared<>(new Mutation(ops), new update_response().setError(StorageStatus.OK));
    }

    public Prepared<update_response> remove(byte[] storageKey) {
        byte[] key = Bytes.of(storageKey);
        if (!StorageKeys.isValidStorageKey(key)) {
            return invalidUpdate();
        }
        return new Prepared<>(Mutation.of(stamp(List.of(key)).delete(key)),
                new update_response().setError(StorageStatus.OK));
    }

    /**
     * Deletes the listed sort keys (count = how many were listed, as in Pegasus), or with an empty
     * list every record of the hash key. For the latter, {@code max_count > 0} caps the live records
     * removed by one request: count says how many, and INCOMPLETE says live records remain.
     */
    public Prepared<multi_remove_response> multiRemove(multi_remove_request request) {
        byte[] hashKey = Bytes.of(request.getHash_key());
        if (!StorageKeys.isValidHashKey(hashKey)) {
            return new Prepared<>(Mutation.empty(),
                    new multi_remove_response().setError(StorageStatus.INVALID_ARGUMENT));
        }
        List<ByteBuffer> sortKeys = request.getSork_keys() == null ? List.of() : request.getSork_keys();
        if (sortKeys.isEmpty()) {
            return removeHashKey(hashKey, request.getMax_count());
        }
        List<byte[]> keys = sortKeys.stream().map(s -> KeySchema.encode(hashKey, Bytes.of(s))).toList();
        Stamp stamp = stamp(keys);
        List<WriteOp> ops = keys.stream().map(stamp::delete).toList();
        return new Prepared<>(new Mutation(ops),
                new multi_remove_response().setError(StorageStatus.OK).setCount(ops.size()));
    }

    private static Prepared<update_response> invalidUpdate() {
        return new Prepared<>(Mutation.empty(), new update_response().setError(StorageStatus.INVALID_ARGUMENT));
    }

    /**
     * What deleting a hash key's records found: the keys to delete, the live records among them, whether
     * none is left, and the newest timestamp among the keys (see {@link #stampAfter}).
     */
    private record HashKeyRemoval(List<byte[]> keys, long liveCount, boolean complete, long newestMicros) {}

    private Prepared<multi_remove_response> removeHashKey(byte[] hashKey, long maxCount) {
        int now = clock.nowEpochSeconds();
        long maxLive = maxCount > 0 ? maxCount : Long.MAX_VALUE;
        HashKeyRemoval removal = store.withRange(KeyRange.withPrefix(KeySchema.hashKeyPrefix(hashKey)), false, it -> {
            List<byte[]> keys = new ArrayList<>();
            long live = 0;
            long newest = 0;
            for (; it.valid(); it.next()) {
                // Expired records are deleted along the way but not counted: the client never saw them.
                if (!it.isExpired(now)) {
                    if (live == maxLive) {
                        return new HashKeyRemoval(keys, live, false, newest);
                    }
                    live++;
                }
                keys.add(it.key());
                newest = Math.max(newest, ValueSchema.timestampMicrosOf(it.timetag()));
            }
            return new HashKeyRemoval(keys, live, true, newest);
        });
        Stamp stamp = stampAfter(removal.newestMicros());
        List<WriteOp> ops = removal.keys().stream().map(stamp::delete).toList();
        return new Prepared<>(new Mutation(ops), new multi_remove_response()
                .setError(removal.complete() ? StorageStatus.OK : StorageStatus.INCOMPLETE)
                .setCount(removal.liveCount()));
    }

    /**
     * Adds to a decimal int64 value. A missing or expired record counts as 0 and so does an empty
     * value; anything else that is not an int64, or a sum that overflows, is INVALID_ARGUMENT (on
     * overflow new_value carries the current value). {@code expire_ts_seconds}: 0 keeps the record's
     * TTL, a positive value sets it, a negative one clears it.
     */
    public Prepared<incr_response> incr(incr_request request) {
        byte[] key = Bytes.of(request.getKey());
        if (!StorageKeys.isValidStorageKey(key)) {
            return new Prepared<>(Mutation.empty(), new incr_response().setError(StorageStatus.INVALID_ARGUMENT));
        }
        int requestedExpireTs = request.getExpire_ts_seconds();
        Optional<byte[]> current = store.readLive(key);
        long newValue;
        int expireTs;
        if (current.isEmpty()) {
            newValue = request.getIncrement();
            expireTs = Math.max(requestedExpireTs, 0);
        } else {
            byte[] oldText = ValueSchema.userValue(current.get());
            OptionalLong old = oldText.length == 0 ? OptionalLong.of(0) : Int64Text.parse(oldText);
            if (old.isEmpty()) {
                return new Prepared<>(Mutation.empty(), new incr_response().setError(StorageStatus.INVALID_ARGUMENT));
            }
            try {
                newValue = Math.addExact(old.getAsLong(), request.getIncrement());
            } catch (ArithmeticException overflow) {
                return new Prepared<>(Mutation.empty(), new incr_response()
                        .setError(StorageStatus.INVALID_ARGUMENT).setNew_value(old.getAsLong()));
            }
            expireTs = requestedExpireTs == 0 ? ValueSchema.expireTs(current.get()) : Math.max(requestedExpireTs, 0);
        }
        WriteOp op = WriteOp.put(key, stamp(List.of(key)).encode(Int64Text.format(newValue), expireTs));
        return new Prepared<>(Mutation.of(op), new incr_response().setError(StorageStatus.OK).setNew_value(newValue));
    }

    /**
     * Puts one record if the check on a (possibly different) sort key of the same hash key passes.
     * A failed check is TRY_AGAIN with an empty mutation; an int check on a non-integer is
     * INVALID_ARGUMENT. With {@code return_check_value} the check record's value comes back either way.
     */
    public Prepared<check_and_set_response> checkAndSet(check_and_set_request request) {
        byte[] hashKey = Bytes.of(request.getHash_key());
        byte[] setValue = Bytes.of(request.getSet_value());
        check_and_set_response response = new check_and_set_response().setCheck_value(Bytes.EMPTY);
        if (request.getCheck_type() == null || !StorageKeys.isValidHashKey(hashKey)
                || !limits.allowsValue(setValue.length)) {
            return new Prepared<>(Mutation.empty(), response.setError(StorageStatus.INVALID_ARGUMENT));
        }
        byte[] checkKey = KeySchema.encode(hashKey, Bytes.of(request.getCheck_sort_key()));
        byte[] setKey = request.isSet_diff_sort_key()
                ? KeySchema.encode(hashKey, Bytes.of(request.getSet_sort_key()))
                : checkKey;
        if (!limits.allowsRequest((long) setKey.length + setValue.length)) {
            return new Prepared<>(Mutation.empty(), response.setError(StorageStatus.INVALID_ARGUMENT));
        }
        Check check = check(checkKey, request.getCheck_type(), request.getCheck_operand());
        if (request.isReturn_check_value()) {
            response.setCheck_value_returned(true)
                    .setCheck_value_exist(check.value().isPresent())
                    .setCheck_value(check.value().orElse(Bytes.EMPTY));
        }
        response.setError(check.status());
        Mutation mutation = check.passed()
                ? Mutation.of(WriteOp.put(setKey, stamp(List.of(setKey)).encode(setValue,
                        request.getSet_expire_ts_seconds())))
                : Mutation.empty();
        return new Prepared<>(mutation, response);
    }

    /**
     * Like {@link #checkAndSet} but applies a list of puts and deletes on sort keys of the hash key,
     * all or nothing. An empty list or an unknown operation is INVALID_ARGUMENT (as in Pegasus).
     */
    public Prepared<check_and_mutate_response> checkAndMutate(check_and_mutate_request request) {
        byte[] hashKey = Bytes.of(request.getHash_key());
        List<mutate> mutates = request.getMutate_list() == null ? List.of() : request.getMutate_list();
        check_and_mutate_response response = new check_and_mutate_response().setCheck_value(Bytes.EMPTY);
        Optional<List<WriteOp>> ops = request.getCheck_type() == null || !StorageKeys.isValidHashKey(hashKey)
                ? Optional.empty()
                : toWriteOps(hashKey, mutates);
        if (ops.isEmpty()) {
            return new Prepared<>(Mutation.empty(), response.setError(StorageStatus.INVALID_ARGUMENT));
        }
        byte[] checkKey = KeySchema.encode(hashKey, Bytes.of(request.getCheck_sort_key()));
        Check check = check(checkKey, request.getCheck_type(), request.getCheck_operand());
        if (request.isReturn_check_value()) {
            response.setCheck_value_returned(true)
                    .setCheck_value_exist(check.value().isPresent())
                    .setCheck_value(check.value().orElse(Bytes.EMPTY));
        }
        response.setError(check.status());
        return new Prepared<>(check.passed() ? new Mutation(ops.get()) : Mutation.empty(), response);
    }

    /** The mutates as write ops, or empty when the list is empty, has an unknown operation or is too large. */
    private Optional<List<WriteOp>> toWriteOps(byte[] hashKey, List<mutate> mutates) {
        if (mutates.isEmpty()) {
            return Optional.empty();
        }
        if (mutates.stream().anyMatch(m -> m.getOperation() == null)) {
            return Optional.empty();
        }
        List<byte[]> keys = mutates.stream().map(m -> KeySchema.encode(hashKey, Bytes.of(m.getSort_key()))).toList();
        Stamp stamp = stamp(keys);
        List<WriteOp> ops = new ArrayList<>(mutates.size());
        long requestBytes = 0;
        for (int i = 0; i < mutates.size(); i++) {
            mutate m = mutates.get(i);
            byte[] key = keys.get(i);
            switch (m.getOperation()) {
                case MO_PUT -> {
                    byte[] value = Bytes.of(m.getValue());
                    if (!limits.allowsValue(value.length)) {
                        return Optional.empty();
                    }
                    ops.add(WriteOp.put(key, stamp.encode(value, m.getSet_expire_ts_seconds())));
                    requestBytes += value.length;
                }
                case MO_DELETE -> ops.add(stamp.delete(key));
            }
            requestBytes += key.length;
        }
        return limits.allowsRequest(requestBytes) ? Optional.of(ops) : Optional.empty();
    }

    /** The outcome of a check and the check record's live value. */
    private record Check(CasCheck.Outcome outcome, Optional<byte[]> value) {
        boolean passed() {
            return outcome == CasCheck.Outcome.PASSED;
        }

        int status() {
            return switch (outcome) {
                case PASSED -> StorageStatus.OK;
                case FAILED -> StorageStatus.TRY_AGAIN;
                case INVALID_ARGUMENT -> StorageStatus.INVALID_ARGUMENT;
            };
        }
    }

    private Check check(byte[] checkKey, cas_check_type type, byte[] operand) {
        Optional<byte[]> value = store.readLive(checkKey).map(ValueSchema::userValue);
        return new Check(CasCheck.evaluate(type, Bytes.of(operand), value), value);
    }

    /** One request's time: every record it writes gets the same timetag and default TTL base. */
    private record Stamp(int nowEpochSeconds, long timetag, int defaultTtlSeconds, boolean tombstones) {
        /** A delete: a tombstone carrying the request's timetag in a duplicated table, else a removal. */
        WriteOp delete(byte[] key) {
            return tombstones ? WriteOp.put(key, ValueSchema.encode(ValueSchema.TOMBSTONE_EXPIRE_TS, timetag | 1,
                    Bytes.EMPTY)) : WriteOp.delete(key);
        }

        byte[] encode(byte[] userValue, int expireTs) {
            int effective = expireTs == 0 && defaultTtlSeconds > 0 ? nowEpochSeconds + defaultTtlSeconds : expireTs;
            return ValueSchema.encode(effective, timetag, userValue);
        }
    }

    /**
     * The time of the request now being prepared, later than that of every write prepared before it
     * here, this primary's own and those another cluster shipped: a write that follows another on this
     * primary must win over it at every cluster, even against a clock of the other cluster that runs
     * ahead, or against this clock stepping back. In a duplicated table it is also later than what the
     * keys it writes hold: after a failover to a server whose clock is behind, a new write must still
     * win over the older one at every cluster, as it does here.
     */
    private Stamp stamp(List<byte[]> keys) {
        long newestStored = 0;
        if (keepsTombstones.getAsBoolean()) {
            for (byte[] key : keys) {
                Optional<byte[]> stored = store.readStored(key);
                if (stored.isPresent()) {
                    newestStored = Math.max(newestStored, ValueSchema.timestampMicrosOf(ValueSchema.timetag(stored.get())));
                }
            }
        }
        return stampAfter(newestStored);
    }

    /** {@link #stamp} for keys whose newest stored timestamp is already known. */
    private Stamp stampAfter(long newestStoredMicros) {
        long micros = Math.max(clock.nowMicros(), newestMicros + 1);
        if (keepsTombstones.getAsBoolean()) {
            micros = Math.max(micros, newestStoredMicros + 1);
        }
        newestMicros = micros;
        return new Stamp(clock.nowEpochSeconds(), ValueSchema.timetag(micros, clusterId.getAsInt(), false),
                defaultTtlSeconds, keepsTombstones.getAsBoolean());
    }
}
