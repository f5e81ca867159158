package dev.pegasus.flink.source;

import static dev.pegasus.flink.TableContents.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.checkpoint.tools.SnapshotRecord;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.flink.PegasusCluster;
import dev.pegasus.flink.TableContents;
import dev.pegasus.flink.Throwables;
import dev.pegasus.flink.sink.PegasusRecord;
import dev.pegasus.flink.sink.PegasusSink;
import dev.pegasus.protocol.thrift.backup_item;
import dev.pegasus.protocol.thrift.backup_status;
import dev.pegasus.server.testing.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The snapshot source reads a backup taken by the real cluster (file:// root) and gives back exactly
 * the table's live records; through the sink it back-fills another table.
 */
class PegasusSnapshotSourceTest {
    @RegisterExtension
    static final PegasusCluster PEGASUS = new PegasusCluster();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String TABLE = "snapshotted";
    private static String backupRoot;
    private static String backupId;

    /** A table with overwrites, deletes and TTLs, backed up once for every test. */
    @BeforeAll
    static void backUpATable() {
        PEGASUS.createTable(TABLE);
        PegasusClient client = PEGASUS.client();
        PegasusTable table = client.openTable(TABLE);
        for (int i = 0; i < 2_000; i++) {
            table.set(b("user" + i % 150), b("item" + i), b("first" + i), i % 7 == 0 ? 3_600 : 0);
        }
        for (int i = 0; i < 2_000; i += 3) {
            table.set(b("user" + i % 150), b("item" + i), b("second" + i));
        }
        for (int i = 1; i < 2_000; i += 5) {
            table.del(b("user" + i % 150), b("item" + i));
        }
        backupRoot = PEGASUS.dir("backups").toUri().toString();
        backupId = client.admin().startBackup(TABLE, backupRoot);
        Await.until("backup " + backupId + " finished", Duration.ofSeconds(60),
                () -> status(client).getState().getStatus() != backup_status.BS_RUNNING);
        assertEquals(backup_status.BS_SUCCEEDED, status(client).getState().getStatus(), status(client).toString());
    }

    private static backup_item status(PegasusClient client) {
        return client.admin().backupStatus(TABLE, backupId).get(0);
    }

    private static StreamExecutionEnvironment batchEnvironment() {
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(2);
        return env;
    }

    private static PegasusSnapshotSource<SnapshotRow> source() {
        return PegasusSnapshotSource.builder().setBackupRoot(backupRoot).setTable(TABLE)
                .setStagingDir(PEGASUS.dir("staging").toString()).build();
    }

    @Test
    void readsASnapshotEqualToTheTable() throws Exception {
        Map<String, String> read = new TreeMap<>();
        int withTtl = 0;
        StreamExecutionEnvironment env = batchEnvironment();
        try (CloseableIterator<SnapshotRow> rows = env.fromSource(source(), WatermarkStrategy.noWatermarks(), "snapshot")
                .executeAndCollect("read a snapshot")) {
            while (rows.hasNext()) {
                SnapshotRow row = rows.next();
                String previous = read.put(TableContents.key(row.hashKey, row.sortKey), new String(row.value));
                assertEquals(null, previous, "read twice: " + row);
                withTtl += row.expireTs > 0 ? 1 : 0;
            }
        }
        Map<String, String> table = TableContents.of(PEGASUS.client().openTable(TABLE));
        assertEquals(table, read);
        assertTrue(withTtl > 0, "records with a TTL keep their expiry time");
    }

    @Test
    void backFillsAnotherTableThroughTheSink() throws Exception {
        PEGASUS.createTable("backfilled");
        StreamExecutionEnvironment env = batchEnvironment();
        env.fromSource(source(), WatermarkStrategy.noWatermarks(), "snapshot")
                .sinkTo(PegasusSink.<SnapshotRow>builder().setMetaServers(PEGASUS.metaServers()).setTable("backfilled")
                        .setSerializer(row -> PegasusRecord.set(row.hashKey, row.sortKey, row.value,
                                row.remainingTtlSeconds(Instant.now())))
                        .build());
        env.execute("back-fill");

        PegasusTable original = PEGASUS.client().openTable(TABLE);
        PegasusTable copy = PEGASUS.client().openTable("backfilled");
        assertEquals(TableContents.of(original), TableContents.of(copy));
        assertTrue(copy.ttl(b("user7"), b("item7")) > 3_000, "TTLs are carried over");
    }

    @Test
    void aRestoredSplitResumesAfterTheRecordsAlreadyEmitted() throws Exception {
        SnapshotSourceOptions options = new SnapshotSourceOptions(backupRoot, TABLE, Optional.of(backupId),
                Optional.of(PEGASUS.dir("staging").toString()), new byte[0]);
        List<String> whole = readSplit(options, new PartitionSplit(backupId, 3, 0));
        assertTrue(whole.size() > 100, "partition 3 holds " + whole.size() + " records");
        List<String> resumed = readSplit(options, new PartitionSplit(backupId, 3, 100));
        assertEquals(whole.subList(100, whole.size()), resumed);
    }

    private static List<String> readSplit(SnapshotSourceOptions options, PartitionSplit split) throws Exception {
        List<String> keys = new ArrayList<>();
        try (PartitionSplitReader reader = new PartitionSplitReader(options)) {
            reader.handleSplitsChanges(new SplitsAddition<>(List.of(split)));
            boolean finished = false;
            for (int fetches = 0; !finished && fetches < 1_000; fetches++) {
                RecordsWithSplitIds<SnapshotRecord> records = reader.fetch();
                for (String id = records.nextSplit(); id != null; id = records.nextSplit()) {
                    for (SnapshotRecord r = records.nextRecordFromSplit(); r != null; r = records.nextRecordFromSplit()) {
                        keys.add(TableContents.key(r.hashKey(), r.sortKey()));
                    }
                }
                finished = records.finishedSplits().contains(split.splitId());
            }
            assertTrue(finished, "split " + split.splitId() + " read to its end");
        }
        return keys;
    }

    @Test
    void aTableWithoutBackupFailsTheJobNamingTableAndRoot() {
        StreamExecutionEnvironment env = batchEnvironment();
        PegasusSnapshotSource<SnapshotRow> nothing = PegasusSnapshotSource.builder().setBackupRoot(backupRoot)
                .setTable("never_backed_up").build();
        Exception failure = assertThrows(Exception.class, () -> env.fromSource(nothing,
                WatermarkStrategy.noWatermarks(), "snapshot").executeAndCollect("no backup", 10));
        String messages = Throwables.messages(failure);
        assertTrue(messages.contains("no complete backup of table 'never_backed_up' under " + backupRoot), messages);
    }
}
