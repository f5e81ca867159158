package dev.pegasus.flink.table;

import dev.pegasus.flink.sink.PegasusSink;
import dev.pegasus.flink.sink.PegasusSinkOptions;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.data.RowData;

/** The planner's view of a {@code 'connector' = 'pegasus'} table written to: a {@link PegasusSink} of rows. */
final class PegasusDynamicTableSink implements DynamicTableSink {
    private final PegasusSinkOptions options;
    private final ColumnMapping columns;
    private final int ttlSeconds;
    private final Integer parallelism;

    /** @param parallelism null for the planner's choice */
    PegasusDynamicTableSink(PegasusSinkOptions options, ColumnMapping columns, int ttlSeconds, Integer parallelism) {
        this.options = options;
        this.columns = columns;
        this.ttlSeconds = ttlSeconds;
        this.parallelism = parallelism;
    }

    /** With a primary key (hash key, sort key) the table takes upserts and deletes; without, inserts only. */
    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return columns.upsert() ? ChangelogMode.upsert() : ChangelogMode.insertOnly();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        PegasusSink<RowData> sink = PegasusSink.<RowData>builder()
                .setMetaServers(options.metaServers())
                .setTable(options.table())
                .setSerializer(new RowDataSerializer(columns, options.table(), ttlSeconds))
                .setMaxBatchSize(options.maxBatchSize())
                .setMaxBufferedRecords(options.maxBufferedRecords())
                .setMaxInFlightBatches(options.maxInFlightBatches())
                .setMaxInFlightRequests(options.maxInFlightRequests())
                .setFlushInterval(options.flushInterval())
                .setOperationTimeout(options.operationTimeout())
                .setMaxRetries(options.maxRetries())
                .setRetryBackoff(options.initialBackoff(), options.maxBackoff())
                .build();
        return SinkV2Provider.of(sink, parallelism);
    }

    @Override
    public DynamicTableSink copy() {
        return new PegasusDynamicTableSink(options, columns, ttlSeconds, parallelism);
    }

    @Override
    public String asSummaryString() {
        return "Pegasus[" + options.table() + "]";
    }
}
