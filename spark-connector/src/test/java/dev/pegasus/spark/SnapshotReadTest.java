package dev.pegasus.spark;

import static dev.pegasus.spark.SnapshotFixture.b;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.checkpoint.BackupRepository;
import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.checkpoint.FileStores;
import dev.pegasus.checkpoint.tools.MiniHdfs;
import dev.pegasus.checkpoint.tools.SnapshotReadOptions;
import dev.pegasus.checkpoint.tools.SnapshotReader;
import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.spark.examples.PrefixCounts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Spark reads of a backup that a real cluster wrote to a MiniDFSCluster, of a table dropped after its
 * backup: the DataFrame equals the table's live records, filters on keys prune partitions and narrow
 * the scan, unwanted values stay unread, expired records are skipped, bad options are named.
 */
class SnapshotReadTest {
    @RegisterExtension
    static final SharedCluster cluster = new SharedCluster();
    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();

    static SnapshotFixture fixture;
    static SparkSession spark;

    @BeforeAll
    static void backUp() {
        fixture = SnapshotFixture.create(cluster.client(), cluster.metaAddress(), "events",
                hdfs.uri("pegasus/backups").toString());
        // Gone from the cluster: whatever the reads return comes from the backup.
        cluster.client().admin().dropTable(fixture.table, 0);
        spark = TestSpark.session();
    }

    private static Dataset<Row> snapshot(String encoding) {
        return spark.read().format("pegasus").option("snapshot", fixture.snapshot()).option("encoding", encoding)
                .load();
    }

    /** "hashKey/sortKey" → value of the rows of a string-encoded DataFrame with all its columns. */
    private static Map<String, String> contents(Dataset<Row> rows) {
        Map<String, String> contents = new TreeMap<>();
        for (Row row : rows.collectAsList()) {
            contents.put(row.getString(0) + "/" + row.getString(1), row.getString(2));
        }
        return contents;
    }

