package dev.pegasus.client;

import dev.pegasus.protocol.DuplicateRequests;
import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.thrift.duplicate_request;
import dev.pegasus.protocol.thrift.duplicate_response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Sends another cluster's committed writes to this table's partitions, one duplicate request per
 * partition, routed by this table's own partition count. Safe to repeat: a write is applied only where
 * it is at least as new as what its key holds, so a repeat changes nothing.
 */
final class DuplicatedWrites {
    private final TableContext ctx;

    DuplicatedWrites(TableContext ctx) {
        this.ctx = ctx;
    }

    CompletableFuture<AppliedDuplicates> apply(List<DuplicatedWrite> writes, int sourceClusterId,
            long shippedAtMicros) {
        if (writes.isEmpty()) {
            return CompletableFuture.completedFuture(new AppliedDuplicates(0, 0));
        }
        return ctx.routes().get(ctx.name()).thenCompose(routes -> {
            Map<Integer, List<DuplicatedWrite>> byPartition = new TreeMap<>();
            for (DuplicatedWrite write : writes) {
                int partition = routes.partitionIndex(PartitionHash.ofStorageKey(write.storageKey()));
                byPartition.computeIfAbsent(partition, p -> new ArrayList<>()).add(write);
            }
            List<CompletableFuture<AppliedDuplicates>> parts = byPartition.values().stream()
                    .map(group -> send(group, sourceClusterId, shippedAtMicros)).toList();
            return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                    .thenApply(done -> parts.stream().map(CompletableFuture::join)
                            .reduce(new AppliedDuplicates(0, 0), AppliedDuplicates::plus));
        });
    }

    private CompletableFuture<AppliedDuplicates> send(List<DuplicatedWrite> group, int sourceClusterId, long shippedAtMicros) {
        String op = "duplicate";
        return ctx.call(op, PartitionHash.ofStorageKey(group.get(0).storageKey()), RpcMethods.RRDB_DUPLICATE,
                request(group, sourceClusterId, shippedAtMicros), RetryMode.SAFE_TO_REPEAT,
                response -> read(op, response));
    }

    static duplicate_request request(List<DuplicatedWrite> writes, int sourceClusterId, long shippedAtMicros) {
        return DuplicateRequests.of(writes.stream().map(write -> DuplicateRequests.write(write.storageKey(),
                write.storedValue(), write.timetag())).toList(), sourceClusterId, shippedAtMicros);
    }

    private static AppliedDuplicates read(String op, duplicate_response response) {
        if (response.isSetError() && response.getError() != 0) {
            throw new PegasusException(ErrorCode.ERR_INVALID_DATA, op + " refused: "
                    + (response.isSetError_hint() ? response.getError_hint() : "error " + response.getError()));
        }
        return new AppliedDuplicates(response.getApplied(), response.getRepeated());
    }
}
