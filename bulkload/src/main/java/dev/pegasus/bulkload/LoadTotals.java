package dev.pegasus.bulkload;

import dev.pegasus.checkpoint.BulkLoadPartition;
import java.io.Serializable;

/** What partitions of a bulk load directory hold together; serializable, so Spark tasks can report theirs. */
public record LoadTotals(long records, long bytes, int files) implements Serializable {
    public static final LoadTotals NONE = new LoadTotals(0, 0, 0);

    public static LoadTotals of(BulkLoadPartition partition) {
        return new LoadTotals(partition.recordCount(), partition.totalBytes(), partition.files().size());
    }

    public LoadTotals plus(LoadTotals other) {
        return new LoadTotals(records + other.records, bytes + other.bytes, files + other.files);
    }
}
