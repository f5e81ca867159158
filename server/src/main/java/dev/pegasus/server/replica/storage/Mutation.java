package dev.pegasus.server.replica.storage;

import java.util.List;

/**
 * The plain writes of one request, applied atomically at one decree. It may be empty (a failed
 * check, an invalid request): applying it still consumes the decree, so every replica advances alike.
 */
public record Mutation(List<WriteOp> ops) {
    private static final Mutation EMPTY = new Mutation(List.of());

    public Mutation {
        ops = List.copyOf(ops);
    }

    public static Mutation empty() {
        return EMPTY;
    }

    public static Mutation of(WriteOp... ops) {
        return new Mutation(List.of(ops));
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }
}
