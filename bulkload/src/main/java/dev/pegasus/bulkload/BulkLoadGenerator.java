package dev.pegasus.bulkload;

import dev.pegasus.checkpoint.BulkLoadPartition;
import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.checkpoint.FileStores;
import dev.pegasus.checkpoint.tools.HadoopConfigurations;
import dev.pegasus.checkpoint.tools.LocalFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns input files into a bulk load directory (bulkload/FORMAT.md): every row is placed in its
 * partition by the cluster's partition hash and encoded as the servers store it (storage key, value
 * v1 with the TTL counted from now), each partition is sorted by storage key within a memory budget
 * ({@link ExternalSorter}, spilling to a local work directory), written as SST files and uploaded with
 * its metadata; the table-level info is written last. Of several rows with one key the last in the
 * input wins (files of a directory are read in name order).
 */
public final class BulkLoadGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(BulkLoadGenerator.class);

    /**
     * @param table the table the load is meant for (ingestion checks the name)
     * @param workDir local scratch space for spilled runs and SST files before upload
     * @param threads partitions written and uploaded at once
     */
    public record Settings(String table, int partitionCount, long targetFileBytes, long memoryBytes, int threads,
            Path workDir, boolean overwrite) {
        public Settings {
            if (partitionCount <= 0) {
                throw new IllegalArgumentException("the partition count must be positive, not " + partitionCount);
            }
            if (targetFileBytes <= 0 || memoryBytes <= 0 || threads <= 0) {
                throw new IllegalArgumentException("file size, memory and threads must be positive");
            }
        }
    }

    /** What a generation produced. */
    public record Result(long rowsRead, long records, long bytes, int files, int spills) {}

    private final Settings settings;
    private final Configuration conf;

    public BulkLoadGenerator(Settings settings) {
        this(settings, HadoopConfigurations.fromEnvironment());
    }

    public BulkLoadGenerator(Settings settings, Configuration conf) {
        this.settings = settings;
        this.conf = conf;
    }

    /**
     * @param input a file or a directory of files (names starting with '.' or '_' are skipped), local or any Hadoop URI
     * @param out the bulk load directory to write, local or any Hadoop URI
     * @throws BadInputException naming the file and line or row of the first bad record; nothing is written then
     */
    public Result generate(String input, InputFormat format, String out) throws IOException {
        Path work = Files.createDirectories(settings.workDir()).resolve("bulkload-" + System.nanoTime());
        try (FileStore store = FileStores.open(out)) {
            LoadDirectory.prepare(store, settings.overwrite());
            ExternalSorter sorter = new ExternalSorter(settings.partitionCount(), settings.memoryBytes(),
                    work.resolve("runs"));
            long rows = read(input, format, sorter);
            sorter.finishAdding();
            LoadTotals totals = LoadTotals.NONE;
            for (BulkLoadPartition partition : writePartitions(sorter, store, work.resolve("sst"))) {
                totals = totals.plus(LoadTotals.of(partition));
            }
            LoadDirectory.finish(store, settings.table(), settings.partitionCount(), totals);
            LOG.info("generated {} records ({} rows read) in {} SST files, {} bytes, at {}", totals.records(), rows,
                    totals.files(), totals.bytes(), store.describe(""));
            return new Result(rows, totals.records(), totals.bytes(), totals.files(), sorter.spills());
        } finally {
            LocalFiles.deleteRecursively(work);
        }
    }

    private long read(String input, InputFormat format, ExternalSorter sorter) throws IOException {
        RecordEncoder encoder = new RecordEncoder(System.currentTimeMillis());
        long ordinal = 0;
        for (org.apache.hadoop.fs.Path file : InputFiles.list(input, conf)) {
            try (RecordReader reader = format.open(file.getFileSystem(conf), file, conf)) {
                for (Optional<InputRecord> row = reader.next(); row.isPresent(); row = reader.next()) {
                    SortEntry entry = encoder.encode(row.get(), ordinal++);
                    sorter.add(entry.partition(settings.partitionCount()), entry);
                }
            }
        }
        return ordinal;
    }

    private List<BulkLoadPartition> writePartitions(ExternalSorter sorter, FileStore store, Path sstDir)
            throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
        try {
            List<Future<BulkLoadPartition>> futures = new ArrayList<>();
            for (int index = 0; index < settings.partitionCount(); index++) {
                int partition = index;
                futures.add(pool.submit(() -> writePartition(sorter, store, sstDir.resolve(Integer.toString(partition)),
                        partition)));
            }
            List<BulkLoadPartition> partitions = new ArrayList<>();
            for (Future<BulkLoadPartition> future : futures) {
                partitions.add(future.get());
            }
            return partitions;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing partitions", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Writes a partition's SST files, uploads them, then its metadata. */
    private BulkLoadPartition writePartition(ExternalSorter sorter, FileStore store, Path dir, int index)
            throws IOException {
        try (SortedRecords records = sorter.partition(index)) {
            return new PartitionFileWriter(settings.targetFileBytes(), settings.partitionCount())
                    .write(records, store, dir, index);
        }
    }
}
