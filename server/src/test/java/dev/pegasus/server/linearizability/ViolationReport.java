package dev.pegasus.server.linearizability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns the checker's findings into the human-readable lines of {@link CheckResult}: enough for a
 * reader to find the offending operations in a long history without rerunning anything.
 */
final class ViolationReport {
    /** Operations listed per group around a dead end: a window to start from, not the whole history. */
    private static final int LISTED = 16;

    private ViolationReport() {}

    static String neverWritten(KeyHistory history) {
        return "key " + Values.quote(history.key()) + ": needs a value that was never written and is not"
                + " the initial value: " + history.impossible();
    }

    static String deadEnd(KeyHistory history, DeadEnd deadEnd) {
        return "key " + Values.quote(history.key()) + ": no linearization gets past the completion of "
                + deadEnd.blocked() + context(history, deadEnd);
    }

    static String budgetExceeded(KeyHistory history, Duration spent, long steps, DeadEnd furthest) {
        String progress = furthest == null ? "" : "; furthest point: the completion of " + furthest.blocked();
        return "key " + Values.quote(history.key()) + ": unknown (budget exceeded after " + spent.toMillis()
                + " ms and " + steps + " search steps over " + history.participating() + " operations" + progress + ")";
    }

    private static String context(KeyHistory history, DeadEnd deadEnd) {
        Operation blocked = deadEnd.blocked();
        List<Operation> overlapping = new ArrayList<>();
        List<Operation> unknown = new ArrayList<>();
        for (Operation op : history.participatingOperations()) {
            if (op == blocked || op.invokeTime() > blocked.completeTime()) {
                continue;
            }
            if (op.outcome() == Outcome.UNKNOWN) {
                if (RegisterModel.matters(op)) {
                    unknown.add(op);
                }
            } else if (op.completeTime() >= blocked.invokeTime()) {
                overlapping.add(op);
            }
        }
        return "; values the register could hold there: " + String.join(", ", deadEnd.valuesBefore())
                + "; last operations linearized before it: " + list(deadEnd.lastLinearized())
                + "; operations overlapping it: " + list(overlapping)
                + "; unknown operations that could have taken effect by then: " + list(unknown);
    }

    /** The operations in invocation order, at most {@link #LISTED} of them. */
    private static String list(List<Operation> operations) {
        if (operations.isEmpty()) {
            return "none";
        }
        String shown = operations.stream()
                .sorted(Comparator.comparingLong(Operation::invokeTime).thenComparingLong(Operation::id))
                .limit(LISTED).map(Operation::toString).collect(Collectors.joining("; "));
        return operations.size() > LISTED ? shown + "; and " + (operations.size() - LISTED) + " more" : shown;
    }
}
