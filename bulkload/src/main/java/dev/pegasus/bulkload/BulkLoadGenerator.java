package dev.pegasus.bulkload;

import dev.pegasus.checkpoint.Bandwidth;
import dev.pegasus.checkpoint.BulkLoadInfo;
import dev.pegasus.checkpoint.BulkLoadLayout;
import dev.pegasus.checkpoint.BulkLoadPartition;
import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.checkpoint.FileStores;
import dev.pegasus.checkpoint.FileTransfers;
import dev.pegasus.checkpoint.ManifestFile;
import dev.pegasus.checkpoint.Manifests;
import dev.pegasus.checkpoint.tools.HadoopConfigurations;
import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.protocol.ValueSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
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
            prepareOutput(store);
            ExternalSorter sorter = new ExternalSorter(settings.partitionCount(), settings.memoryBytes(),
                    work.resolve("runs"));
            long rows = read(input, format, sorter);
            sorter.finishAdding();
            List<BulkLoadPartition> partitions = writePartitions(sorter, store, work.resolve("sst"));
            long records = partitions.stream().mapToLong(BulkLoadPartition::recordCount).sum();
            long bytes = partitions.stream().mapToLong(BulkLoadPartition::totalBytes).sum();
            int files = partitions.stream().mapToInt(p -> p.files().size()).sum();
            Manifests.write(store, BulkLoadLayout.INFO, new BulkLoadInfo(BulkLoadLayout.FORMAT_VERSION,
                    settings.table(), settings.partitionCount(), records, bytes, System.currentTimeMillis()));
            LOG.info("generated {} records ({} rows read) in {} SST files, {} bytes, at {}", records, rows, files,
                    bytes, store.describe(""));
            return new Result(rows, records, bytes, files, sorter.spills());
        } finally {
            deleteRecursively(work);
        }
    }

    private void prepareOutput(FileStore store) throws IOException {
        if (store.list("").isEmpty()) {
            return;
        }
        if (!settings.overwrite()) {
            throw new IOException(store.describe("") + " is not empty; pass --overwrite to replace what it holds");
        }
        // The info first: a directory without it is never taken for a complete load.
        store.delete(BulkLoadLayout.INFO);
        for (String entry : store.list("")) {
            store.delete(entry);
        }
    }

    private long read(String input, InputFormat format, ExternalSorter sorter) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(FileStores.parse(input));
        FileSystem fs = path.getFileSystem(conf);
        if (!fs.exists(path)) {
            throw new BadInputException("input " + input + " does not exist");
        }
        List<org.apache.hadoop.fs.Path> files = new ArrayList<>();
        if (fs.getFileStatus(path).isDirectory()) {
            FileStatus[] listed = fs.listStatus(path);
            Arrays.sort(listed);
            for (FileStatus status : listed) {
                String name = status.getPath().getName();
                if (status.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
                    files.add(status.getPath());
                }
            }
        } else {
            files.add(path);
        }
        long nowUnixSeconds = System.currentTimeMillis() / 1000;
        long timetag = ValueSchema.timetag(System.currentTimeMillis() * 1000, 0, false);
        long ordinal = 0;
        for (org.apache.hadoop.fs.Path file : files) {
            try (RecordReader reader = format.open(fs, file, conf)) {
                for (Optional<InputRecord> row = reader.next(); row.isPresent(); row = reader.next()) {
                    InputRecord record = row.get();
                    int partition = PartitionHash.partitionIndex(PartitionHash.of(record.hashKey(), record.sortKey()),
                            settings.partitionCount());
                    byte[] value = ValueSchema.encode(ValueSchema.expireTsForTtl(nowUnixSeconds, record.ttlSeconds()),
                            timetag, record.value());
                    sorter.add(partition, new SortEntry(KeySchema.encode(record.hashKey(), record.sortKey()),
                            ordinal++, value));
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
        SstPartitionWriter.Written written;
        try (SortedRecords records = sorter.partition(index)) {
            written = new SstPartitionWriter(settings.targetFileBytes()).write(records, dir,
                    sequence -> BulkLoadLayout.sstName(index, sequence));
        }
        List<ManifestFile> uploaded = new ArrayList<>();
        for (Path local : written.files()) {
            ManifestFile file = FileTransfers.describe(local);
            uploaded.add(FileTransfers.upload(local, file, store, BulkLoadLayout.file(index, file.name()),
                    Bandwidth.UNLIMITED));
            Files.delete(local);
        }
        BulkLoadPartition partition = new BulkLoadPartition(BulkLoadLayout.FORMAT_VERSION, index,
                settings.partitionCount(), written.records(), uploaded);
        Manifests.write(store, BulkLoadLayout.partitionMetadata(index), partition);
        return partition;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
