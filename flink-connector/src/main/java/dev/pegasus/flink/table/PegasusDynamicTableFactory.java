package dev.pegasus.flink.table;

import dev.pegasus.flink.sink.PegasusSinkOptions;
import java.time.Duration;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * {@code 'connector' = 'pegasus'}: a SQL table whose rows are written to a Pegasus table, columns
 * mapped to hash key, sort key and value:
 *
 * <pre>{@code
 * CREATE TABLE visits (hash_key STRING, sort_key STRING, `value` STRING)
 * WITH ('connector' = 'pegasus', 'meta-servers' = '127.0.0.1:34601', 'table' = 'visits')
 * }</pre>
 */
public final class PegasusDynamicTableFactory implements DynamicTableSinkFactory {
    public static final String IDENTIFIER = "pegasus";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(PegasusTableOptions.META_SERVERS, PegasusTableOptions.TABLE);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(PegasusTableOptions.HASH_KEY_COLUMN, PegasusTableOptions.SORT_KEY_COLUMN,
                PegasusTableOptions.VALUE_COLUMN, PegasusTableOptions.TTL, PegasusTableOptions.BATCH_SIZE,
                PegasusTableOptions.MAX_BUFFERED_RECORDS, PegasusTableOptions.MAX_IN_FLIGHT_BATCHES,
                PegasusTableOptions.MAX_IN_FLIGHT_REQUESTS,
                PegasusTableOptions.FLUSH_INTERVAL, PegasusTableOptions.MAX_RETRIES,
                PegasusTableOptions.OPERATION_TIMEOUT, FactoryUtil.SINK_PARALLELISM);
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        ReadableConfig config = helper.getOptions();
        String table = config.get(PegasusTableOptions.TABLE);
        ColumnMapping columns = ColumnMapping.of(context.getCatalogTable().getResolvedSchema(),
                config.get(PegasusTableOptions.HASH_KEY_COLUMN), config.get(PegasusTableOptions.SORT_KEY_COLUMN),
                config.get(PegasusTableOptions.VALUE_COLUMN), table);
        PegasusSinkOptions options;
        try {
            options = new PegasusSinkOptions(config.get(PegasusTableOptions.META_SERVERS), table,
                    config.get(PegasusTableOptions.BATCH_SIZE), config.get(PegasusTableOptions.MAX_BUFFERED_RECORDS),
                    config.get(PegasusTableOptions.MAX_IN_FLIGHT_BATCHES),
                    config.get(PegasusTableOptions.MAX_IN_FLIGHT_REQUESTS), config.get(PegasusTableOptions.FLUSH_INTERVAL),
                    config.get(PegasusTableOptions.OPERATION_TIMEOUT), config.get(PegasusTableOptions.MAX_RETRIES),
                    PegasusSinkOptions.DEFAULT_INITIAL_BACKOFF, PegasusSinkOptions.DEFAULT_MAX_BACKOFF);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("invalid options of the Pegasus table '" + table + "': " + e.getMessage(), e);
        }
        return new PegasusDynamicTableSink(options, columns, ttlSeconds(config.get(PegasusTableOptions.TTL), table),
                config.getOptional(FactoryUtil.SINK_PARALLELISM).orElse(null));
    }

    private static int ttlSeconds(Duration ttl, String table) {
        if (ttl.isNegative() || ttl.getSeconds() > Integer.MAX_VALUE) {
            throw new ValidationException("'" + PegasusTableOptions.TTL.key() + "' of the Pegasus table '" + table
                    + "' must be between 0 and " + Integer.MAX_VALUE + " seconds, got " + ttl);
        }
        return (int) ttl.getSeconds();
    }
}
