package dev.pegasus.spark;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructType;

/**
 * Collects what Spark pushes into a snapshot scan: key filters (which prune partitions and bound the
 * seek within each) and the columns wanted (no value is copied out of RocksDB when {@code value} is
 * not among them).
 */
final class SnapshotScanBuilder implements ScanBuilder, SupportsPushDownFilters, SupportsPushDownRequiredColumns {
    private final ReadOptions options;
    private final SnapshotLocation.Resolved snapshot;
    private StructType columns;
    private KeyFilters.Pushed pushed = new KeyFilters.Pushed(KeyPredicate.ALL, List.of());

    SnapshotScanBuilder(ReadOptions options, SnapshotLocation.Resolved snapshot) {
        this.options = options;
        this.snapshot = snapshot;
        this.columns = SnapshotSchema.of(options.encoding());
    }

    /**
     * Every filter is handed back to Spark to evaluate after the scan as well: the scan only narrows
     * what it reads, and a covering range per partition may let a few non-matching records through.
     */
    @Override
    public Filter[] pushFilters(Filter[] filters) {
        pushed = KeyFilters.push(filters);
        return filters;
    }

    @Override
    public Filter[] pushedFilters() {
        return pushed.filters().toArray(Filter[]::new);
    }

    @Override
    public void pruneColumns(StructType requiredSchema) {
        columns = requiredSchema;
    }

    @Override
    public Scan build() {
        return new SnapshotScan(snapshot, options, columns, pushed.predicate(),
                Arrays.asList(pushedFilters()).toString());
    }
}
