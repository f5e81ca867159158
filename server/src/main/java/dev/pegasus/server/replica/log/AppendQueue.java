package dev.pegasus.server.replica.log;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends waiting for the writer thread. Whatever queues up while the writer is busy (writing or
 * syncing the previous batch) is handed over in one go, which is what makes the next batch large.
 *
 * <p>Accepting and closing take the same lock, so every append is either accepted before close (and
 * the writer will settle it) or refused; none can slip in after the writer has finished. The queue is
 * unbounded: callers bound their own in-flight appends (a replica bounds its prepare list).
 */
final class AppendQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition nonEmpty = lock.newCondition();
    private final ArrayDeque<PendingAppend> items = new ArrayDeque<>();
    private boolean closed;

    /** Queues an append; false if the queue is closed. */
    boolean offer(PendingAppend append) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            items.add(append);
            if (items.size() == 1) {
                nonEmpty.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for appends and moves them to {@code out}, oldest first: at least one, then more while they
     * fit in {@code maxBytes}. Returns false, moving nothing, once the queue is closed and empty.
     */
    boolean drainTo(List<PendingAppend> out, long maxBytes) {
        lock.lock();
        try {
            while (items.isEmpty()) {
                if (closed) {
                    return false;
                }
                nonEmpty.awaitUninterruptibly();
            }
            long bytes = 0;
            do {
                PendingAppend next = items.poll();
                out.add(next);
                bytes += next.size();
            } while (!items.isEmpty() && bytes + items.peek().size() <= maxBytes);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses further appends; those already queued stay for the writer to drain. */
    void close() {
        lock.lock();
        try {
            closed = true;
            nonEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Closes and removes everything still queued, for when no writer will drain it. */
    List<PendingAppend> closeAndTakeAll() {
        lock.lock();
        try {
            closed = true;
            List<PendingAppend> rest = new ArrayList<>(items);
            items.clear();
            return rest;
        } finally {
            lock.unlock();
        }
    }
}
