package dev.pegasus.server.linearizability;

import java.util.List;

/**
 * The verdict on a history.
 *
 * <p>{@code linearizable} is true only when every key was shown linearizable. A key whose search ran
 * out of budget is listed in {@code undecided} and makes {@code linearizable} false without adding a
 * violation: a test asserting linearizability then fails and says the budget was too small, instead
 * of passing without having checked. Use {@link #violationFound()} to tell the two apart.
 *
 * @param keysChecked       number of distinct keys in the history
 * @param operationsChecked number of operations that took part (every one not FAILED)
 * @param violations        one message per non-linearizable key: the key, the operation no
 *                          linearization could get past, the values the register could hold there,
 *                          and the operations around it
 * @param undecided         one message per key whose search exceeded the budget
 */
public record CheckResult(boolean linearizable, int keysChecked, long operationsChecked,
                          List<String> violations, List<String> undecided) {

    public CheckResult {
        violations = List.copyOf(violations);
        undecided = List.copyOf(undecided);
        if (linearizable && !(violations.isEmpty() && undecided.isEmpty())) {
            throw new IllegalArgumentException("a history with violations or undecided keys is not linearizable");
        }
    }

    /** Whether some key was proven not linearizable. */
    public boolean violationFound() {
        return !violations.isEmpty();
    }

    /** Whether every key got a verdict within the budget. */
    public boolean decided() {
        return undecided.isEmpty();
    }

    /** A multi-line report meant for assertion messages and logs. */
    @Override
    public String toString() {
        StringBuilder report = new StringBuilder()
                .append(linearizable ? "linearizable" : violationFound() ? "NOT linearizable" : "undecided")
                .append(" (keys: ").append(keysChecked).append(", operations: ").append(operationsChecked).append(')');
        violations.forEach(v -> report.append("\n  violation: ").append(v));
        undecided.forEach(u -> report.append("\n  undecided: ").append(u));
        return report.toString();
    }
}
