package dev.pegasus.flink.table;

import dev.pegasus.flink.sink.PegasusSinkOptions;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The {@code WITH (...)} options of a {@code 'connector' = 'pegasus'} table. */
public final class PegasusTableOptions {
    private PegasusTableOptions() {}

    public static final ConfigOption<String> META_SERVERS = ConfigOptions.key("meta-servers").stringType()
            .noDefaultValue().withDescription("Comma-separated host:port list of the meta servers.");
    public static final ConfigOption<String> TABLE = ConfigOptions.key("table").stringType().noDefaultValue()
            .withDescription("The Pegasus table written to; it must exist.");
    public static final ConfigOption<String> HASH_KEY_COLUMN = ConfigOptions.key("hash-key-column").stringType()
            .defaultValue("hash_key").withDescription("The column holding the hash key (STRING or BYTES).");
    public static final ConfigOption<String> SORT_KEY_COLUMN = ConfigOptions.key("sort-key-column").stringType()
            .defaultValue("sort_key").withDescription("The column holding the sort key (STRING or BYTES).");
    public static final ConfigOption<String> VALUE_COLUMN = ConfigOptions.key("value-column").stringType()
            .defaultValue("value").withDescription("The column holding the value (STRING or BYTES).");
    public static final ConfigOption<Duration> TTL = ConfigOptions.key("sink.ttl").durationType()
            .defaultValue(Duration.ZERO).withDescription("Time to live of every record written; 0 for none.");
    public static final ConfigOption<Integer> BATCH_SIZE = ConfigOptions.key("sink.batch-size").intType()
            .defaultValue(PegasusSinkOptions.DEFAULT_MAX_BATCH_SIZE)
            .withDescription("Records of one partition sent as one batch.");
    public static final ConfigOption<Integer> MAX_BUFFERED_RECORDS = ConfigOptions.key("sink.buffered-records.max")
            .intType().defaultValue(PegasusSinkOptions.DEFAULT_MAX_BUFFERED_RECORDS)
            .withDescription("Records taken and not yet acknowledged per subtask before backpressure.");
    public static final ConfigOption<Integer> MAX_IN_FLIGHT_BATCHES = ConfigOptions.key("sink.in-flight-batches.max")
            .intType().defaultValue(PegasusSinkOptions.DEFAULT_MAX_IN_FLIGHT_BATCHES)
            .withDescription("Batches awaiting an answer at once per subtask.");
    public static final ConfigOption<Integer> MAX_IN_FLIGHT_REQUESTS = ConfigOptions.key("sink.in-flight-requests.max")
            .intType().defaultValue(PegasusSinkOptions.DEFAULT_MAX_IN_FLIGHT_REQUESTS)
            .withDescription("Requests awaiting an answer at once per subtask.");
    public static final ConfigOption<Duration> FLUSH_INTERVAL = ConfigOptions.key("sink.flush-interval").durationType()
            .defaultValue(PegasusSinkOptions.DEFAULT_FLUSH_INTERVAL)
            .withDescription("Longest wait of a partial batch before it is sent.");
    public static final ConfigOption<Integer> MAX_RETRIES = ConfigOptions.key("sink.max-retries").intType()
            .defaultValue(PegasusSinkOptions.DEFAULT_MAX_RETRIES)
            .withDescription("Retries of a batch after retriable errors before the job fails.");
    public static final ConfigOption<Duration> OPERATION_TIMEOUT = ConfigOptions.key("client.operation-timeout")
            .durationType().defaultValue(PegasusSinkOptions.DEFAULT_OPERATION_TIMEOUT)
            .withDescription("The client's budget for one request, its own retries included.");
}
