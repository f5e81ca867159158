package dev.pegasus.flink.sink;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How the sink reaches the cluster and how it batches, bounds and retries its writes. Immutable and
 * serializable (it travels with the job); built by {@link PegasusSink.Builder}. The defaults are here
 * and nowhere else.
 *
 * @param metaServers comma-separated {@code host:port} list of the meta servers
 * @param table the table written to; it must exist when the job starts
 * @param maxBatchSize records of one partition sent as one batch
 * @param maxBufferedRecords records received but not yet acknowledged, per sink subtask; at this many
 *                           the sink stops taking elements (backpressure) until some are acknowledged
 * @param maxInFlightBatches batches awaiting their answer at once, per subtask (at most one per partition)
 * @param maxInFlightRequests requests awaiting their answer at once, per subtask, over all its batches
 * @param flushInterval a partial batch waits at most this long before it is sent
 * @param operationTimeout the client's budget for one request, its own retries included
 * @param maxRetries times a batch is sent again after a retriable error before the job fails
 * @param initialBackoff wait before the first retry, doubled at each further retry
 * @param maxBackoff the longest wait between retries
 */
public record PegasusSinkOptions(String metaServers, String table, int maxBatchSize, int maxBufferedRecords,
        int maxInFlightBatches, int maxInFlightRequests, Duration flushInterval, Duration operationTimeout, int maxRetries,
        Duration initialBackoff, Duration maxBackoff) implements Serializable {
    public static final int DEFAULT_MAX_BATCH_SIZE = 500;
    public static final int DEFAULT_MAX_BUFFERED_RECORDS = 10_000;
    public static final int DEFAULT_MAX_IN_FLIGHT_BATCHES = 16;
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 64;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_RETRIES = 10;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

    public PegasusSinkOptions {
        if (metaServers == null || metaServers.isBlank()) {
            throw new IllegalArgumentException("the sink needs the meta servers, e.g. \"127.0.0.1:34601,127.0.0.1:34602\"");
        }
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("the sink needs the name of the table to write to");
        }
        positive("maxBatchSize", maxBatchSize);
        positive("maxInFlightBatches", maxInFlightBatches);
        positive("maxInFlightRequests", maxInFlightRequests);
        if (maxBufferedRecords < maxBatchSize) {
            throw new IllegalArgumentException("maxBufferedRecords (" + maxBufferedRecords
                    + ") must be at least maxBatchSize (" + maxBatchSize + ")");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
        }
        positive("flushInterval", flushInterval);
        positive("operationTimeout", operationTimeout);
        positive("initialBackoff", initialBackoff);
        positive("maxBackoff", maxBackoff);
    }

    /** Wait before retry number {@code retry} (1 for the first). */
    public Duration backoff(int retry) {
        int doublings = Math.min(Math.max(retry - 1, 0), 20);
        long millis = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << doublings);
        return Duration.ofMillis(millis);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
