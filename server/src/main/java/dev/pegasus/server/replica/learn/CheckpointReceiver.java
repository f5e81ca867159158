package dev.pegasus.server.replica.learn;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import dev.pegasus.protocol.rpc.RequestContext;
import dev.pegasus.protocol.rpc.RpcException;
import dev.pegasus.protocol.rpc.RpcHandler;
import dev.pegasus.protocol.thrift.checkpoint_chunk;
import dev.pegasus.protocol.thrift.checkpoint_chunk_response;
import dev.pegasus.server.replica.storage.StoreDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learner's side of learning by checkpoint, registered as the handler of {@code
 * RPC_REPLICA_CHECKPOINT_CHUNK}: stages the chunks a {@link CheckpointShipper} sends under {@code
 * <stagingRoot>/<app>.<partition>.<decree>/} and, once the last chunk arrived and every file matched
 * its CRC32C, asks the {@link Installer} to put the checkpoint in place, answering its verdict.
 *
 * <p>Which transfer a chunk belongs to: a partition has at most one transfer. A chunk at offset 0
 * begins a new transfer (discarding the partition's current one) unless it starts the next file of
 * the current transfer of the same decree; so a sender that starts over, at another decree or at the
 * same one, replaces what it sent before. Any other chunk must continue the current transfer exactly
 * (ERR_INVALID_DATA otherwise). A transfer that fails a check is discarded at once: its directory is
 * deleted, and chunks of it still in flight are refused rather than starting anything. Transfers idle
 * for longer than the idle timeout (a sender that vanished) are discarded too, as is everything in
 * the staging root when the receiver starts, so failures leave no directories behind.
 *
 * <p>Threading: chunks are handled on one thread of the receiver's own, in the order the RPC server
 * dispatches them (a connection's requests in arrival order), so disk writes never block network
 * threads and transfers need no locks. The staging root must be the receiver's alone, and on the
 * file system of the replicas' directories, so installing is a rename.
 */
public final class CheckpointReceiver implements RpcHandler<checkpoint_chunk, checkpoint_chunk_response>,
        AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointReceiver.class);

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(2);
    private static final long MAX_SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Puts a complete, verified checkpoint in place of a replica's store. */
    @FunctionalInterface
    public interface Installer {
        /**
         * Decides whether the replica accepts the checkpoint now and if so installs it: closes its
         * store, moves {@code stagedDir} in with {@link StoreDirectories#replace}, reopens. Whatever
         * is left of {@code stagedDir} afterwards is deleted by the receiver.
         *
         * @return whether the checkpoint was installed; exceptionally when installing failed
         */
        CompletableFuture<Boolean> install(Gpid gpid, long decree, Path stagedDir);
    }

    private final Path stagingRoot;
    private final Installer installer;
    private final long idleTimeoutNanos;
    private final LongSupplier nanoClock;
    private final ScheduledThreadPoolExecutor thread;
    /** Confined to {@link #thread}: the current (possibly discarded) transfer of each partition. */
    private final Map<Gpid, StagedTransfer> transfers = new HashMap<>();
    /** Confined to {@link #thread}: partitions whose checkpoint the installer has not answered yet. */
    private final Set<Gpid> installing = new HashSet<>();

    public CheckpointReceiver(Path stagingRoot, Installer installer) {
        this(stagingRoot, installer, DEFAULT_IDLE_TIMEOUT, System::nanoTime);
    }

    /**
     * Empties {@code stagingRoot} (creating it when missing): transfers never outlive the receiver.
     *
     * @param nanoClock the time transfers' idleness is measured in; checked at least every second
     */
    public CheckpointReceiver(Path stagingRoot, Installer installer, Duration idleTimeout, LongSupplier nanoClock) {
        this.stagingRoot = stagingRoot;
        this.installer = installer;
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.nanoClock = nanoClock;
        try {
            Files.createDirectories(stagingRoot);
            emptyStagingRoot();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the checkpoint staging directory " + stagingRoot, e);
        }
        this.thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread worker = new Thread(runnable, "checkpoint-receiver");
            worker.setDaemon(true);
            return worker;
        });
        long sweepNanos = Math.max(1, Math.min(MAX_SWEEP_INTERVAL_NANOS, idleTimeoutNanos / 4));
        thread.scheduleWithFixedDelay(this::expireIdle, sweepNanos, sweepNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public CompletionStage<checkpoint_chunk_response> handle(RequestContext context, checkpoint_chunk chunk) {
        try {
            return CompletableFuture.supplyAsync(() -> onChunk(chunk), thread).thenCompose(answer -> answer);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new RpcException(ErrorCode.ERR_INVALID_STATE,
                    "the checkpoint receiver is closed"));
        }
    }

    private CompletableFuture<checkpoint_chunk_response> onChunk(checkpoint_chunk chunk) {
        Gpid gpid = Gpid.unpack(chunk.getPid());
        if (installing.contains(gpid)) {
            return answer(ErrorCode.ERR_BUSY, false);
        }
        StagedTransfer transfer;
        try {
            transfer = transferFor(gpid, chunk);
        } catch (RpcException e) {
            LOG.warn("refused a checkpoint chunk for {} from {}: {}", gpid, RpcAddress.describe(chunk.getSender()),
                    e.getMessage());
            return answer(e.code(), false);
        }
        try {
            if (!transfer.accept(chunk, nanoClock.getAsLong())) {
                return answer(ErrorCode.ERR_OK, false);
            }
        } catch (RpcException e) {
            LOG.warn("discarding the checkpoint transfer of {} at decree {} from {}: {}", gpid, transfer.decree(),
                    RpcAddress.describe(chunk.getSender()), e.getMessage());
            discard(transfer);
            return answer(e.code(), false);
        }
        return install(gpid, transfer);
    }

    /** The transfer the chunk belongs to, begun now if the chunk starts one (see the class comment). */
    private StagedTransfer transferFor(Gpid gpid, checkpoint_chunk chunk) {
        StagedTransfer current = transfers.get(gpid);
        boolean continues = current != null && current.decree() == chunk.getDecree()
                && !(chunk.getOffset() == 0 && current.hasBegun(chunk.getFile_name()));
        if (continues) {
            if (current.isDiscarded()) {
                throw new RpcException(ErrorCode.ERR_INVALID_DATA, "the transfer at decree " + chunk.getDecree()
                        + " was aborted");
            }
            return current;
        }
        if (chunk.getOffset() != 0) {
            throw new RpcException(ErrorCode.ERR_INVALID_DATA, "no transfer at decree " + chunk.getDecree()
                    + " is in progress for a chunk at offset " + chunk.getOffset());
        }
        if (current != null) {
            LOG.info("a new checkpoint transfer of {} at decree {} replaces an unfinished one at decree {}", gpid,
                    chunk.getDecree(), current.decree());
            discard(current);
        }
        try {
            StagedTransfer begun = StagedTransfer.begin(stagingRoot, gpid, chunk.getDecree(), nanoClock.getAsLong());
            transfers.put(gpid, begun);
            return begun;
        } catch (IOException e) {
            throw new RpcException(ErrorCode.ERR_FILE_OPERATION_FAILED, "cannot stage a checkpoint of " + gpid + ": "
                    + e.getMessage(), e);
        }
    }

    private CompletableFuture<checkpoint_chunk_response> install(Gpid gpid, StagedTransfer transfer) {
        transfers.remove(gpid);
        installing.add(gpid);
        LOG.info("received checkpoint of {} at decree {} ({} bytes); installing", gpid, transfer.decree(),
                transfer.bytes());
        CompletableFuture<Boolean> verdict;
        try {
            verdict = installer.install(gpid, transfer.decree(), transfer.dir());
        } catch (RuntimeException e) {
            verdict = CompletableFuture.failedFuture(e);
        }
        return verdict.handleAsync((installed, failure) -> {
            installing.remove(gpid);
            discard(transfer);
            if (failure != null) {
                LOG.error("installing the checkpoint of {} at decree {} failed", gpid, transfer.decree(),
                        failure instanceof CompletionException ? failure.getCause() : failure);
                return response(ErrorCode.ERR_FILE_OPERATION_FAILED, false);
            }
            return response(ErrorCode.ERR_OK, Boolean.TRUE.equals(installed));
        }, thread);
    }

    /** Discards transfers whose last chunk is older than the idle timeout, and forgets aborted ones. */
    private void expireIdle() {
        long now = nanoClock.getAsLong();
        List<Gpid> idle = new ArrayList<>();
        transfers.forEach((gpid, transfer) -> {
            if (now - transfer.lastActivityNanos() > idleTimeoutNanos) {
                idle.add(gpid);
            }
        });
        for (Gpid gpid : idle) {
            StagedTransfer transfer = transfers.remove(gpid);
            if (!transfer.isDiscarded()) {
                LOG.warn("discarding the checkpoint transfer of {} at decree {}: idle for longer than {} ms", gpid,
                        transfer.decree(), TimeUnit.NANOSECONDS.toMillis(idleTimeoutNanos));
                discard(transfer);
            }
        }
    }

    private void discard(StagedTransfer transfer) {
        try {
            transfer.discard();
        } catch (IOException e) {
            LOG.error("cannot delete the staged checkpoint {}", transfer.dir(), e);
        }
    }

    private void emptyStagingRoot() throws IOException {
        List<Path> leftovers;
        try (Stream<Path> list = Files.list(stagingRoot)) {
            leftovers = list.toList();
        }
        for (Path leftover : leftovers) {
            LOG.info("deleting {}, left by an unfinished checkpoint transfer", leftover);
            StoreDirectories.deleteRecursively(leftover);
        }
    }

    private static CompletableFuture<checkpoint_chunk_response> answer(ErrorCode code, boolean installed) {
        return CompletableFuture.completedFuture(response(code, installed));
    }

    private static checkpoint_chunk_response response(ErrorCode code, boolean installed) {
        return new checkpoint_chunk_response().setErr(code.name()).setInstalled(installed);
    }

    /**
     * Stops the thread and discards unfinished transfers. An install under way finishes on its own;
     * what it leaves in the staging root is deleted when the next receiver starts.
     */
    @Override
    public void close() {
        thread.execute(() -> {
            transfers.values().forEach(this::discard);
            transfers.clear();
        });
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("the checkpoint receiver's thread did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
