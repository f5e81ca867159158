package dev.pegasus.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The instant an operation's budget runs out. Every wait of an operation (an RPC, a route lookup, a
 * back-off) is cut to what remains, so the operation as a whole ends within its budget.
 */
final class Deadline {
    private final long deadlineNanos;
    private final Duration budget;

    private Deadline(Duration budget) {
        this.budget = budget;
        this.deadlineNanos = System.nanoTime() + budget.toNanos();
    }

    static Deadline after(Duration budget) {
        return new Deadline(budget);
    }

    Duration budget() {
        return budget;
    }

    /** Milliseconds left, rounded up so a nearly spent budget still allows a last short wait; 0 when spent. */
    long remainingMillis() {
        long nanos = deadlineNanos - System.nanoTime();
        return nanos <= 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(nanos + 999_999);
    }

    boolean expired() {
        return deadlineNanos - System.nanoTime() <= 0;
    }
}
