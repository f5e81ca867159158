package dev.pegasus.server.linearizability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Changes one read of a {@link RegisterSimulation} history so that the history certainly is not
 * linearizable, whatever the interleaving. That certainty rests on the simulation writing every
 * non-null value at most once, and lets tests demand that every such mutation is caught.
 */
final class Mutations {
    private Mutations() {}

    /**
     * A read that returns an overwritten value: v was written by an operation that completed before
     * another definite write was invoked, which in turn completed before the read was invoked. Since
     * nothing else writes v, no point inside the read's interval can hold v.
     */
    static Optional<List<Operation>> staleRead(List<Operation> history, Random random) {
        for (Operation read : shuffledOkReads(history, random)) {
            for (Operation overwrite : history) {
                if (!sameKey(read, overwrite) || !definitelyWrote(overwrite)
                        || overwrite.completeTime() >= read.invokeTime()) {
                    continue;
                }
                for (Operation stale : history) {
                    String value = writtenValue(stale);
                    if (sameKey(read, stale) && definitelyWrote(stale) && value != null
                            && stale.completeTime() < overwrite.invokeTime() && !value.equals(read.result())) {
                        return Optional.of(replaceResult(history, read, value));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** A read that returns a value whose only writer was invoked after the read completed. */
    static Optional<List<Operation>> futureRead(List<Operation> history, Random random) {
        for (Operation read : shuffledOkReads(history, random)) {
            for (Operation writer : history) {
                String value = writtenValue(writer);
                if (sameKey(read, writer) && value != null && writer.outcome() != Outcome.FAILED
                        && writer.invokeTime() > read.completeTime()) {
                    return Optional.of(replaceResult(history, read, value));
                }
            }
        }
        return Optional.empty();
    }

    /** Replaces the result of {@code read} with {@code value}. */
    static List<Operation> replaceResult(List<Operation> history, Operation read, String value) {
        List<Operation> mutated = new ArrayList<>(history);
        mutated.set(history.indexOf(read), new Operation(read.id(), read.clientId(), read.key(), read.op(),
                read.invokeTime(), read.completeTime(), read.outcome(), value));
        return mutated;
    }

    static List<Operation> shuffledOkReads(List<Operation> history, Random random) {
        List<Operation> reads = new ArrayList<>(history.stream()
                .filter(op -> op.outcome() == Outcome.OK && op.op() instanceof Op.Read)
                .toList());
        Collections.shuffle(reads, random);
        return reads;
    }

    /** The value a write or cas would set; null for reads (and for deletes, which set absence). */
    static String writtenValue(Operation operation) {
        if (operation.op() instanceof Op.Write write) {
            return write.value();
        }
        if (operation.op() instanceof Op.Cas cas) {
            return cas.value();
        }
        return null;
    }

    private static boolean definitelyWrote(Operation operation) {
        return operation.outcome() == Outcome.OK && (operation.op() instanceof Op.Write
                || operation.op() instanceof Op.Cas && Boolean.TRUE.equals(operation.result()));
    }

    private static boolean sameKey(Operation a, Operation b) {
        return a.key().equals(b.key());
    }
}
