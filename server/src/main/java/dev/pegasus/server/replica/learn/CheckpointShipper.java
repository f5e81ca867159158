package dev.pegasus.server.replica.learn;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RpcClient;
import dev.pegasus.server.replica.storage.StoreCheckpoint;
import dev.pegasus.server.replica.storage.StoreDirectories;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The primary's side of learning by checkpoint: streams a {@link StoreCheckpoint} to a learner's
 * {@link CheckpointReceiver} with {@code RPC_REPLICA_CHECKPOINT_CHUNK} and deletes it afterwards,
 * whatever the outcome: a checkpoint pins SST files the primary's compactions would otherwise free,
 * and a new learn takes a fresh one.
 *
 * <p>Chunks of a file go in order, files one after another, with a few chunks in flight so the
 * link stays busy while the learner writes; see {@link Shipment}. Thread-safe: shipments are
 * independent.
 */
public final class CheckpointShipper {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointShipper.class);

    public static final int DEFAULT_CHUNK_BYTES = 1 << 20;
    public static final int DEFAULT_MAX_IN_FLIGHT = 4;
    /** Per chunk; the last chunk's answer waits for the learner's install, which reopens a store. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

    private final int chunkBytes;
    private final int maxInFlight;
    private final long callTimeoutMs;
    private final Executor executor;

    public CheckpointShipper() {
        this(DEFAULT_CHUNK_BYTES, DEFAULT_MAX_IN_FLIGHT, DEFAULT_CALL_TIMEOUT, ForkJoinPool.commonPool());
    }

    /**
     * @param callTimeout how long each chunk's answer may take, the last one's install included
     * @param executor reads chunks from disk and handles answers; any pool (ordering is kept by locking)
     */
    public CheckpointShipper(int chunkBytes, int maxInFlight, Duration callTimeout, Executor executor) {
        if (chunkBytes <= 0 || maxInFlight <= 0) {
            throw new IllegalArgumentException("chunk size and window must be positive: " + chunkBytes + ", "
                    + maxInFlight);
        }
        this.chunkBytes = chunkBytes;
        this.maxInFlight = maxInFlight;
        this.callTimeoutMs = callTimeout.toMillis();
        this.executor = executor;
    }

    /**
     * Sends every file of {@code checkpoint} to {@code learner}.
     *
     * @param self this server, as the learner sees the sender
     * @return completes with whether the learner installed the checkpoint, or exceptionally with an
     *     {@link dev.pegasus.protocol.rpc.RpcException} naming the error code and the file; in both
     *     cases only after {@code checkpoint.dir()} was deleted
     */
    public CompletableFuture<Boolean> ship(RpcClient rpc, RpcAddress learner, Gpid gpid, RpcAddress self,
                                           StoreCheckpoint checkpoint) {
        ChunkReader reader = new ChunkReader(checkpoint, gpid, self, chunkBytes);
        long started = System.nanoTime();
        return new Shipment(rpc, learner, gpid, reader, maxInFlight, callTimeoutMs, executor).start()
                .whenComplete((installed, failure) -> {
                    delete(checkpoint);
                    if (failure == null) {
                        LOG.info("shipped checkpoint of {} at decree {} ({} files, {} bytes) to {} in {} ms; installed: {}",
                                gpid, checkpoint.decree(), checkpoint.files().size(), checkpoint.totalBytes(), learner,
                                (System.nanoTime() - started) / 1_000_000, installed);
                    } else {
                        LOG.warn("shipping checkpoint of {} at decree {} to {} failed: {}", gpid, checkpoint.decree(),
                                learner, failure instanceof CompletionException ? failure.getCause() : failure);
                    }
                });
    }

    private static void delete(StoreCheckpoint checkpoint) {
        try {
            StoreDirectories.deleteRecursively(checkpoint.dir());
        } catch (IOException e) {
            LOG.warn("cannot delete shipped checkpoint {}: {}", checkpoint.dir(), e.toString());
        }
    }
}
