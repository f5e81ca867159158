package dev.pegasus.flink.sink;

/**
 * A record the sink has taken but Pegasus has not yet acknowledged.
 *
 * @param receivedNanos {@link System#nanoTime()} when the sink took it, the start of its write latency
 */
record PendingWrite(PegasusRecord record, long receivedNanos) {
}
