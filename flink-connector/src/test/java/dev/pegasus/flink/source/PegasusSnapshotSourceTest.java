package dev.pegasus.flink.source;

import static dev.pegasus.flink.TableContents.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.checkpoint.tools.SnapshotRecord;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.flink.PegasusCluster;
import dev.pegasus.flink.TableContents;
import dev.pegasus.flink.Throwables;
import dev.pegasus.flink.sink.PegasusRecord;
import dev.pegasus.flink.sink.PegasusSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
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
        SampleTable.write(PEGASUS.client().openTable(TABLE));
        backupRoot = PEGASUS.dir("backups").toUri().toString();
        backupId = SampleTable.backUp(PEGASUS.client(), TABLE, backupRoot);
    }

    private static PegasusSnapshotSource<SnapshotRow> source() {
        return PegasusSnapshotSource.builder().setBackupRoot(backupRoot).setTable(TABLE)
                .setStagingDir(PEGASUS.dir("staging").toString()).build();
    }

    @Test
    void readsASnapshotEqualToTheTable() throws Exception {
        SampleTable.assertSourceReadsTheTable(source(), PEGASUS.client().openTable(TABLE));
    }

    @Test
    void backFillsAnotherTableThroughTheSink() throws Exception {
        PEGASUS.createTable("backfilled");
        StreamExecutionEnvironment env = SampleTable.batchEnvironment();
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
        StreamExecutionEnvironment env = SampleTable.batchEnvironment();
        PegasusSnapshotSource<SnapshotRow> nothing = PegasusSnapshotSource.builder().setBackupRoot(backupRoot)
                .setTable("never_backed_up").build();
        Exception failure = assertThrows(Exception.class, () -> env.fromSource(nothing,
                WatermarkStrategy.noWatermarks(), "snapshot").executeAndCollect("no backup", 10));
        String messages = Throwables.messages(failure);
        assertTrue(messages.contains("no complete backup of table 'never_backed_up' under " + backupRoot), messages);
    }
}
