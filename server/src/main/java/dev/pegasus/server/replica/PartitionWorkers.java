package dev.pegasus.server.replica;

import dev.pegasus.protocol.Gpid;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads that execute partition work. A partition is bound to one worker, so everything that
 * touches a replica (client requests, protocol messages, log completions, ticks) runs one at a time
 * in arrival order: the replica's state machine needs no locks.
 */
final class PartitionWorkers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionWorkers.class);

    private final List<Worker> workers = new ArrayList<>();

    PartitionWorkers(int threads) {
        for (int i = 0; i < threads; i++) {
            Worker worker = new Worker("partition-worker-" + i);
            workers.add(worker);
            worker.start();
        }
    }

    void submit(Gpid gpid, Runnable task) {
        workers.get(Math.floorMod(gpid.hashCode(), workers.size())).queue.add(task);
    }

    /** Runs {@code task} on the partition's worker; the future carries its result or failure. */
    <T> CompletableFuture<T> call(Gpid gpid, Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        submit(gpid, () -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    @Override
    public void close() {
        workers.forEach(Worker::interrupt);
        for (Worker worker : workers) {
            try {
                worker.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Worker extends Thread {
        private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (!isInterrupted()) {
                    Runnable task = queue.take();
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.error("partition task failed", e);
                    }
                }
            } catch (InterruptedException e) {
                // closing
            }
        }
    }
}
