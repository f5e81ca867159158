package dev.pegasus.server.linearizability;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A thread-safe recorder of the operations that concurrent clients run against the store, for
 * {@link LinearizabilityChecker}. A client calls {@link #invoke} just before sending a request and
 * exactly one of {@link #ok}, {@link #unknown} or {@link #failed} once it knows how it ended.
 *
 * <p>Times are read from the clock inside the recorder's lock. That can only widen an operation's
 * interval (the invocation is stamped before the request leaves, the completion after the reply
 * arrived), so contention never makes a correct store look wrong.
 */
public final class History {
    private final LongSupplier clock;
    /** Indexed by operation id; an operation still in flight is held as UNKNOWN. */
    private final List<Operation> operations = new ArrayList<>();
    private final BitSet completed = new BitSet();

    public History() {
        this(System::nanoTime);
    }

    /** @param clock monotonic time source, injectable so that simulations can use their own time */
    public History(LongSupplier clock) {
        this.clock = clock;
    }

    /** Records the invocation of {@code op} on {@code key} and returns the id to complete it with. */
    public synchronized long invoke(int clientId, String key, Op op) {
        long id = operations.size();
        operations.add(new Operation(id, clientId, key, op, clock.getAsLong(), Long.MAX_VALUE, Outcome.UNKNOWN, null));
        return id;
    }

    /**
     * Records that the operation completed with {@code result}: for a read the value seen (a String,
     * or null if absent), for a write null, for a cas a Boolean.
     */
    public synchronized void ok(long opId, Object result) {
        complete(opId, Outcome.OK, clock.getAsLong(), result);
    }

    /** Records that the operation's outcome is unknown: it may take effect at any later time, or never. */
    public synchronized void unknown(long opId) {
        complete(opId, Outcome.UNKNOWN, Long.MAX_VALUE, null);
    }

    /** Records that the operation certainly did not take effect. */
    public synchronized void failed(long opId) {
        complete(opId, Outcome.FAILED, clock.getAsLong(), null);
    }

    /**
     * The operations recorded so far in invocation order. Operations not yet completed are reported
     * as UNKNOWN, which is what they are to a checker: they may still take effect.
     */
    public synchronized List<Operation> operations() {
        return List.copyOf(operations);
    }

    private void complete(long opId, Outcome outcome, long completeTime, Object result) {
        if (opId < 0 || opId >= operations.size()) {
            throw new IllegalArgumentException("no operation " + opId);
        }
        int index = (int) opId;
        if (completed.get(index)) {
            throw new IllegalStateException("operation " + opId + " already completed: " + operations.get(index));
        }
        Operation invoked = operations.get(index);
        operations.set(index, new Operation(opId, invoked.clientId(), invoked.key(), invoked.op(),
                invoked.invokeTime(), completeTime, outcome, result));
        completed.set(index);
    }
}
