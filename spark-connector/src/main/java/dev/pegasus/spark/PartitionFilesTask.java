package dev.pegasus.spark;

import dev.pegasus.bulkload.LoadTotals;
import dev.pegasus.bulkload.PartitionFileWriter;
import dev.pegasus.bulkload.SortEntry;
import dev.pegasus.bulkload.SortedRecords;
import dev.pegasus.checkpoint.BulkLoadPartition;
import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.checkpoint.FileStores;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

/**
 * The task of one table partition: its records arrive sorted by storage key (latest first among
 * equal keys), the first of each key is written into SST files staged under the executor's work
 * directory and uploaded with the partition's metadata. Reports what it wrote, for the info file.
 */
final class PartitionFilesTask implements Function2<Integer, Iterator<Tuple2<SortEntry, Void>>, Iterator<LoadTotals>> {
    private final LoadTarget target;

    PartitionFilesTask(LoadTarget target) {
        this.target = target;
    }

    @Override
    public Iterator<LoadTotals> call(Integer partition, Iterator<Tuple2<SortEntry, Void>> sorted) throws Exception {
        Path local = target.localWorkDir().resolve("pegasus-bulkload-" + partition + "-" + UUID.randomUUID());
        Iterator<SortEntry> entries = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return sorted.hasNext();
            }

            @Override
            public SortEntry next() {
                return sorted.next()._1();
            }
        };
        try (FileStore store = FileStores.open(target.directory());
             SortedRecords records = SortedRecords.of(entries).uniqueKeys()) {
            BulkLoadPartition written = new PartitionFileWriter(target.targetFileBytes(), target.partitionCount())
                    .write(records, store, local, partition);
            return List.of(LoadTotals.of(written)).iterator();
        }
    }
}
