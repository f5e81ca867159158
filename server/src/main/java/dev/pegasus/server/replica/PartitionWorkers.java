package dev.pegasus.server.replica;

import dev.pegasus.protocol.Gpid;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads that execute partition requests. A partition is bound to one worker, so its requests run
 * one at a time in arrival order (the per-partition order that gives writes their decrees). Each
 * worker drains what has queued up and commits the writes of a run with one sync per store.
 */
final class PartitionWorkers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionWorkers.class);
    private static final int MAX_RUN = 512;

    /** A unit of work; writes register their acknowledgement with the run's group commit. */
    interface Task {
        void run(GroupCommit commit);

        /** Reads must not observe writes that are not yet durable. */
        default boolean needsDurableView() {
            return true;
        }
    }

    private final List<Worker> workers = new ArrayList<>();

    PartitionWorkers(int threads) {
        for (int i = 0; i < threads; i++) {
            Worker worker = new Worker("partition-worker-" + i);
            workers.add(worker);
            worker.start();
        }
    }

    void submit(Gpid gpid, Task task) {
        workers.get(Math.floorMod(gpid.hashCode(), workers.size())).queue.add(task);
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
        private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
        private final GroupCommit commit = new GroupCommit();

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        @Override
        public void run() {
            List<Task> run = new ArrayList<>(MAX_RUN);
            try {
                while (!isInterrupted()) {
                    run.add(queue.take());
                    queue.drainTo(run, MAX_RUN - 1);
                    for (Task task : run) {
                        execute(task);
                    }
                    run.clear();
                    commit.flush();
                }
            } catch (InterruptedException e) {
                commit.flush();
            }
        }

        private void execute(Task task) {
            if (task.needsDurableView() && !commit.isEmpty()) {
                commit.flush();
            }
            try {
                task.run(commit);
            } catch (RuntimeException e) {
                LOG.error("partition task failed", e);
            }
        }
    }
}
