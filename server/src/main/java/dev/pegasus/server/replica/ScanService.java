package dev.pegasus.server.replica;

import dev.pegasus.protocol.StorageStatus;
import dev.pegasus.protocol.rpc.RpcMethods;
import dev.pegasus.protocol.rpc.RpcServer;
import dev.pegasus.protocol.thrift.get_scanner_request;
import dev.pegasus.protocol.thrift.scan_response;
import dev.pegasus.server.replica.storage.ScanBatch;
import dev.pegasus.server.replica.storage.HashPartition;
import dev.pegasus.server.replica.storage.ScanCursor;
import dev.pegasus.protocol.PartitionHash;
import java.util.ArrayList;
import java.util.Optional;

/**
 * get_scanner / scan / clear_scanner: a scan's cursor lives in its replica's registry between
 * batches, under the context id handed to the client; -1 tells the client the scan is complete.
 */
final class ScanService {
    static final long COMPLETED = -1;

    private final KvService kv;

    ScanService(KvService kv) {
        this.kv = kv;
    }

    void registerOn(RpcServer server) {
        server.register(RpcMethods.RRDB_GET_SCANNER, (context, request) -> kv.onPartition(context,
                replica -> kv.stamp(firstBatch(replica, request, context.partitionHash()), replica, -1)));
        server.register(RpcMethods.RRDB_SCAN, (context, request) -> kv.onPartition(context,
                replica -> kv.stamp(nextBatch(replica, request.getContext_id()), replica, -1)));
        server.register(RpcMethods.RRDB_CLEAR_SCANNER, (context, contextId) -> kv.onPartition(context, replica -> {
            replica.scanners().remove(contextId);
            return null;
        }));
    }

    /**
     * With {@code need_check_hash} (whole-partition scans) only the keys of the partition the client
     * aims at are returned: while a table splits, a parent holds its child's keys as well, and serves
     * them itself until the child is registered.
     */
    private scan_response firstBatch(PartitionReplica replica, get_scanner_request request, long partitionHash) {
        Optional<HashPartition> partition = request.isNeed_check_hash()
                ? replica.partitionCount().map(count -> new HashPartition(
                        PartitionHash.partitionIndex(partitionHash, count), count))
                : Optional.empty();
        ScanCursor cursor = ThriftReads.cursor(request, partition);
        return respond(replica, cursor, replica.read(store -> store.scan(cursor, cursor.batchSize())),
                Optional.empty());
    }

    private scan_response nextBatch(PartitionReplica replica, long contextId) {
        Optional<ScanCursor> cursor = replica.scanners().take(contextId);
        if (cursor.isEmpty()) {
            return new scan_response().setError(StorageStatus.NOT_FOUND).setKvs(new ArrayList<>())
                    .setContext_id(COMPLETED);
        }
        return respond(replica, cursor.get(), replica.read(store -> store.scan(cursor.get(), cursor.get().batchSize())),
                Optional.of(contextId));
    }

    private static scan_response respond(PartitionReplica replica, ScanCursor cursor, ScanBatch batch, Optional<Long> contextId) {
        long nextContext = COMPLETED;
        if (batch.complete()) {
            cursor.close();
        } else if (contextId.isPresent()) {
            replica.scanners().put(contextId.get(), cursor);
            nextContext = contextId.get();
        } else {
            nextContext = replica.scanners().register(cursor);
        }
        return ThriftReads.scanResponse(batch, nextContext);
    }

}
