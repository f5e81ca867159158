package dev.pegasus.spark;

import dev.pegasus.checkpoint.SplitPoint;
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
 * records, or several for a partition whose range to read holds more than the split size, each
 * reading a key range of it (see {@link RangeSplitter}). Planning reads only the backup's manifest,
 * on the driver; the live cluster is never asked.
 */
final class SnapshotScan implements Scan, Batch {
    private final SnapshotLocation location;
    private final List<List<SplitPoint>> splitPoints;
    private final ReadOptions options;
    private final StructType columns;
    private final KeyPredicate predicate;
    private final String pushedFilters;

    SnapshotScan(SnapshotLocation.Resolved snapshot, ReadOptions options, StructType columns, KeyPredicate predicate,
            String pushedFilters) {
        this.location = snapshot.location();
        this.splitPoints = snapshot.splitPoints();
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
        RangeSplitter splitter = new RangeSplitter(options.splitBytes());
        List<InputPartition> partitions = new ArrayList<>();
        for (int index : predicate.partitions(location.partitionCount())) {
            Optional<StorageKeyRange> range = predicate.rangeIn(index, location.partitionCount());
            if (range.isEmpty()) {
                continue;
            }
            for (StorageKeyRange piece : splitter.split(range.get(), splitPoints.get(index),
                    location.partitionBytes().get(index))) {
                partitions.add(new SnapshotInputPartition(location, index, piece.start(), piece.stop()));
            }
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
        return "PegasusSnapshot[" + location.describe() + ", partitions " + read + "/" + total + " in "
                + planInputPartitions().length + " tasks, keys "
                + predicate + ", pushed " + pushedFilters + ", columns " + columns.simpleString() + "]";
    }
}
