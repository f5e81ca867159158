package dev.pegasus.spark;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * How a DataFrame is written: {@code online} through the client, record by record in batches, or
 * {@code bulkload} as SST files generated in Spark and ingested by the table. The option names only
 * one of them takes, each refused with the other.
 */
enum WriteMethod {
    ONLINE(List.of("batch_size", "batch_bytes", "max_inflight_batches", "retries")),
    BULKLOAD(List.of("staging", "target_file_mb", "load_timeout_s", "work_dir"));

    static final String OPTION = "method";

    /** The options only this method takes, in lower case. */
    final List<String> options;

    WriteMethod(List<String> options) {
        this.options = options;
    }

    String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @param options as Spark hands them to the data source (any case of the option's name) */
    static WriteMethod of(Map<String, String> options) {
        String text = new CaseInsensitiveStringMap(options).getOrDefault(OPTION, "online");
        for (WriteMethod method : values()) {
            if (method.optionValue().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return method;
            }
        }
        throw new IllegalArgumentException("option '" + OPTION + "' is '" + text + "'; accepted values: "
                + String.join(", ", Arrays.stream(values()).map(WriteMethod::optionValue).toList()));
    }
}
