package dev.pegasus.spark;

import dev.pegasus.client.ClientOptions;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options of {@code df.write.format("pegasus")}, checked on the driver.
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
    static final String META = "meta";
    static final String TABLE = "table";
    static final String METHOD = "method";
    static final String BATCH_SIZE = "batch_size";
    static final String BATCH_BYTES = "batch_bytes";
    static final String MAX_INFLIGHT_BATCHES = "max_inflight_batches";
    static final String RETRIES = "retries";
    static final String TIMEOUT_MS = "timeout_ms";
    static final String TTL_SECONDS = "ttl_seconds";
    static final List<String> NAMES = List.of(META, TABLE, METHOD, BATCH_SIZE, BATCH_BYTES, MAX_INFLIGHT_BATCHES,
            RETRIES, TIMEOUT_MS, TTL_SECONDS);
    /** The ways of writing this build has; bulk load comes with the ingestion it needs. */
    static final List<String> METHODS = List.of("online");

    /** @param options case-insensitive, as Spark hands them over */
    static WriteOptions parse(Map<String, String> options) {
        OptionNames.check(options, NAMES, "writing to pegasus");
        String method = options.getOrDefault(METHOD, "online").trim().toLowerCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("option '" + METHOD + "' is '" + options.get(METHOD)
                    + "'; accepted values: " + String.join(", ", METHODS));
        }
        return new WriteOptions(required(options, META), required(options, TABLE),
                positive(options, BATCH_SIZE, 500), batchBytes(options), positive(options, MAX_INFLIGHT_BATCHES, 4),
                atLeast(options, RETRIES, 3, 0), Duration.ofMillis(positive(options, TIMEOUT_MS, 10_000)),
                atLeast(options, TTL_SECONDS, 0, 0));
    }

    /** Within the client's request limit, which counts the same bytes and refuses a batch beyond it. */
    private static long batchBytes(Map<String, String> options) {
        int bytes = positive(options, BATCH_BYTES, 1 << 20);
        if (bytes > ClientOptions.DEFAULT_MAX_REQUEST_BYTES) {
            throw new IllegalArgumentException("option '" + BATCH_BYTES + "' is " + bytes
                    + "; the client sends at most " + ClientOptions.DEFAULT_MAX_REQUEST_BYTES
                    + " bytes in one request");
        }
        return bytes;
    }

    private static String required(Map<String, String> options, String key) {
        String value = options.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("writing to pegasus needs option '" + key + "'"
                    + (key.equals(META) ? ": the meta servers, host:port,host:port" : ": the table to write to"));
        }
        return value.trim();
    }

    private static int positive(Map<String, String> options, String key, int defaultValue) {
        return atLeast(options, key, defaultValue, 1);
    }

    private static int atLeast(Map<String, String> options, String key, int defaultValue, int min) {
        String text = options.get(key);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw new IllegalArgumentException("option '" + key + "' is '" + text
                + "'; it takes a whole number of at least " + min);
    }
}
