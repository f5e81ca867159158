package dev.pegasus.client;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.thrift.batch_get_request;
import dev.pegasus.protocol.thrift.full_data;
import dev.pegasus.protocol.thrift.full_key;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Operations on records of many hash keys. Reads are grouped into one batch_get per partition, since a
 * partition answers many keys as cheaply as one; writes go one record per request, in parallel, because
 * the protocol has no multi-hash-key write. Every item is checked before the first request is sent, so a
 * bad item cannot leave a batch half written.
 */
final class BatchOperations {
    private final TableContext ctx;
    private final PegasusTable table;
    private final Requests check;

    BatchOperations(TableContext ctx, PegasusTable table) {
        this.ctx = ctx;
        this.table = table;
        this.check = ctx.requests();
    }

    CompletableFuture<List<byte[]>> get(List<FullKey> keys) {
        String op = "batchGet";
        check.elementsNotNull(op, "keys", keys);
        long bytes = 0;
        for (FullKey key : keys) {
            check.hashKey(op, key.hashKey());
            check.sortKey(op, key.sortKey());
            bytes += key.hashKey().length + key.sortKey().length;
        }
        check.requestSize(op, bytes);
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return ctx.routes().get(ctx.name()).thenCompose(routes -> getGrouped(op, keys, routes));
    }

    private CompletableFuture<List<byte[]>> getGrouped(String op, List<FullKey> keys, TableRoutes routes) {
        Map<Integer, List<Integer>> positionsByPartition = new TreeMap<>();
        for (int i = 0; i < keys.size(); i++) {
            FullKey key = keys.get(i);
            int partition = routes.partitionIndex(PartitionHash.of(key.hashKey(), key.sortKey()));
            positionsByPartition.computeIfAbsent(partition, p -> new ArrayList<>()).add(i);
        }
        byte[][] values = new byte[keys.size()][];
        List<CompletableFuture<Void>> parts = new ArrayList<>(positionsByPartition.size());
        for (List<Integer> positions : positionsByPartition.values()) {
            parts.add(getPartition(op, keys, positions, values));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(done -> Arrays.asList(values));
    }

    /** Fills {@code values} at {@code positions}; each position is written by exactly one partition's answer. */
    private CompletableFuture<Void> getPartition(String op, List<FullKey> keys, List<Integer> positions,
            byte[][] values) {
        Map<ByteBuffer, List<Integer>> positionsByKey = new HashMap<>();
        List<full_key> wire = new ArrayList<>(positions.size());
        for (int position : positions) {
            FullKey key = keys.get(position);
            List<Integer> same = positionsByKey.computeIfAbsent(storageKey(key.hashKey(), key.sortKey()),
                    k -> new ArrayList<>());
            if (same.isEmpty()) {
                wire.add(new full_key(ByteBuffer.wrap(key.hashKey()), ByteBuffer.wrap(key.sortKey())));
            }
            same.add(position);
        }
        batch_get_request request = new batch_get_request();
        request.setKeys(wire);
        FullKey first = keys.get(positions.get(0));
        return ctx.call(op, PartitionHash.of(first.hashKey(), first.sortKey()), RpcMethods.RRDB_BATCH_GET, request,
                RetryMode.SAFE_TO_REPEAT, response -> {
                    StorageResults.requireOk(response.getError(), op, ctx.name());
                    if (response.getData() != null) {
                        for (full_data data : response.getData()) {
                            List<Integer> at = positionsByKey.getOrDefault(
                                    storageKey(PegasusTable.orEmpty(data.getHash_key()),
                                            PegasusTable.orEmpty(data.getSort_key())), List.of());
                            for (int position : at) {
                                values[position] = PegasusTable.orEmpty(data.getValue());
                            }
                        }
                    }
                    return null;
                });
    }

    CompletableFuture<Void> set(List<FullKeyValue> items, int ttlSeconds) {
        String op = "batchSet";
        check.elementsNotNull(op, "items", items);
        check.ttl(op, ttlSeconds);
        long bytes = 0;
        for (FullKeyValue item : items) {
            check.hashKey(op, item.hashKey());
            check.sortKey(op, item.sortKey());
            check.value(op, item.value());
            bytes += item.hashKey().length + item.sortKey().length + item.value().length;
        }
        check.requestSize(op, bytes);
        List<CompletableFuture<Void>> writes = new ArrayList<>(items.size());
        for (FullKeyValue item : items) {
            writes.add(table.doSet(item.hashKey(), item.sortKey(), item.value(), ttlSeconds));
        }
        return settle(op, writes);
    }

    CompletableFuture<Void> del(List<FullKey> keys) {
        String op = "batchDel";
        check.elementsNotNull(op, "keys", keys);
        long bytes = 0;
        for (FullKey key : keys) {
            check.hashKey(op, key.hashKey());
            check.sortKey(op, key.sortKey());
            bytes += key.hashKey().length + key.sortKey().length;
        }
        check.requestSize(op, bytes);
        List<CompletableFuture<Void>> writes = new ArrayList<>(keys.size());
        for (FullKey key : keys) {
            writes.add(table.doDel(key.hashKey(), key.sortKey()));
        }
        return settle(op, writes);
    }

    /** Waits for every write, then fails if any did, reporting how many and the first failure. */
    private CompletableFuture<Void> settle(String op, List<CompletableFuture<Void>> writes) {
        return Futures.allSettled(writes).thenApply(done -> {
            List<Throwable> failures = writes.stream()
                    .map(write -> write.handle((value, failure) -> failure).join())
                    .filter(failure -> failure != null)
                    .map(Futures::unwrap)
                    .toList();
            if (failures.isEmpty()) {
                return null;
            }
            Throwable first = failures.get(0);
            PegasusException firstPegasus = first instanceof PegasusException p ? p
                    : new PegasusException(ErrorCode.ERR_UNKNOWN, first.toString(), first);
            throw new PegasusException(firstPegasus.code(), op + " on table '" + ctx.name() + "': " + failures.size()
                    + " of " + writes.size() + " writes failed; the first: " + firstPegasus.getMessage(), firstPegasus);
        });
    }

    private static ByteBuffer storageKey(byte[] hashKey, byte[] sortKey) {
        return ByteBuffer.wrap(KeySchema.encode(hashKey, sortKey));
    }
}
