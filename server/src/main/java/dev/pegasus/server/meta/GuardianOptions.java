package dev.pegasus.server.meta;

import java.time.Duration;

/**
 * How the meta server watches replica servers and keeps every partition at its replica count.
 *
 * @param lease         how long a replica server may serve after sending a config sync the meta server
 *                      answered; counted by the replica server from its own send time
 * @param grace         how much longer the meta server waits before declaring a silent server dead, so
 *                      that the server's own lease has surely run out (and it stopped serving) by then
 * @param checkInterval how often the leader looks at every partition
 * @param addDelay      how long a partition must have kept its configuration before a replacement replica
 *                      is added: a server that only restarts comes back before its data is copied elsewhere
 * @param learnTimeout  how long an invited learner may take to catch up before another one is invited
 */
public record GuardianOptions(Duration lease, Duration grace, Duration checkInterval, Duration addDelay,
        Duration learnTimeout) {
    public static final GuardianOptions DEFAULT = new GuardianOptions(Duration.ofSeconds(9), Duration.ofSeconds(2),
            Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(30));

    public GuardianOptions {
        if (!positive(lease) || !positive(checkInterval) || grace.isNegative() || addDelay.isNegative()
                || learnTimeout.isNegative()) {
            throw new IllegalArgumentException("lease " + lease + " and check interval " + checkInterval
                    + " must be positive; grace " + grace + ", add delay " + addDelay + " and learn timeout "
                    + learnTimeout + " must not be negative");
        }
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    /** A replica server silent for longer than this is dead. */
    public Duration nodeTimeout() {
        return lease.plus(grace);
    }

    public GuardianOptions withLease(Duration value) {
        return new GuardianOptions(value, grace, checkInterval, addDelay, learnTimeout);
    }

    public GuardianOptions withGrace(Duration value) {
        return new GuardianOptions(lease, value, checkInterval, addDelay, learnTimeout);
    }

    public GuardianOptions withCheckInterval(Duration value) {
        return new GuardianOptions(lease, grace, value, addDelay, learnTimeout);
    }

    public GuardianOptions withAddDelay(Duration value) {
        return new GuardianOptions(lease, grace, checkInterval, value, learnTimeout);
    }

    public GuardianOptions withLearnTimeout(Duration value) {
        return new GuardianOptions(lease, grace, checkInterval, addDelay, value);
    }
}
