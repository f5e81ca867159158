package dev.pegasus.server.replica.storage;

import dev.pegasus.protocol.StorageStatus;
import dev.pegasus.protocol.ValueSchema;
import dev.pegasus.protocol.thrift.duplicate_entry;
import dev.pegasus.protocol.thrift.duplicate_request;
import dev.pegasus.protocol.thrift.duplicate_response;
import dev.pegasus.protocol.thrift.duplicated_write;
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
 * changes nothing), so duplicated writes may arrive twice or late and the table still converges. A put is stored with its value as shipped, header and
 * timetag included. Reads the store: its mutation must be applied before the next request that
 * reads state is prepared.
 */
final class DuplicatedWriteCheck {
    private DuplicatedWriteCheck() {}

    static Prepared<duplicate_response> prepare(PartitionStore store, StorageLimits limits, duplicate_request request) {
        List<duplicated_write> writes = new ArrayList<>();
        for (duplicate_entry entry : request.getEntries() == null ? List.<duplicate_entry>of() : request.getEntries()) {
            if (entry.getWrites() != null) {
                writes.addAll(entry.getWrites());
            }
        }
        Optional<String> invalid = invalid(writes, limits);
        if (invalid.isPresent()) {
            return new Prepared<>(Mutation.empty(), new duplicate_response().setError(StorageStatus.INVALID_ARGUMENT)
                    .setError_hint(invalid.get()));
        }
        boolean verify = request.getEntries().stream().allMatch(entry -> !entry.isSetVerify_timetag()
                || entry.isVerify_timetag());
        Map<ByteBuffer, Long> newest = new HashMap<>();
        List<WriteOp> ops = new ArrayList<>();
        for (duplicated_write write : writes) {
            byte[] key = Bytes.of(write.getKey());
            ByteBuffer keyId = ByteBuffer.wrap(key);
            long held = newest.computeIfAbsent(keyId, k -> store.readStored(key).map(ValueSchema::timetag).orElse(Long.MIN_VALUE));
            if (verify && write.getTimetag() < held) {
                continue;
            }
            newest.put(keyId, write.getTimetag());
            ops.add(write.isSetValue() ? WriteOp.put(key, Bytes.of(write.getValue())) : WriteOp.delete(key));
        }
        return new Prepared<>(new Mutation(ops), new duplicate_response().setError(StorageStatus.OK)
                .setApplied(ops.size()));
    }

    private static Optional<String> invalid(List<duplicated_write> writes, StorageLimits limits) {
        long requestBytes = 0;
        for (duplicated_write write : writes) {
            byte[] key = write.getKey() == null ? null : Bytes.of(write.getKey());
            if (key == null || !StorageKeys.isValidStorageKey(key)) {
                return Optional.of("a duplicated write has no valid storage key");
            }
            if (write.isSetValue()) {
                int length = write.getValue().length;
                if (length < ValueSchema.HEADER_LENGTH || !limits.allowsValue(length - ValueSchema.HEADER_LENGTH)) {
                    return Optional.of("a duplicated value is " + length + " bytes: shorter than its header or over"
                            + " this cluster's value limit");
                }
                requestBytes += length;
            }
            requestBytes += key.length;
        }
        return limits.allowsRequest(requestBytes) ? Optional.empty()
                : Optional.of("duplicated writes of " + requestBytes + " bytes exceed this cluster's request limit");
    }
}
