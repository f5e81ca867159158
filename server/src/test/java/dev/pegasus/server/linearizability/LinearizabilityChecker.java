package dev.pegasus.server.linearizability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a recorded history of register operations for linearizability.
 *
 * <p>Keys are independent registers, and linearizability is compositional (Herlihy &amp; Wing): a
 * history is linearizable iff each key's sub-history is. Checking keys one at a time turns one huge
 * search into many small ones. Each key is checked by {@link WglSearch}, after {@link KeyHistory}
 * has reported the cheap, certain violations (values never written) and dropped operations that
 * cannot matter.
 */
public final class LinearizabilityChecker {
    private static final Duration UNLIMITED = Duration.ofNanos(Long.MAX_VALUE);

    private LinearizabilityChecker() {}

    /** Checks with every key initially absent and no time limit. */
    public static CheckResult check(List<Operation> history) {
        return check(history, Map.of(), UNLIMITED);
    }

    /**
     * Checks with every key initially absent, giving up on a key after {@code budget} of search: that
     * key is then reported undecided rather than given a verdict the search did not reach.
     */
    public static CheckResult check(List<Operation> history, Duration budget) {
        return check(history, Map.of(), budget);
    }

    /** Checks with no time limit; keys missing from {@code initialValues} start absent. */
    public static CheckResult check(List<Operation> history, Map<String, String> initialValues) {
        return check(history, initialValues, UNLIMITED);
    }

    /** Checks with the given initial values (missing keys start absent) and per-key search budget. */
    public static CheckResult check(List<Operation> history, Map<String, String> initialValues, Duration budget) {
        if (budget.isNegative()) {
            throw new IllegalArgumentException("negative budget " + budget);
        }
        long budgetNanos = budget.compareTo(UNLIMITED) >= 0 ? Long.MAX_VALUE : budget.toNanos();
        Map<String, List<Operation>> byKey = new TreeMap<>();
        for (Operation operation : history) {
            byKey.computeIfAbsent(operation.key(), k -> new ArrayList<>()).add(operation);
        }
        List<String> violations = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        long participating = 0;
        for (Map.Entry<String, List<Operation>> entry : byKey.entrySet()) {
            KeyHistory keyHistory = KeyHistory.prepare(entry.getKey(), entry.getValue(), initialValues.get(entry.getKey()));
            participating += keyHistory.participating();
            KeyVerdict verdict = keyHistory.impossible().isEmpty()
                    ? WglSearch.run(keyHistory, budgetNanos)
                    : KeyVerdict.violation(ViolationReport.neverWritten(keyHistory));
            switch (verdict.kind()) {
                case VIOLATION -> violations.add(verdict.message());
                case UNDECIDED -> undecided.add(verdict.message());
                case LINEARIZABLE -> { }
            }
        }
        return new CheckResult(violations.isEmpty() && undecided.isEmpty(), byKey.size(), participating,
                violations, undecided);
    }
}
