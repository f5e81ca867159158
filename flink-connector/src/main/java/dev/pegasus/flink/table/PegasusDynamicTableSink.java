package dev.pegasus.flink.table;

import dev.pegasus.flink.sink.PegasusSink;
import dev.pegasus.flink.sink.PegasusSinkOptions;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.RowKind;

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
        // A query that only inserts needs no upsert handling, even into a table with a primary key: an
        // insert sets the record either way. Declaring upserts there would have Flink 2.3's planner ask
        // for an ON CONFLICT clause, the query's upsert key (none) differing from the primary key.
        return columns.upsert() && !requestedMode.containsOnly(RowKind.INSERT) ? ChangelogMode.upsert()
                : ChangelogMode.insertOnly();
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
