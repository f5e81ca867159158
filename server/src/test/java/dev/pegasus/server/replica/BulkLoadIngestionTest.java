package dev.pegasus.server.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.checkpoint.Bandwidth;
import dev.pegasus.checkpoint.BulkLoadLayout;
import dev.pegasus.checkpoint.BulkLoadPartition;
import dev.pegasus.checkpoint.FileTransfers;
import dev.pegasus.checkpoint.LocalFileStore;
import dev.pegasus.checkpoint.Manifests;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.ValueSchema;
import dev.pegasus.server.replica.storage.IngestOp;
import dev.pegasus.server.replica.storage.Mutation;
import dev.pegasus.server.replica.storage.PartitionStore;
import dev.pegasus.server.replica.storage.StorageClock;
import dev.pegasus.server.replica.storage.StorageEnvironment;
import dev.pegasus.server.replica.storage.StorageException;
import dev.pegasus.server.replica.storage.WriteOp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.EnvOptions;
import org.rocksdb.Options;
import org.rocksdb.SstFileWriter;

/**
 * Ingestion of a bulk load into a store without a WAL, at a decree: the loaded records override older
 * ones and are overridden by later writes, the decree and the load id survive a crash together with
 * the data, the downloaded files stay for a replay, a replica without the files fetches and checks
 * them, and one that cannot find them fails naming the file.
 */
class BulkLoadIngestionTest {
    private static final Gpid GPID = new Gpid(1, 0);

    @TempDir
    Path dir;
    private StorageEnvironment env;
    private PartitionStore store;
    private BulkLoadFiles files;

    @BeforeEach
    void open() {
        env = new StorageEnvironment(8L << 20, 8L << 20);
        store = PartitionStore.openWithoutWal(dir.resolve("store"), env, StorageClock.SYSTEM);
        files = new BulkLoadFiles(dir.resolve("bulk_load"), Bandwidth.UNLIMITED);
    }

    @AfterEach
    void close() {
        store.close();
        env.close();
    }

    private static byte[] key(String hashKey) {
        return KeySchema.encode(hashKey.getBytes(StandardCharsets.UTF_8), "s".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] stored(String value) {
        return ValueSchema.encode(0, 0, value.getBytes(StandardCharsets.UTF_8));
    }

    private String read(String hashKey) {
        byte[] value = store.get(key(hashKey)).orElse(new byte[0]);
        return new String(value, StandardCharsets.UTF_8);
    }

    /** A one-partition load directory holding k1=new and k3=new. */
    private String loadRoot() throws Exception {
        Path root = dir.resolve("load");
        Path partition = Files.createDirectories(root.resolve(BulkLoadLayout.partitionDir(0)));
        Path sst = partition.resolve(BulkLoadLayout.sstName(0, 0));
        try (Options options = new Options(); EnvOptions envOptions = new EnvOptions();
             SstFileWriter writer = new SstFileWriter(envOptions, options)) {
            writer.open(sst.toString());
            writer.put(key("k1"), stored("new"));
            writer.put(key("k3"), stored("new"));
            writer.finish();
        }
        Manifests.write(new LocalFileStore(root), BulkLoadLayout.partitionMetadata(0), new BulkLoadPartition(
                BulkLoadLayout.FORMAT_VERSION, 0, 1, 2, List.of(FileTransfers.describe(sst))));
        return root.toUri().toString();
    }

    @Test
    void ingestionAtADecreeSurvivesACrashAndKeepsItsFilesForReplay() throws Exception {
        store.apply(1, Mutation.of(WriteOp.put(key("k1"), stored("old")), WriteOp.put(key("k2"), stored("old"))));
        BulkLoadIngester ingester = new BulkLoadIngester(files);
        // The files were never downloaded here: the ingester fetches and checks them first.
        ingester.ingest(GPID, store, 2, new IngestOp("L1", loadRoot()));
        assertEquals("new", read("k1"));
        assertEquals("old", read("k2"));
        assertEquals("new", read("k3"));
        assertEquals(Optional.of("L1"), store.lastBulkLoad());
        store.apply(3, Mutation.of(WriteOp.put(key("k3"), stored("after"))));
        assertEquals("after", read("k3"));
        assertThrows(IllegalStateException.class, () -> store.ingest(2, List.of(), "L1"));

        // A crash: nothing after the ingestion's flush is on disk; replay would apply decree 3 again.
        store.close();
        store = PartitionStore.openWithoutWal(dir.resolve("store"), env, StorageClock.SYSTEM);
        assertEquals(2, store.lastAppliedDecree());
        assertEquals(Optional.of("L1"), store.lastBulkLoad());
        assertEquals("new", read("k1"));
        assertEquals("new", read("k3"));
        assertTrue(files.downloaded("L1", GPID).isPresent(), "the downloaded files stay for a replay");
    }

    @Test
    void ingestionWithoutFilesFailsNamingTheFile() throws Exception {
        String root = loadRoot();
        Files.delete(dir.resolve("load").resolve(BulkLoadLayout.file(0, BulkLoadLayout.sstName(0, 0))));
        StorageException e = assertThrows(StorageException.class, () -> new BulkLoadIngester(files)
                .ingest(GPID, store, 1, new IngestOp("L2", root)));
        assertTrue(e.getMessage().contains(BulkLoadLayout.sstName(0, 0)) && e.getMessage().contains("missing"),
                e.getMessage());
        assertEquals(0, store.lastAppliedDecree());
    }

    @Test
    void theIngestOpIsRecognisedAndNoRequestCanWriteItsKey() {
        IngestOp op = new IngestOp("L3", "hdfs://namenode/loads/users");
        assertEquals(Optional.of(op), IngestOp.of(List.of(op.toWriteOp())));
        assertEquals(Optional.empty(), IngestOp.of(List.of(WriteOp.put(key("k1"), stored("v")))));
        assertThrows(IllegalStateException.class, () -> IngestOp.of(List.of(op.toWriteOp(),
                WriteOp.put(key("k1"), stored("v")))), "an ingestion mixed with other writes is refused loudly");
        byte[] reserved = op.toWriteOp().key();
        assertEquals(KeySchema.MAX_HASH_KEY_LENGTH, ((reserved[0] & 0xFF) << 8) | (reserved[1] & 0xFF),
                "its hash-key length is one no request key can have");
    }
}
