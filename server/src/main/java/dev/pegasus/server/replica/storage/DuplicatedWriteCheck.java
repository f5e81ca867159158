package dev.pegasus.server.replica.storage;

import dev.pegasus.protocol.ValueSchema;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns writes another cluster's duplication shipped into a mutation of this partition: each write is
 * kept only if its timetag is at least that of what its key holds, expired records and the tombstones
 * of deletes included (the later write wins; equal timetags are the same write shipped again, which
 * changes nothing), so duplicated writes may arrive twice or late and the table still converges. A put
 * is stored as shipped, header and timetag included; a delete is stored as a tombstone with its timetag,
 * so that an older write arriving later loses to it and it is not shipped on as this cluster's own.
 * Reads the store: its mutation must be applied before the next request that reads state is prepared.
 */
final class DuplicatedWriteCheck {
    private DuplicatedWriteCheck() {}

    /** A shipped write: a put of a full stored value, or a delete ({@code storedValue} null). */
    record Incoming(byte[] key, byte[] storedValue, long timetag) {}

    /** The writes kept, and how many of them the keys held already; or why the request is refused. */
    record Outcome(Mutation mutation, long repeated, Optional<String> refusal) {}

    /** @param verify whether a write older than what its key holds is dropped (otherwise every write is kept) */
    static Outcome prepare(PartitionStore store, StorageLimits limits, List<Incoming> writes, boolean verify) {
        Optional<String> invalid = invalid(writes, limits);
        if (invalid.isPresent()) {
            return new Outcome(Mutation.empty(), 0, invalid);
        }
        Map<ByteBuffer, Long> newest = new HashMap<>();
        List<WriteOp> ops = new ArrayList<>();
        long repeated = 0;
        for (Incoming write : writes) {
            ByteBuffer keyId = ByteBuffer.wrap(write.key());
            long held = newest.computeIfAbsent(keyId, k -> store.readStored(write.key()).map(ValueSchema::timetag)
                    .orElse(Long.MIN_VALUE));
            if (verify && write.timetag() < held) {
                continue;
            }
            if (write.timetag() == held) {
                repeated++;
            }
            newest.put(keyId, write.timetag());
            ops.add(WriteOp.put(write.key(), write.storedValue() != null ? write.storedValue()
                    : ValueSchema.encode(ValueSchema.TOMBSTONE_EXPIRE_TS, write.timetag(), Bytes.EMPTY)));
        }
        return new Outcome(new Mutation(ops), repeated, Optional.empty());
    }

    private static Optional<String> invalid(List<Incoming> writes, StorageLimits limits) {
        long requestBytes = 0;
        for (Incoming write : writes) {
            if (write.key() == null || !StorageKeys.isValidStorageKey(write.key())) {
                return Optional.of("a duplicated write has no valid storage key");
            }
            if (write.storedValue() != null) {
                int length = write.storedValue().length;
                if (length < ValueSchema.HEADER_LENGTH || !limits.allowsValue(length - ValueSchema.HEADER_LENGTH)) {
                    return Optional.of("a duplicated value is " + length + " bytes: shorter than its header or over"
                            + " this cluster's value limit");
                }
                requestBytes += length;
            }
            requestBytes += write.key().length;
        }
        return limits.allowsRequest(requestBytes) ? Optional.empty()
                : Optional.of("duplicated writes of " + requestBytes + " bytes exceed this cluster's request limit");
    }
}
