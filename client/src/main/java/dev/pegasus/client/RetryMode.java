package dev.pegasus.client;

/** What may be repeated when a request fails, which depends on what a repeat could do to the data. */
enum RetryMode {
    /** Repeating has the same effect as sending once (reads, put, remove, multi_put, multi_remove). */
    SAFE_TO_REPEAT,
    /**
     * A repeat could apply the operation twice (incr, check_and_set, check_and_mutate): retried only while
     * the request certainly did not reach a server that could apply it.
     */
    AT_MOST_ONCE,
    /**
     * The request refers to state of one server (a scan context): no retry at all, the caller decides
     * how to recover.
     */
    SINGLE_ATTEMPT
}
