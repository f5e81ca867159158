package dev.pegasus.bulkload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.EnvOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileWriter;

/**
 * Writes one partition's sorted records into SST files of about {@code targetFileBytes} each, with
 * the table options of the servers' data column family (bytewise keys, LZ4, a bloom filter, table
 * format version 5, which RocksDB 6.x readers such as Apache Pegasus 2.x understand). Files are
 * numbered in key order, so ingesting them in name order keeps their ranges apart.
 */
final class SstPartitionWriter {
    /** The servers' table format version (see the servers' storage environment). */
    static final int TABLE_FORMAT_VERSION = 5;

    static {
        RocksDB.loadLibrary();
    }

    private final long targetFileBytes;

    SstPartitionWriter(long targetFileBytes) {
        this.targetFileBytes = targetFileBytes;
    }

    /** What one partition came to. */
    record Written(List<Path> files, long records) {}

    /**
     * @param fileName the name of the partition's n-th file
     * @return the files written (none for a partition without records) and how many records they hold
     */
    Written write(SortedRecords records, Path dir, IntFunction<String> fileName) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        long count = 0;
        try (BloomFilter filter = new BloomFilter(10, false);
             Options options = new Options().setCompressionType(CompressionType.LZ4_COMPRESSION)
                     .setTableFormatConfig(new BlockBasedTableConfig().setFormatVersion(TABLE_FORMAT_VERSION)
                             .setFilterPolicy(filter));
             EnvOptions env = new EnvOptions()) {
            SstFileWriter writer = null;
            try {
                for (Optional<SortEntry> entry = records.next(); entry.isPresent(); entry = records.next()) {
                    if (writer == null) {
                        Path file = dir.resolve(fileName.apply(files.size()));
                        writer = new SstFileWriter(env, options);
                        writer.open(file.toString());
                        files.add(file);
                    }
                    writer.put(entry.get().key(), entry.get().value());
                    count++;
                    if (writer.fileSize() >= targetFileBytes) {
                        writer.finish();
                        writer.close();
                        writer = null;
                    }
                }
                if (writer != null) {
                    writer.finish();
                }
            } catch (RocksDBException e) {
                throw new IOException("cannot write SST file " + files.get(files.size() - 1) + ": " + e.getMessage(), e);
            } finally {
                if (writer != null) {
                    writer.close();
                }
            }
        }
        return new Written(files, count);
    }
}
