package dev.pegasus.spark;

import dev.pegasus.client.ClientOptions;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * The options of {@code df.write.format("pegasus")} with {@code method=online} (the default),
 * checked on the driver.
 *
 * @param meta the meta servers, {@code host:port,…}
 * @param batchSize records per batch request
 * @param batchBytes bytes of keys and values per batch request, at most
 * @param maxInflightBatches batches under way at once per executor JVM, across its tasks
 * @param retries how often a batch that failed with a transient error is sent again
 * @param timeout the client's timeout of one request
 * @param defaultTtlSeconds the TTL of records without a {@code ttl_seconds} column (0: none)
 */
record WriteOptions(String meta, String table, int batchSize, long batchBytes, int maxInflightBatches, int retries,
        Duration timeout, int defaultTtlSeconds) implements Serializable {
    static final String BATCH_SIZE = "batch_size";
    static final String BATCH_BYTES = "batch_bytes";
    static final String MAX_INFLIGHT_BATCHES = "max_inflight_batches";
    static final String RETRIES = "retries";

    /** @param options case-insensitive, as Spark hands them over */
    static WriteOptions parse(Map<String, String> options) {
        OptionValues.checkNames(options, WriteMethod.ONLINE);
        return new WriteOptions(OptionValues.meta(options), OptionValues.table(options),
                OptionValues.positive(options, BATCH_SIZE, 500), batchBytes(options),
                OptionValues.positive(options, MAX_INFLIGHT_BATCHES, 4), OptionValues.atLeast(options, RETRIES, 3, 0),
                timeout(options), defaultTtlSeconds(options));
    }

    /** The client's timeout of one request, {@code timeout_ms}, for every write method. */
    static Duration timeout(Map<String, String> options) {
        return Duration.ofMillis(OptionValues.positive(options, OptionValues.TIMEOUT_MS, 10_000));
    }

    /** The {@code ttl_seconds} option, for every write method. */
    static int defaultTtlSeconds(Map<String, String> options) {
        return OptionValues.atLeast(options, OptionValues.TTL_SECONDS, 0, 0);
    }

    /** Within the client's request limit, which counts the same bytes and refuses a batch beyond it. */
    private static long batchBytes(Map<String, String> options) {
        int bytes = OptionValues.positive(options, BATCH_BYTES, 1 << 20);
        if (bytes > ClientOptions.DEFAULT_MAX_REQUEST_BYTES) {
            throw new IllegalArgumentException("option '" + BATCH_BYTES + "' is " + bytes
                    + "; the client sends at most " + ClientOptions.DEFAULT_MAX_REQUEST_BYTES
                    + " bytes in one request");
        }
        return bytes;
    }
}
