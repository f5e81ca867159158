package dev.pegasus.spark;

import static dev.pegasus.spark.SnapshotFixture.b;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pegasus.checkpoint.BackupLayout;
import dev.pegasus.checkpoint.BackupManifest;
import dev.pegasus.checkpoint.BackupRepository;
import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.checkpoint.FileStores;
import dev.pegasus.checkpoint.SplitPoint;
import dev.pegasus.checkpoint.tools.SharedCheckpoints;
import dev.pegasus.client.FullKeyValue;
import dev.pegasus.client.PegasusTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reads of a backup whose partitions are cut into several tasks at the split points the cluster
 * recorded: every record exactly once, pruning by hash key still reads only the owning range, and a
 * backup without split points (written before they were recorded) reads one task per partition.
 */
class SnapshotSplitReadTest {
    private static final int PARTITIONS = 2;
    private static final int HASH_KEYS = 60;
    private static final int SORT_KEYS = 50;
    /** Random, so that LZ4 leaves them their size: about 900 KB per partition. */
    private static final int VALUE_BYTES = 600;
    private static final String SPLIT_BYTES = "100000";

    @RegisterExtension
    static final SharedCluster cluster = new SharedCluster();

    static SparkSession spark;
    static String snapshot;
    static String root;
    static String backupId;
    /** "hashKey/sortKey" → value in hex of every record. */
    static final Map<String, String> written = new TreeMap<>();

