package dev.pegasus.server.sim;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.server.replica.PartitionWorkers;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@link PartitionWorkers} on the simulation's one thread, with the threaded version's order: a task
 * submitted to an idle partition runs at once, as on the submitting network thread; a worker's step
 * ({@link #call}, {@link #continueOnWorker}) met by a task that is not on a worker waits for a later event,
 * as the hand-over to a worker thread does, and the partition's later tasks queue behind it. Work
 * called from outside any task (the server's own timers and syncs) runs as on a worker, at once. A
 * crashed process's workers run nothing more.
 */
final class SimPartitionWorkers implements PartitionWorkers {
    private record Task(Runnable body, boolean onWorker) {}

    /** One partition's queue; {@code busy} while a task runs or a worker's turn is scheduled. */
    private static final class Lane {
        final Deque<Task> queue = new ArrayDeque<>();
        boolean busy;
        /** Identifies the scheduled worker turn, so a turn taken early is not run twice. */
        long turn;
    }

    private final Simulation sim;
    private final Map<Gpid, Lane> lanes = new TreeMap<>();
    private boolean onWorker;
    private boolean closed;
    private long turns;

    SimPartitionWorkers(Simulation sim) {
        this.sim = sim;
    }

    @Override
    public boolean onWorkerThread() {
        return onWorker;
    }

    @Override
    public void continueOnWorker(Gpid gpid, Runnable rest) {
        lane(gpid).queue.addFirst(new Task(rest, true));
    }

    @Override
    public void submit(Gpid gpid, Runnable task) {
        Lane lane = lane(gpid);
        lane.queue.add(new Task(task, false));
        run(lane, false);
    }

    /** Nothing is held back: the simulation delivers one message per event. */
    @Override
    public void submitAfterRead(Gpid gpid, Runnable task) {
        submit(gpid, task);
    }

    @Override
    public void runAfterRead() {
    }

    /**
     * Runs at once when the partition is idle or only waits for a worker's turn (taken now), as the
     * caller is the server's own timer or sync, not a network thread; a task of the partition itself
     * must not wait for the result.
     */
    @Override
    public <T> CompletableFuture<T> call(Gpid gpid, Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Lane lane = lane(gpid);
        lane.queue.add(new Task(PartitionWorkers.completing(result, task), true));
        if (!lane.busy || lane.turn != 0) {
            lane.turn = 0;
            lane.busy = false;
            run(lane, true);
        }
        return result;
    }

    private Lane lane(Gpid gpid) {
        return lanes.computeIfAbsent(gpid, g -> new Lane());
    }

    private void run(Lane lane, boolean asWorker) {
        if (lane.busy || closed) {
            return;
        }
        lane.busy = true;
        boolean wasOnWorker = onWorker;
        try {
            while (!lane.queue.isEmpty() && !closed) {
                Task next = lane.queue.peek();
                if (next.onWorker() && !asWorker) {
                    scheduleWorkerTurn(lane);
                    return;
                }
                lane.queue.poll();
                onWorker = asWorker;
                next.body().run();
            }
            lane.busy = false;
        } catch (RuntimeException | Error e) {
            // Unlike the threaded workers, which log and go on: a failing task fails the seed.
            lane.busy = false;
            throw e;
        } finally {
            onWorker = wasOnWorker;
        }
    }

    /** The lane stays busy until a worker takes it, a few milliseconds later. */
    private void scheduleWorkerTurn(Lane lane) {
        long turn = ++turns;
        lane.turn = turn;
        sim.schedule(sim.between(1, 5), () -> {
            if (lane.turn == turn && !closed) {
                lane.turn = 0;
                lane.busy = false;
                run(lane, true);
            }
        });
    }

    /** The process died: queued and later tasks never run. */
    @Override
    public void close() {
        closed = true;
        lanes.clear();
    }
}
