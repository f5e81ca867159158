package dev.pegasus.spark;

import dev.pegasus.checkpoint.tools.StorageKeyRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;

/**
 * A batch scan of one snapshot: one input partition per table partition that can hold matching
 * records. Planning reads only the backup's manifest, on the driver; the live cluster is never asked.
 */
final class SnapshotScan implements Scan, Batch {
    private final SnapshotLocation location;
    private final ReadOptions options;
    private final StructType columns;
    private final KeyPredicate predicate;
    private final String pushedFilters;

    SnapshotScan(SnapshotLocation location, ReadOptions options, StructType columns, KeyPredicate predicate,
            String pushedFilters) {
        this.location = location;
        this.options = options;
        this.columns = columns;
        this.predicate = predicate;
        this.pushedFilters = pushedFilters;
    }

    @Override
    public StructType readSchema() {
        return columns;
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
        List<InputPartition> partitions = new ArrayList<>();
        for (int index : predicate.partitions(location.partitionCount())) {
            Optional<StorageKeyRange> range = predicate.rangeIn(index, location.partitionCount());
            range.ifPresent(r -> partitions.add(new SnapshotInputPartition(location, index, r.start(), r.stop())));
        }
        return partitions.toArray(InputPartition[]::new);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return new SnapshotReaderFactory(ColumnLayout.of(columns, options.encoding()), predicate,
                options.stagingDir().orElse(System.getProperty("java.io.tmpdir")));
    }

    @Override
    public String description() {
        int total = location.partitionCount();
        int read = predicate.partitions(total).size();
        return "PegasusSnapshot[" + location.describe() + ", partitions " + read + "/" + total + ", keys "
                + predicate + ", pushed " + pushedFilters + ", columns " + columns.simpleString() + "]";
    }
}
