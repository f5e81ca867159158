package dev.pegasus.server.replica;

import dev.pegasus.protocol.Gpid;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PartitionWorkers} on threads. A task runs on the thread that submits it when its partition is
 * idle, and otherwise on the thread that is running the partition's earlier tasks, which takes it from
 * the queue when it is done with them. A write's path — network thread, log writer, network thread
 * again — then needs no hand-off to a worker thread and back, each of which costs a wake-up and, on a
 * busy machine, a wait for a core. Two kinds of work go to the worker threads instead: steps submitted
 * through {@link #call} and {@link #continueOnWorker}, and what is left of a partition's queue after a
 * thread has run {@link #TURN} of its tasks in a row, so a busy partition cannot hold a producer
 * thread forever.
 */
final class ThreadedPartitionWorkers implements PartitionWorkers {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadedPartitionWorkers.class);
    /** Tasks one thread runs for a partition before it hands the rest to a worker thread. */
    static final int TURN = 256;

    private final Map<Gpid, Lane> lanes = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final ThreadLocal<List<Lane>> heldBack = ThreadLocal.withInitial(ArrayList::new);

    ThreadedPartitionWorkers(int threads) {
        AtomicInteger created = new AtomicInteger();
        workers = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new WorkerThread(task, "partition-worker-" + created.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        });
    }

    private static final class WorkerThread extends Thread {
        WorkerThread(Runnable task, String name) {
            super(task, name);
        }
    }

    /** Whether this is one of the worker threads, where slow partition work may run. */
    @Override
    public boolean onWorkerThread() {
        return Thread.currentThread() instanceof WorkerThread;
    }

    /**
     * From a task of the partition: runs {@code rest} next, before anything queued for the partition,
     * on a worker thread. A task that meets slow work on a network thread or the log writer hands the
     * rest of it over this way, keeping the partition's order.
     */
    @Override
    public void continueOnWorker(Gpid gpid, Runnable rest) {
        lane(gpid).queue.addFirst(new Task(rest, true));
    }

    /** Runs {@code task} in the partition's order, on this thread if the partition is idle. */
    @Override
    public void submit(Gpid gpid, Runnable task) {
        Lane lane = lane(gpid);
        lane.queue.add(new Task(task, false));
        lane.run();
    }

    /**
     * Queues {@code task} in the partition's order without running it: {@link #runAfterRead}, on this
     * thread, runs what it held back.
     */
    @Override
    public void submitAfterRead(Gpid gpid, Runnable task) {
        Lane lane = lane(gpid);
        lane.queue.add(new Task(task, false));
        List<Lane> held = heldBack.get();
        if (!held.contains(lane)) {
            held.add(lane);
        }
    }

    /** Runs the partitions this thread held back tasks for ({@link #submitAfterRead}). */
    @Override
    public void runAfterRead() {
        List<Lane> held = heldBack.get();
        if (held.isEmpty()) {
            return;
        }
        List<Lane> toRun = new ArrayList<>(held);
        held.clear();
        toRun.forEach(Lane::run);
    }

    /**
     * Runs {@code task} in the partition's order on a worker thread, never on the caller's or a
     * network thread's; the future carries its result or failure.
     */
    @Override
    public <T> CompletableFuture<T> call(Gpid gpid, Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Lane lane = lane(gpid);
        lane.queue.add(new Task(PartitionWorkers.completing(result, task), true));
        lane.run();
        return result;
    }

    private Lane lane(Gpid gpid) {
        return lanes.computeIfAbsent(gpid, g -> new Lane());
    }

    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @param longRunning whether it must run on a worker thread */
    private record Task(Runnable body, boolean longRunning) {}

    /** One partition's queue; {@link #owned} is held by the one thread running its tasks. */
    private final class Lane {
        private final Deque<Task> queue = new ConcurrentLinkedDeque<>();
        private final AtomicBoolean owned = new AtomicBoolean();

        /** Runs the queue on this thread unless another thread runs it; that thread then takes our task. */
        void run() {
            runWhileQueued(false);
        }

        /** @param onWorker whether this is a worker thread, which may run long tasks */
        private void runWhileQueued(boolean onWorker) {
            // Re-checked after letting go: a task queued between the last poll and the release would
            // otherwise wait for the next submit.
            while (!queue.isEmpty() && owned.compareAndSet(false, true)) {
                if (!runOwned(onWorker)) {
                    return;
                }
            }
        }

        /** Runs queued tasks while owning the lane; false if it handed the lane to a worker thread. */
        private boolean runOwned(boolean onWorker) {
            boolean handedOver = false;
            try {
                for (int ran = 0; ; ran++) {
                    Task next = queue.peek();
                    if (next == null) {
                        return true;
                    }
                    if (ran == TURN || (next.longRunning() && !onWorker)) {
                        handedOver = handOver();
                        if (handedOver) {
                            return false;
                        }
                    }
                    queue.poll();
                    try {
                        next.body().run();
                    } catch (RuntimeException e) {
                        LOG.error("partition task failed", e);
                    }
                }
            } finally {
                if (!handedOver) {
                    owned.set(false);
                }
            }
        }

        /** Gives the lane, still owned, to a worker thread; false if they are shut down. */
        private boolean handOver() {
            try {
                workers.execute(() -> {
                    if (runOwned(true)) {
                        runWhileQueued(true);
                    }
                });
                return true;
            } catch (RejectedExecutionException e) {
                return false;
            }
        }
    }
}
