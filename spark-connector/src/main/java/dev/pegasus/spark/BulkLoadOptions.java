package dev.pegasus.spark;

import java.time.Duration;
import java.util.Map;

/**
 * The options of {@code df.write.format("pegasus")} with {@code method=bulkload}, checked on the driver.
 *
 * @param meta the meta servers, {@code host:port,…}
 * @param timeout the client's timeout of one request
 * @param defaultTtlSeconds the TTL of records without a {@code ttl_seconds} column (0: none)
 * @param staging the directory (any Hadoop FileSystem URI) under which each write generates its load
 * @param targetFileBytes the size of an SST file
 * @param loadTimeout how long the write waits for the table to ingest the load
 * @param workDir local directory on executors where SST files wait for their upload; empty: the
 *                executor's {@code java.io.tmpdir}
 */
record BulkLoadOptions(String meta, String table, Duration timeout, int defaultTtlSeconds, String staging,
        long targetFileBytes, Duration loadTimeout, String workDir) {
    static final String STAGING = "staging";
    static final String TARGET_FILE_MB = "target_file_mb";
    static final String LOAD_TIMEOUT_S = "load_timeout_s";
    static final String WORK_DIR = "work_dir";

    /** @param options case-insensitive, as Spark hands them over */
    static BulkLoadOptions parse(Map<String, String> options) {
        OptionValues.checkNames(options, WriteMethod.BULKLOAD);
        return new BulkLoadOptions(OptionValues.meta(options), OptionValues.table(options),
                WriteOptions.timeout(options), WriteOptions.defaultTtlSeconds(options),
                OptionValues.required(options, STAGING, "the directory (hdfs://…, file://…) under which the SST "
                        + "files are generated for the table to ingest"),
                (long) OptionValues.positive(options, TARGET_FILE_MB, 64) << 20,
                Duration.ofSeconds(OptionValues.positive(options, LOAD_TIMEOUT_S, 86_400)),
                options.getOrDefault(WORK_DIR, "").trim());
    }
}
