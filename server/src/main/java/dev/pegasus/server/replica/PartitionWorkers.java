package dev.pegasus.server.replica;

import dev.pegasus.protocol.Gpid;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs partition work: everything that touches a replica (client requests, protocol messages, log
 * completions, ticks) runs one task at a time per partition, in the order it was submitted, so the
 * replica's state machine needs no locks. Slow steps (flushes, checkpoints, replays, a split's copy)
 * run on worker threads, never on a network thread or the log writer. Production runs it on threads
 * ({@link ThreadedPartitionWorkers}); the simulation on its seeded scheduler.
 */
public interface PartitionWorkers extends AutoCloseable {
    /** Whether this is a worker thread, where slow partition work may run. */
    boolean onWorkerThread();

    /**
     * From a task of the partition: runs {@code rest} next, before anything queued for the partition,
     * on a worker thread. A task that meets slow work on a network thread or the log writer hands the
     * rest of it over this way, keeping the partition's order.
     */
    void continueOnWorker(Gpid gpid, Runnable rest);

    /** Runs {@code task} in the partition's order, on this thread if the partition is idle. */
    void submit(Gpid gpid, Runnable task);

    /**
     * Queues {@code task} in the partition's order without running it: {@link #runAfterRead}, on this
     * thread, runs what it held back. A network thread submits the requests it decodes from one read
     * this way, so the writes of one read reach their partition together and share a mutation.
     */
    void submitAfterRead(Gpid gpid, Runnable task);

    /** Runs the partitions this thread held back tasks for ({@link #submitAfterRead}). */
    void runAfterRead();

    /**
     * Runs {@code task} in the partition's order on a worker thread, never on the caller's or a
     * network thread's; the future carries its result or failure.
     */
    <T> CompletableFuture<T> call(Gpid gpid, Supplier<T> task);

    @Override
    void close();

    /** A task that completes {@code result} with what {@code task} returns or throws. */
    static <T> Runnable completing(CompletableFuture<T> result, Supplier<T> task) {
        return () -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        };
    }
}
