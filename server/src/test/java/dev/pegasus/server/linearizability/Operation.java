package dev.pegasus.server.linearizability;

import java.util.Objects;

/**
 * One operation of a history: who invoked what on which key, when it was invoked and completed, and
 * how it ended. Times are in any monotonic unit shared by all operations of a history; an operation
 * that completed before another was invoked must be ordered before it. An {@link Outcome#UNKNOWN}
 * operation has {@code completeTime == Long.MAX_VALUE} and a null result: it never completed.
 *
 * @param result for an OK read the value seen (null: absent), for an OK cas a {@link Boolean}, otherwise null
 */
public record Operation(long id, int clientId, String key, Op op, long invokeTime, long completeTime,
                        Outcome outcome, Object result) {

    public Operation {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(outcome, "outcome");
        switch (outcome) {
            case OK -> {
                if (!op.acceptsResult(result)) {
                    throw new IllegalArgumentException("result " + result + " is not a result of " + op);
                }
            }
            case UNKNOWN -> {
                if (completeTime != Long.MAX_VALUE || result != null) {
                    throw new IllegalArgumentException("an unknown operation has no completion time and no result");
                }
            }
            case FAILED -> {
                if (result != null) {
                    throw new IllegalArgumentException("a failed operation has no result");
                }
            }
        }
        if (completeTime < invokeTime) {
            throw new IllegalArgumentException("operation " + id + " completed at " + completeTime
                    + " before its invocation at " + invokeTime);
        }
    }

    /** A compact description for violation reports, e.g. {@code #7 client 2 read() -> "a" [100, 180]}. */
    @Override
    public String toString() {
        String ending = switch (outcome) {
            case OK -> (op instanceof Op.Write ? " ok" : " -> " + Values.quote(result))
                    + " [" + invokeTime + ", " + completeTime + "]";
            case UNKNOWN -> " -> unknown [" + invokeTime + ", ...]";
            case FAILED -> " failed [" + invokeTime + ", " + completeTime + "]";
        };
        return "#" + id + " client " + clientId + " " + op + ending;
    }
}
