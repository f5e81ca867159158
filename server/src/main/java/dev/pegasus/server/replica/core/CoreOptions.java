package dev.pegasus.server.replica.core;

/**
 * Tuning of the replication protocol, in milliseconds of the driver's clock.
 *
 * @param maxInFlight        uncommitted mutations a primary accepts before refusing writes (capacity exceeded)
 * @param resendMillis       a prepare not acknowledged for this long is sent again (messages may be lost)
 * @param prepareTimeoutMillis a member that has not logged a mutation for this long is removed via the meta server
 * @param groupCheckMillis   how often an idle primary tells its secondaries the committed point
 * @param retainCommitted    committed mutations kept in memory for learners, at most
 * @param retainCommittedBytes key and value bytes of the committed mutations kept for learners, at most
 * @param learnTimeoutMillis a learner that makes no progress for this long is dropped (or, on the learner, retries)
 */
public record CoreOptions(int maxInFlight, long resendMillis, long prepareTimeoutMillis, long groupCheckMillis,
        int retainCommitted, long retainCommittedBytes, long learnTimeoutMillis) {
    public static CoreOptions defaults() {
        return new CoreOptions(1000, 500, 5000, 1000, 10_000, 8L << 20, 10_000);
    }
}
