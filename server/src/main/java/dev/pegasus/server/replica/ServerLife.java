package dev.pegasus.server.replica;

/**
 * This life of the replica server, named by its start time: a restart, or a reopening of its log and
 * replicas from disk, starts a new one. The meta server tells lives apart to know which memberships a
 * server still holds; a replica's learning counts only for the life it was done in.
 */
public final class ServerLife {
    private volatile long startTimeMs = System.currentTimeMillis();

    public long startTimeMs() {
        return startTimeMs;
    }

    /** Starts a new life, later than the current one even if the clock stepped back. */
    void renew() {
        startTimeMs = Math.max(System.currentTimeMillis(), startTimeMs + 1);
    }
}