    @BeforeAll
    static void backUp() throws IOException {
        String table = "split_reads";
        cluster.client().admin().createTable(table, PARTITIONS, 3, Map.of());
        PegasusTable t = cluster.client().openTable(table);
        Random random = new Random(11);
        List<FullKeyValue> batch = new ArrayList<>();
        for (int h = 0; h < HASH_KEYS; h++) {
            for (int s = 0; s < SORT_KEYS; s++) {
                byte[] value = new byte[VALUE_BYTES];
                random.nextBytes(value);
                written.put("user" + h + "/s" + s, HexFormat.of().formatHex(value));
                batch.add(new FullKeyValue(b("user" + h), b("s" + s), value));
            }
            if (batch.size() >= 500) {
                t.batchSet(batch, 0);
                batch.clear();
            }
        }
        t.batchSet(batch, 0);
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "split-backups");
        root = dir.toAbsolutePath().toUri().toString().replaceAll("/$", "");
        backupId = SnapshotFixture.backUp(cluster.metaAddress(), table, root);
        snapshot = root + "/" + table + "/" + backupId;
        cluster.client().admin().dropTable(table, 0);
        spark = TestSpark.session();
    }

    private static Dataset<Row> read(String path, String splitBytes) {
        return spark.read().format("pegasus").option("snapshot", path).option("split_bytes", splitBytes).load();
    }

    private static Map<String, String> contents(Dataset<Row> rows) {
        Map<String, String> contents = new TreeMap<>();
        List<Row> all = rows.collectAsList();
        for (Row row : all) {
            contents.put(new String((byte[]) row.getAs("hash_key")) + "/" + new String((byte[]) row.getAs("sort_key")),
                    HexFormat.of().formatHex((byte[]) row.getAs("value")));
        }
        assertEquals(contents.size(), all.size(), "no record read twice");
        return contents;
    }

    @Test
    void theClusterRecordsSplitPointsForEveryPartition() throws IOException {
        try (FileStore store = FileStores.open(root)) {
            BackupManifest manifest = new BackupRepository(store).find(backupId);
            for (BackupManifest.Partition partition : manifest.partitions()) {
                assertTrue(partition.splitPoints().size() >= 8, "partition " + partition.index() + ": "
                        + partition.splitPoints().size() + " split points");
            }
        }
    }

    @Test
    void aBigPartitionIsReadBySeveralTasksThatTogetherReadEveryRecordOnce() {
        Dataset<Row> rows = read(snapshot, SPLIT_BYTES);
        int tasks = rows.rdd().getNumPartitions();
        assertTrue(tasks >= 4 * PARTITIONS, tasks + " tasks");
        assertTrue(rows.queryExecution().executedPlan().toString().contains("partitions 2/2 in " + tasks + " tasks"),
                rows.queryExecution().executedPlan().toString());
        assertEquals(written, contents(rows));
        assertEquals(0, SharedCheckpoints.jvm().staged(), "every staged checkpoint deleted after the job");
    }

    @Test
    void partitionsSmallerThanTheSplitSizeAreReadByOneTaskEach() {
        Dataset<Row> rows = spark.read().format("pegasus").option("snapshot", snapshot).load();
        assertEquals(PARTITIONS, rows.rdd().getNumPartitions());
        assertEquals(written.size(), rows.count());
    }

    @Test
    void aHashKeyFilterReadsOnlyTheRangeOfThatHashKey() {
        Dataset<Row> rows = read(snapshot, SPLIT_BYTES).where(col("hash_key").equalTo(b("user7")));
        assertEquals(1, rows.rdd().getNumPartitions(), "one hash key's range holds less than the split size");
        Map<String, String> expected = new TreeMap<>(written);
        expected.keySet().removeIf(key -> !key.startsWith("user7/"));
        assertEquals(expected, contents(rows));

        Dataset<Row> several = read(snapshot, SPLIT_BYTES)
                .where(col("hash_key").isin(b("user3"), b("user40"), b("user59")));
        expected = new TreeMap<>(written);
        expected.keySet().removeIf(key -> !List.of("user3", "user40", "user59").contains(key.split("/")[0]));
        assertEquals(expected, contents(several));
    }

    @Test
    void aBackupWithoutSplitPointsIsReadByOneTaskPerPartition() throws IOException {
        String old = copyWithoutSplitPoints();
        Dataset<Row> rows = read(old, SPLIT_BYTES);
        assertEquals(PARTITIONS, rows.rdd().getNumPartitions());
        assertEquals(written, contents(rows));
    }

    @Test
    void aBadSplitSizeIsNamed() {
        for (String bad : List.of("0", "-5", "lots")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(snapshot, bad).count());
            assertTrue(e.getMessage().contains("option 'split_bytes' is '" + bad + "'"), e.getMessage());
        }
    }

    /** The backup under another id, its manifests as a version without split points wrote them. */
    private static String copyWithoutSplitPoints() throws IOException {
        String table = "split_reads_old";
        try (FileStore store = FileStores.open(root)) {
            BackupRepository backups = new BackupRepository(store);
            BackupManifest manifest = backups.find(backupId);
            for (BackupManifest.Partition partition : manifest.partitions()) {
                String from = backups.checkpointDir(manifest, partition.index());
                String to = BackupLayout.backupDir(table, backupId) + "/" + partition.dir();
                for (String name : store.list(from)) {
                    byte[] bytes = readAll(store, from + "/" + name);
                    if (name.equals(BackupLayout.PARTITION_MANIFEST)) {
                        bytes = withoutSplitPoints(bytes);
                    }
                    write(store, to + "/" + name, bytes);
                }
            }
            byte[] backupJson = readAll(store, BackupLayout.backupManifest(manifest.tableName(), backupId));
            ObjectNode json = (ObjectNode) new ObjectMapper().readTree(backupJson);
            json.get("partitions").forEach(p -> ((ObjectNode) p).remove("split_points"));
            json.put("table_name", table);
            write(store, BackupLayout.backupManifest(table, backupId), json.toString().getBytes());
            assertEquals(List.<List<SplitPoint>>of(List.of(), List.of()), backups.manifest(table, backupId)
                    .partitions().stream().map(BackupManifest.Partition::splitPoints).toList());
        }
        return root + "/" + table + "/" + backupId;
    }

    private static byte[] withoutSplitPoints(byte[] partitionJson) throws IOException {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(partitionJson);
        json.remove("split_points");
        return json.toString().getBytes();
    }

    private static byte[] readAll(FileStore store, String path) throws IOException {
        try (InputStream in = store.open(path)) {
            return in.readAllBytes();
        }
    }

    private static void write(FileStore store, String path, byte[] bytes) throws IOException {
        try (OutputStream out = store.create(path)) {
            out.write(bytes);
        }
    }
}
