package dev.pegasus.server.replica;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.rpc.RpcException;
import dev.pegasus.protocol.thrift.app_info;
import dev.pegasus.server.replica.storage.PartitionStore;
import dev.pegasus.server.replica.storage.Prepared;
import dev.pegasus.server.replica.storage.ScannerRegistry;
import dev.pegasus.server.replica.storage.WriteExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition served by this server: its store and the ordered sequence of mutations applied to
 * it. Every write gets the next decree and is applied before the next request of the partition
 * runs; its answer is released only once the write is durable (see {@link GroupCommit}).
 *
 * <p>All methods but {@link #close()} run on the partition's worker thread.
 */
final class Replica {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    private final Gpid gpid;
    private final PartitionStore store;
    private final WriteExecutor executor;
    private final ScannerRegistry scanners;
    private final int partitionCount;
    private final boolean durableWrites;
    /** Invariant: equals store.lastAppliedDecree() between tasks. */
    private long lastDecree;
    private volatile boolean closed;

    /** @param durableWrites acknowledge writes only after an fsync of the store's log */
    Replica(Gpid gpid, app_info info, PartitionStore store, WriteExecutor executor, ScannerRegistry scanners,
            boolean durableWrites) {
        this.durableWrites = durableWrites;
        this.gpid = gpid;
        this.store = store;
        this.executor = executor;
        this.scanners = scanners;
        this.partitionCount = info.getPartition_count();
        this.lastDecree = store.lastAppliedDecree();
        applyEnvs(info);
    }

    Gpid gpid() {
        return gpid;
    }

    int partitionCount() {
        return partitionCount;
    }

    long lastCommittedDecree() {
        return lastDecree;
    }

    PartitionStore store() {
        return store;
    }

    ScannerRegistry scanners() {
        return scanners;
    }

    boolean isClosed() {
        return closed;
    }

    void applyEnvs(app_info info) {
        String ttl = info.getEnvs() == null ? null : info.getEnvs().get("default_ttl");
        executor.setDefaultTtlSeconds(ttl == null ? 0 : Integer.parseInt(ttl));
    }

    /**
     * Executes a write request: turns it into plain writes, applies them at the next decree and
     * completes {@code answer} once they are durable.
     *
     * @param stamp records the decree in the response
     */
    <R> void write(GroupCommit commit, Function<WriteExecutor, Prepared<R>> request, BiConsumer<R, Long> stamp,
            CompletableFuture<R> answer) {
        checkOpen();
        Prepared<R> prepared = request.apply(executor);
        long decree = lastDecree + 1;
        store.apply(decree, prepared.mutation());
        lastDecree = decree;
        stamp.accept(prepared.response(), decree);
        if (!durableWrites) {
            answer.complete(prepared.response());
            return;
        }
        commit.wrote(store, new GroupCommit.Ack() {
            @Override
            public void durable() {
                answer.complete(prepared.response());
            }

            @Override
            public void failed(RuntimeException cause) {
                LOG.error("replica {}: write at decree {} could not be made durable", gpid, decree, cause);
                answer.completeExceptionally(new RpcException(ErrorCode.ERR_FILE_OPERATION_FAILED,
                        "write could not be made durable: " + cause.getMessage()));
            }
        });
    }

    <R> R read(Function<PartitionStore, R> query) {
        checkOpen();
        return query.apply(store);
    }

    private void checkOpen() {
        if (closed) {
            throw new RpcException(ErrorCode.ERR_INVALID_STATE, "replica " + gpid + " is closed");
        }
    }

    /**
     * Deletes the partition's expired records, one slice of {@code slice} records at a time until the
     * whole partition was examined, then compacts so the data really leaves the disk. Safe to run
     * beside the worker: the store re-checks expiry under its write lock. Returns how many were deleted.
     */
    int removeExpiredAndCompact(int slice) {
        if (closed) {
            return 0;
        }
        long slices = store.estimateRawRecordCount() / slice + 1;
        int removed = 0;
        for (long i = 0; i < slices && !closed; i++) {
            removed += store.removeExpired(slice);
        }
        if (removed > 0 && !closed) {
            store.compact();
        }
        return removed;
    }

    /** Stops serving and releases the store. Must run on the worker thread so no task sees a closed store. */
    void close() {
        closed = true;
        scanners.close();
        store.close();
    }
}
