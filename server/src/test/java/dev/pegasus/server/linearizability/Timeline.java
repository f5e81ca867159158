package dev.pegasus.server.linearizability;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds histories with explicit times, so a test reads as a timeline of who did what when.
 * Operations go to the key last chosen with {@link #on} ("k" until then) and get ids in order.
 */
final class Timeline {
    private final List<Operation> operations = new ArrayList<>();
    private String key = "k";

    /** An independent copy, to branch one prefix into several histories. */
    Timeline copy() {
        Timeline copy = new Timeline();
        copy.operations.addAll(operations);
        copy.key = key;
        return copy;
    }

    Timeline on(String key) {
        this.key = key;
        return this;
    }

    Timeline write(int client, String value, long invoke, long complete) {
        return ok(client, Op.write(value), invoke, complete, null);
    }

    Timeline read(int client, long invoke, long complete, String seen) {
        return ok(client, Op.read(), invoke, complete, seen);
    }

    Timeline cas(int client, String expected, String value, long invoke, long complete, boolean succeeded) {
        return ok(client, Op.cas(expected, value), invoke, complete, succeeded);
    }

    Timeline ok(int client, Op op, long invoke, long complete, Object result) {
        return add(client, op, invoke, complete, Outcome.OK, result);
    }

    Timeline unknown(int client, Op op, long invoke) {
        return add(client, op, invoke, Long.MAX_VALUE, Outcome.UNKNOWN, null);
    }

    Timeline failed(int client, Op op, long invoke, long complete) {
        return add(client, op, invoke, complete, Outcome.FAILED, null);
    }

    List<Operation> operations() {
        return List.copyOf(operations);
    }

    CheckResult check() {
        return LinearizabilityChecker.check(operations());
    }

    private Timeline add(int client, Op op, long invoke, long complete, Outcome outcome, Object result) {
        operations.add(new Operation(operations.size(), client, key, op, invoke, complete, outcome, result));
        return this;
    }
}
