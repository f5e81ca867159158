package dev.pegasus.server.linearizability;

/** How an operation ended, as far as its client knows. */
public enum Outcome {
    /** Completed with a result: it took effect exactly once, somewhere between invocation and completion. */
    OK,
    /**
     * Timed out or lost its connection: it may have taken effect at any time after its invocation,
     * even long after the client gave up, or never. Its result is not known.
     */
    UNKNOWN,
    /** Known not to have taken effect (for example rejected before being sent); the checker ignores it. */
    FAILED
}
