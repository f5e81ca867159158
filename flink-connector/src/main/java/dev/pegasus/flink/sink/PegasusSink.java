package dev.pegasus.flink.sink;

import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink sink (Sink V2) writing online into a Pegasus table through the client:
 *
 * <pre>{@code
 * stream.sinkTo(PegasusSink.<Order>builder()
 *         .setMetaServers("127.0.0.1:34601,127.0.0.1:34602")
 *         .setTable("orders")
 *         .setSerializer(o -> PegasusRecord.set(o.userId(), o.orderId(), o.toBytes()))
 *         .build());
 * }</pre>
 *
 * <p>At-least-once: every record taken before a checkpoint is acknowledged by Pegasus before the
 * checkpoint completes; after a failure the job replays from that checkpoint. Sets, deletes and
 * multi-sets are idempotent, so replays leave the table as a single run would; increments may count
 * twice. Per sink subtask, writes of one key are applied in the order they arrived.
 */
public final class PegasusSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final PegasusSinkOptions options;
    private final PegasusSerializer<T> serializer;

    PegasusSink(PegasusSinkOptions options, PegasusSerializer<T> serializer) {
        this.options = options;
        this.serializer = serializer;
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    public PegasusSinkOptions options() {
        return options;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new PegasusSinkWriter<>(options, serializer, context);
    }

    /** Builds a {@link PegasusSink}; the meta servers, the table and the serializer are required. */
    public static final class Builder<T> {
        private String metaServers;
        private String table;
        private PegasusSerializer<T> serializer;
        private int maxBatchSize = PegasusSinkOptions.DEFAULT_MAX_BATCH_SIZE;
        private int maxBufferedRecords = PegasusSinkOptions.DEFAULT_MAX_BUFFERED_RECORDS;
        private int maxInFlightBatches = PegasusSinkOptions.DEFAULT_MAX_IN_FLIGHT_BATCHES;
        private int maxInFlightRequests = PegasusSinkOptions.DEFAULT_MAX_IN_FLIGHT_REQUESTS;
        private Duration flushInterval = PegasusSinkOptions.DEFAULT_FLUSH_INTERVAL;
        private Duration operationTimeout = PegasusSinkOptions.DEFAULT_OPERATION_TIMEOUT;
        private int maxRetries = PegasusSinkOptions.DEFAULT_MAX_RETRIES;
        private Duration initialBackoff = PegasusSinkOptions.DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = PegasusSinkOptions.DEFAULT_MAX_BACKOFF;

        private Builder() {}

        /** Comma-separated {@code host:port} list of the meta servers. */
        public Builder<T> setMetaServers(String metaServers) {
            this.metaServers = metaServers;
            return this;
        }

        public Builder<T> setTable(String table) {
            this.table = table;
            return this;
        }

        public Builder<T> setSerializer(PegasusSerializer<T> serializer) {
            this.serializer = serializer;
            return this;
        }

        /** Records of one partition sent as one batch (default 500). */
        public Builder<T> setMaxBatchSize(int maxBatchSize) {
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        /** Records taken and not yet acknowledged before the sink applies backpressure (default 10,000). */
        public Builder<T> setMaxBufferedRecords(int maxBufferedRecords) {
            this.maxBufferedRecords = maxBufferedRecords;
            return this;
        }

        /** Batches awaiting an answer at once per subtask (default 16). */
        public Builder<T> setMaxInFlightBatches(int maxInFlightBatches) {
            this.maxInFlightBatches = maxInFlightBatches;
            return this;
        }

        /** Requests awaiting an answer at once per subtask, over all its batches (default 64). */
        public Builder<T> setMaxInFlightRequests(int maxInFlightRequests) {
            this.maxInFlightRequests = maxInFlightRequests;
            return this;
        }

        /** Longest wait of a partial batch (default 100 ms). */
        public Builder<T> setFlushInterval(Duration flushInterval) {
            this.flushInterval = flushInterval;
            return this;
        }

        /** The client's budget per request, its own retries included (default 5 s). */
        public Builder<T> setOperationTimeout(Duration operationTimeout) {
            this.operationTimeout = operationTimeout;
            return this;
        }

        /** Retries of a batch after retriable errors before the job fails (default 10). */
        public Builder<T> setMaxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        /** Backoff before the first retry, doubling up to {@code max} (defaults 100 ms and 5 s). */
        public Builder<T> setRetryBackoff(Duration initial, Duration max) {
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        public PegasusSink<T> build() {
            Objects.requireNonNull(serializer, "the Pegasus sink needs a serializer: element -> PegasusRecord");
            return new PegasusSink<>(new PegasusSinkOptions(metaServers, table, maxBatchSize, maxBufferedRecords,
                    maxInFlightBatches, maxInFlightRequests, flushInterval, operationTimeout, maxRetries, initialBackoff, maxBackoff),
                    serializer);
        }
    }
}
