package dev.pegasus.flink.source;

import static dev.pegasus.flink.TableContents.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.checkpoint.tools.SnapshotRecord;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.flink.JobCheckpoints;
import dev.pegasus.flink.PegasusCluster;
import dev.pegasus.flink.TableContents;
import dev.pegasus.flink.Throwables;
import dev.pegasus.flink.sink.PegasusRecord;
import dev.pegasus.flink.sink.PegasusSink;
import dev.pegasus.server.testing.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The snapshot source reads a backup taken by the real cluster (file:// root) and gives back exactly
 * the table's live records; through the sink it back-fills another table.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
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

    /** Set by the test once the job has completed a checkpoint; the next record fails the task, once. */
    private static final AtomicBoolean FAIL_NOW = new AtomicBoolean();

    @Test
    void aTaskFailingMidReadIsRestoredFromACheckpointAndTheCopyIsWhole(@InjectMiniCluster MiniCluster miniCluster)
            throws Exception {
        PEGASUS.createTable("copied_after_failure");
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(1);
        env.enableCheckpointing(100);
        env.fromSource(source(), WatermarkStrategy.noWatermarks(), "snapshot")
                .map(row -> {
                    if (FAIL_NOW.compareAndSet(true, false)) {
                        throw new IllegalStateException("task failure injected mid-read");
                    }
                    return row;
                })
                // A tiny buffer keeps the job slow enough to fail it while it reads.
                .sinkTo(PegasusSink.<SnapshotRow>builder().setMetaServers(PEGASUS.metaServers())
                        .setTable("copied_after_failure").setMaxBatchSize(5).setMaxBufferedRecords(5)
                        .setSerializer(row -> PegasusRecord.set(row.hashKey, row.sortKey, row.value,
                                row.remainingTtlSeconds(Instant.now())))
                        .build());
        JobClient job = env.executeAsync("copy with a failure");
        Await.until("a checkpoint completed", Duration.ofSeconds(60),
                () -> JobCheckpoints.of(miniCluster, job.getJobID()).getCounts().getNumberOfCompletedCheckpoints() >= 1);
        FAIL_NOW.set(true);
        job.getJobExecutionResult().get(120, TimeUnit.SECONDS);

        assertFalse(FAIL_NOW.get(), "the failure was injected while the job ran");
        assertNotNull(JobCheckpoints.of(miniCluster, job.getJobID()).getLatestRestoredCheckpoint(),
                "the job restored a checkpoint");
        assertEquals(TableContents.of(PEGASUS.client().openTable(TABLE)),
                TableContents.of(PEGASUS.client().openTable("copied_after_failure")));
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
        assertTrue(messages.contains("no backup of table 'never_backed_up' under "), messages);
        assertTrue(messages.contains("tables with backups there: "), messages);
    }
}