    private static Map<String, String> expected(BiPredicate<String, String> keep) {
        return fixture.live.entrySet().stream().filter(e -> {
            String[] key = e.getKey().split("/");
            return keep.test(key[0], key[1]);
        }).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    private static int partitionOf(String hashKey) {
        return PartitionHash.partitionIndex(PartitionHash.crc64(b(hashKey)), SnapshotFixture.PARTITIONS);
    }

    @Test
    void theDataFrameEqualsTheLiveRecordsOfTheTable() {
        Dataset<Row> rows = spark.read().format("pegasus").option("snapshot", fixture.snapshot()).load();
        assertEquals("struct<hash_key:binary,sort_key:binary,value:binary,expire_ts:int>",
                rows.schema().simpleString());
        assertEquals(SnapshotFixture.PARTITIONS, rows.rdd().getNumPartitions());
        Map<String, String> contents = new TreeMap<>();
        for (Row row : rows.collectAsList()) {
            String key = text(row.getAs("hash_key")) + "/" + text(row.getAs("sort_key"));
            contents.put(key, text(row.getAs("value")));
            int expireTs = row.getAs("expire_ts");
            assertEquals(fixture.withTtl.contains(key), expireTs > 0, "expire_ts of " + key + ": " + expireTs);
        }
        assertEquals(fixture.live, contents);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void theLatestBackupOfATableUnderARootReadsTheSame() {
        Dataset<Row> rows = spark.read().format("pegasus").option("backups", fixture.root)
                .option("table", fixture.table).option("encoding", "string").load();
        assertEquals(fixture.live, contents(rows));
        assertEquals(fixture.live.size(), spark.read().format("pegasus").load(fixture.snapshot()).count());
    }

    @Test
    void expiredRecordsAreInTheBackupButNotInTheDataFrame() throws Exception {
        long inBackup = 0;
        try (FileStore store = FileStores.open(fixture.root)) {
            BackupRepository backups = new BackupRepository(store);
            var manifest = backups.manifest(fixture.table, fixture.backupId);
            for (int p = 0; p < manifest.partitionCount(); p++) {
                // A clock at the epoch: nothing has expired yet.
                try (SnapshotReader reader = SnapshotReader.open(backups, manifest, p,
                        SnapshotReadOptions.defaults().withClock(() -> 0))) {
                    inBackup += reader.countRemaining();
                }
            }
        }
        // The cluster may have dropped some of them before the backup; some are still there.
        assertTrue(inBackup > fixture.live.size(), inBackup + " records in the backup");
        assertEquals(fixture.live.size(), snapshot("string").count());
        assertEquals(0, snapshot("string").filter(col("hash_key").startsWith("ephemeral")).count());
    }

    @Test
    void oneHashKeyReadsOnlyItsPartition() {
        Dataset<Row> rows = snapshot("string").filter(col("hash_key").equalTo("user42"));
        assertEquals(1, rows.rdd().getNumPartitions());
        assertTrue(rows.queryExecution().executedPlan().toString().contains("partitions 1/8"),
                rows.queryExecution().executedPlan().toString());
        assertEquals(expected((h, s) -> h.equals("user42")), contents(rows));
    }

    @Test
    void hashKeysInAListReadOnlyTheirPartitions() {
        List<String> keys = List.of("user3", "user17", "user58", "user99", "nobody");
        Dataset<Row> rows = snapshot("string").filter(col("hash_key").isin(keys.toArray()));
        Set<Integer> owners = keys.stream().map(SnapshotReadTest::partitionOf).collect(Collectors.toSet());
        assertTrue(owners.size() < SnapshotFixture.PARTITIONS, "the keys should not cover every partition");
        assertEquals(owners.size(), rows.rdd().getNumPartitions());
        assertEquals(expected((h, s) -> keys.contains(h)), contents(rows));
    }

    @Test
    void binaryHashKeysArePushedToo() {
        Dataset<Row> rows = snapshot("binary").filter(col("hash_key").equalTo(b("user7")));
        assertEquals(1, rows.rdd().getNumPartitions());
        assertEquals(expected((h, s) -> h.equals("user7")).size(), rows.count());
    }

    @Test
    void sortKeyRangesWithAndWithoutAHashKey() {
        Dataset<Row> one = snapshot("string").filter(col("hash_key").equalTo("user20")
                .and(col("sort_key").geq("s3")).and(col("sort_key").lt("s7")));
        assertEquals(1, one.rdd().getNumPartitions());
        assertEquals(expected((h, s) -> h.equals("user20") && s.compareTo("s3") >= 0 && s.compareTo("s7") < 0),
                contents(one));

        Dataset<Row> all = snapshot("string").filter(col("sort_key").gt("s8"));
        assertEquals(expected((h, s) -> s.compareTo("s8") > 0), contents(all));

        Dataset<Row> exact = snapshot("string").filter(col("hash_key").isin("user1", "user2")
                .and(col("sort_key").equalTo("s2")));
        assertEquals(expected((h, s) -> (h.equals("user1") || h.equals("user2")) && s.equals("s2")), contents(exact));
    }

    @Test
    void prefixFilters() {
        Dataset<Row> users = snapshot("string").filter(col("hash_key").startsWith("user9"));
        assertTrue(users.queryExecution().executedPlan().toString().contains("StringStartsWith(hash_key,user9)"),
                users.queryExecution().executedPlan().toString());
        assertEquals(expected((h, s) -> h.startsWith("user9")), contents(users));

        Dataset<Row> sorted = snapshot("string").filter(col("hash_key").equalTo("user5")
                .and(col("sort_key").startsWith("s")));
        assertEquals(expected((h, s) -> h.equals("user5")), contents(sorted));

        Dataset<Row> none = snapshot("string").filter(col("hash_key").startsWith("user1")
                .and(col("hash_key").startsWith("user2")));
        assertEquals(0, none.count());
    }

    @Test
    void valuesAreNotReadWhenNotSelected() {
        Dataset<Row> keys = snapshot("string").select("hash_key", "sort_key");
        String plan = keys.queryExecution().executedPlan().toString();
        assertTrue(plan.contains("columns struct<hash_key:string,sort_key:string>"), plan);
        assertEquals(fixture.live.size(), keys.collectAsList().size());
        assertEquals(fixture.live.keySet(), keys.collectAsList().stream()
                .map(r -> r.getString(0) + "/" + r.getString(1)).collect(Collectors.toSet()));
    }

    @Test
    void theExampleJobCountsRecordsPerPrefixAndWritesTheCountsOnline() {
        cluster.client().admin().createTable("event_stats", 2, 3, Map.of());
        PrefixCounts.run(spark, fixture.snapshot(), 5, cluster.metaAddress(), "event_stats");
        Map<String, Long> expected = fixture.live.keySet().stream()
                .collect(Collectors.groupingBy(key -> key.substring(0, 5), TreeMap::new, Collectors.counting()));
        var stats = cluster.client().openTable("event_stats");
        for (Map.Entry<String, Long> prefix : expected.entrySet()) {
            assertEquals(String.valueOf(prefix.getValue()),
                    text(stats.get(b("prefix_counts"), b(prefix.getKey()))), prefix.getKey());
        }
    }

    @Test
    void badOptionsAreNamed() {
        Exception missing = assertThrows(Exception.class, () -> spark.read().format("pegasus")
                .option("snapshot", fixture.root + "/" + fixture.table + "/12345").load().count());
        assertTrue(messages(missing).contains("no backup 12345 of table 'events'"), messages(missing));
        assertTrue(messages(missing).contains("its backups: "), messages(missing));

        Exception noTable = assertThrows(Exception.class, () -> spark.read().format("pegasus")
                .option("backups", fixture.root).option("table", "nothing").load().count());
        assertTrue(messages(noTable).contains("no backup of table 'nothing' under "), messages(noTable));
        assertTrue(messages(noTable).contains("tables with backups there: events"), messages(noTable));

        Exception noRoot = assertThrows(Exception.class, () -> spark.read().format("pegasus")
                .option("backups", fixture.root + "-missing").option("table", "events").load().count());
        assertTrue(messages(noRoot).contains("(it does not exist)"), messages(noRoot));

        Exception notABackup = assertThrows(Exception.class, () -> spark.read().format("pegasus")
                .option("snapshot", fixture.root).load().count());
        assertTrue(messages(notABackup).contains("ROOT/TABLE/BACKUP_ID"), messages(notABackup));

        Exception encoding = assertThrows(Exception.class, () -> snapshot("utf16").count());
        assertTrue(messages(encoding).contains("option 'encoding' is 'utf16'; accepted: binary, string"),
                messages(encoding));

        Exception misspelt = assertThrows(Exception.class, () -> spark.read().format("pegasus")
                .option("snapshot", fixture.snapshot()).option("encodng", "string").load().count());
        assertTrue(messages(misspelt).contains("unknown option 'encodng' for reading pegasus"), messages(misspelt));

        Exception neither = assertThrows(Exception.class, () -> spark.read().format("pegasus").load().count());
        assertTrue(messages(neither).contains("exactly one of option 'snapshot'"), messages(neither));
        assertFalse(messages(neither).isEmpty());
    }

    static String messages(Throwable error) {
        return Stream.iterate(error, e -> e != null, Throwable::getCause).map(String::valueOf)
                .collect(Collectors.joining(" <- "));
    }
}
