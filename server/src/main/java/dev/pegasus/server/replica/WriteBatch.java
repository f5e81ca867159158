package dev.pegasus.server.replica;

import dev.pegasus.server.replica.storage.WriteOp;
import java.util.ArrayList;
import java.util.List;

/**
 * Client writes a primary has prepared but not yet handed to the replication protocol. Writes that
 * arrive together become one mutation: one decree, one log record, one prepare per secondary and one
 * acknowledgement back, instead of one of each per write. Their plain writes keep arrival order, so
 * applying the mutation atomically gives the same state as applying the writes one after another.
 *
 * <p>Only writes whose plain writes do not depend on the store (a put, a remove, a multi-put) may be
 * batched: a read-modify-write prepared behind an unapplied batch would read stale data.
 *
 * @param <W> what waits for the batch to commit
 */
final class WriteBatch<W> {
    /** What one sealed batch carries to the protocol. */
    record Sealed<W>(List<WriteOp> ops, List<W> waiting) {}

    private final int maxWrites;
    private final long maxBytes;
    private List<WriteOp> ops = new ArrayList<>();
    private List<W> waiting = new ArrayList<>();
    /** Invariant: the sum of the key and value sizes of {@link #ops}. */
    private long bytes;

    /**
     * @param maxWrites client writes one batch holds at most
     * @param maxBytes  key and value bytes past which a batch takes no more writes
     */
    WriteBatch(int maxWrites, long maxBytes) {
        if (maxWrites < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("a batch holds at least one write, got " + maxWrites + " writes, "
                    + maxBytes + " bytes");
        }
        this.maxWrites = maxWrites;
        this.maxBytes = maxBytes;
    }

    void add(List<WriteOp> writeOps, W waiter) {
        ops.addAll(writeOps);
        waiting.add(waiter);
        for (WriteOp op : writeOps) {
            bytes += op.sizeBytes();
        }
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** Whether the batch should go out now rather than wait for more writes. */
    boolean isFull() {
        return waiting.size() >= maxWrites || bytes >= maxBytes;
    }

    /** Takes everything added since the last seal; the batch starts over empty. */
    Sealed<W> seal() {
        Sealed<W> sealed = new Sealed<>(ops, waiting);
        ops = new ArrayList<>();
        waiting = new ArrayList<>();
        bytes = 0;
        return sealed;
    }

    /** Takes whatever waits, for when the batch will never go out. */
    List<W> drain() {
        return seal().waiting();
    }
}
