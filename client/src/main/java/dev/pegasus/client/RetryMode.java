package dev.pegasus.client;

/**
 * What may be repeated when a request fails, which depends on what a repeat could do to the data. A
 * write whose outcome is unknown is never repeated, not even a put: the first attempt may be applied,
 * then someone else's write, then the repeat, which would undo that write and break linearizability.
 * The caller gets the error and decides.
 */
enum RetryMode {
    /** Repeating has no effect on the data: reads. */
    SAFE_TO_REPEAT,
    /**
     * A repeat could change the data again (every write): retried only while the request certainly did
     * not reach a server that could apply it, or the server refused it before applying anything.
     */
    AT_MOST_ONCE,
    /**
     * The request refers to state of one server (a scan context): no retry at all, the caller decides
     * how to recover.
     */
    SINGLE_ATTEMPT
}
