package dev.pegasus.bulkload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.checkpoint.BulkLoadInfo;
import dev.pegasus.checkpoint.BulkLoadLayout;
import dev.pegasus.checkpoint.BulkLoadPartition;
import dev.pegasus.checkpoint.BulkLoadRepository;
import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.checkpoint.FileTransfers;
import dev.pegasus.checkpoint.ManifestFile;
import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.PartitionHash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileReader;
import org.rocksdb.SstFileReaderIterator;

/** Reads a bulk load directory back the way the servers would ingest it, checking its invariants. */
public final class GeneratedLoad {
    private GeneratedLoad() {
    }

    /**
     * Every record of the load, by storage key, after checking that each partition's files hold only
     * keys of that partition, in strictly increasing order across the partition's files, and that
     * every file matches its metadata.
     */
    public static Map<String, byte[]> read(FileStore store, Path scratch) throws IOException, RocksDBException {
        BulkLoadRepository repository = new BulkLoadRepository(store);
        BulkLoadInfo info = repository.info();
        Map<String, byte[]> records = new LinkedHashMap<>();
        Files.createDirectories(scratch);
        for (BulkLoadPartition partition : repository.checkComplete(info)) {
            byte[] previous = null;
            long count = 0;
            for (ManifestFile file : partition.files()) {
                Path local = scratch.resolve(file.name());
                try (InputStream in = store.open(BulkLoadLayout.file(partition.partitionIndex(), file.name()))) {
                    Files.copy(in, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                assertEquals(file, FileTransfers.describe(local), "file " + file.name() + " matches its metadata");
                try (Options options = new Options(); SstFileReader reader = new SstFileReader(options)) {
                    reader.open(local.toString());
                    try (ReadOptions read = new ReadOptions(); SstFileReaderIterator it = reader.newIterator(read)) {
                        for (it.seekToFirst(); it.isValid(); it.next()) {
                            byte[] key = it.key();
                            assertEquals(partition.partitionIndex(), PartitionHash.partitionIndex(
                                    PartitionHash.ofStorageKey(key), info.partitionCount()), "partition of a key");
                            assertTrue(previous == null || Arrays.compareUnsigned(previous, key) < 0,
                                    "keys strictly increase across the partition's files");
                            previous = key;
                            records.put(name(key), it.value());
                            count++;
                        }
                    }
                }
            }
            assertEquals(partition.recordCount(), count, "record count of partition " + partition.partitionIndex());
        }
        assertEquals(info.recordCount(), records.size());
        return records;
    }

    public static String name(byte[] storageKey) {
        return new String(KeySchema.hashKey(storageKey), java.nio.charset.StandardCharsets.UTF_8) + "/"
                + new String(KeySchema.sortKey(storageKey), java.nio.charset.StandardCharsets.UTF_8);
    }
}
