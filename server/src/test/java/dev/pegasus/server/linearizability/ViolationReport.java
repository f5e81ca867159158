package dev.pegasus.server.linearizability;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns the checker's findings into the human-readable lines of {@link CheckResult}: enough for a
 * reader to find the offending operations in a long history without rerunning anything.
 */
final class ViolationReport {
    /** Operations listed around a dead end; a window of the concurrent ones, not the whole history. */
    private static final int WINDOW_LIMIT = 16;

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
        List<Operation> concurrent = history.participatingOperations().stream()
                .filter(op -> op != blocked && op.invokeTime() <= blocked.completeTime()
                        && op.completeTime() >= blocked.invokeTime())
                .sorted(Comparator.comparingLong(Operation::invokeTime).thenComparingLong(Operation::id))
                .collect(Collectors.toList());
        String shown = concurrent.stream().limit(WINDOW_LIMIT).map(Operation::toString)
                .collect(Collectors.joining("; "));
        String more = concurrent.size() > WINDOW_LIMIT ? "; and " + (concurrent.size() - WINDOW_LIMIT) + " more" : "";
        String path = deadEnd.lastLinearized().isEmpty() ? "nothing"
                : deadEnd.lastLinearized().stream().map(Operation::toString).collect(Collectors.joining("; "));
        return "; values the register could hold there: " + String.join(", ", deadEnd.valuesBefore())
                + "; last operations linearized before it: " + path
                + "; operations concurrent with it: " + (shown.isEmpty() ? "none" : shown + more);
    }
}
