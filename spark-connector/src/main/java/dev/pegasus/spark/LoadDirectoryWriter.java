package dev.pegasus.spark;

import dev.pegasus.bulkload.LoadDirectory;
import dev.pegasus.bulkload.LoadTotals;
import dev.pegasus.bulkload.RecordEncoder;
import dev.pegasus.bulkload.SortEntry;
import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.checkpoint.FileStores;
import java.io.IOException;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a DataFrame as a bulk load directory (bulkload/FORMAT.md), the path both a bulk-load write
 * and the generator job take: every row is encoded as the servers store it (the TTL counting from
 * now, on the driver's clock), the shuffle puts it into the Spark partition of its table partition
 * and sorts each partition by storage key, one task per table partition writes its SST files and
 * metadata, and the driver writes {@code bulk_load_info.json} once every task has succeeded.
 *
 * <p>A task that fails and runs again first deletes what its earlier attempt left in its partition's
 * directory. Speculative execution is refused: two attempts of one partition at once would write the
 * same files.
 */
final class LoadDirectoryWriter {
    private static final Logger LOG = LoggerFactory.getLogger(LoadDirectoryWriter.class);

    private LoadDirectoryWriter() {
    }

    /** @param defaultTtlSeconds the TTL of rows without one (0: none) */
    static LoadTotals write(Dataset<Row> rows, WriteSchema schema, int defaultTtlSeconds, LoadTarget target)
            throws IOException {
        if (Boolean.parseBoolean(rows.sparkSession().conf().get("spark.speculation", "false"))) {
            throw new IllegalArgumentException("a bulk load cannot be generated with spark.speculation=true: two "
                    + "attempts of one partition would write the same files; turn speculation off for this job");
        }
        try (FileStore store = FileStores.open(target.directory())) {
            LoadDirectory.prepare(store, target.overwrite());
            RecordEncoder encoder = new RecordEncoder(System.currentTimeMillis());
            JavaPairRDD<SortEntry, Void> records = JavaPairRDD.fromJavaRDD(rows.queryExecution().toRdd().toJavaRDD()
                    .mapPartitionsWithIndex(new RowEncoding(schema, defaultTtlSeconds, encoder), true));
            LoadTotals totals = records
                    .repartitionAndSortWithinPartitions(new TablePartitioner(target.partitionCount()), SortEntry.ORDER)
                    .mapPartitionsWithIndex(new PartitionFilesTask(target), false)
                    .collect().stream().reduce(LoadTotals.NONE, LoadTotals::plus);
            LoadDirectory.finish(store, target.table(), target.partitionCount(), totals);
            LOG.info("generated {} records for table {} ({} partitions) in {} SST files, {} bytes, at {}",
                    totals.records(), target.table(), target.partitionCount(), totals.files(), totals.bytes(),
                    target.directory());
            return totals;
        }
    }
}
