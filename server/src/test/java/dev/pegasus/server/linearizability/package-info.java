/**
 * A linearizability checker for histories of a key-value store used as independent registers,
 * for tests that run real clients against a cluster (seeded simulations, process-kill tests).
 *
 * <p>Record with {@link dev.pegasus.server.linearizability.History}: {@code invoke} before sending
 * a request, then {@code ok} with the result, {@code unknown} if the client cannot tell whether it
 * took effect (timeout, lost connection), or {@code failed} if it certainly did not. Then pass
 * {@code history.operations()} to {@link dev.pegasus.server.linearizability.LinearizabilityChecker},
 * preferably with a budget, and assert on the
 * {@link dev.pegasus.server.linearizability.CheckResult}, whose text explains any violation.
 *
 * <p>The checker is the Wing &amp; Gong search with Lowe's memoization, run per key; see
 * {@code WglSearch} for how it stays tractable with many unknown operations.
 */
package dev.pegasus.server.linearizability;
