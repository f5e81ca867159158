package dev.pegasus.flink.sink;

import static dev.pegasus.flink.TableContents.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.PegasusTable;
import dev.pegasus.client.SortKeyValue;
import dev.pegasus.flink.PegasusCluster;
import dev.pegasus.flink.TableContents;
import dev.pegasus.flink.Throwables;
import dev.pegasus.server.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The DataStream sink on a Flink MiniCluster against a real cluster. Two task managers of one slot
 * each, so that a job of parallelism 2 runs on both and losing either one fails a running task.
 */
class PegasusSinkTest {
    @RegisterExtension
    static final PegasusCluster PEGASUS = new PegasusCluster();

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(2).setNumberSlotsPerTaskManager(1)
            .setConfiguration(METRICS.addToConfiguration(new Configuration())).build());

    /** The sum of a counter over the job's sink subtasks. */
    private static long counted(JobID job, String name) {
        return METRICS.findMetrics(job, name).values().stream().mapToLong(metric -> ((Counter) metric).getCount()).sum();
    }

    private static PegasusSink<Long> sink(String table, PegasusSerializer<Long> serializer) {
        return PegasusSink.<Long>builder().setMetaServers(PEGASUS.metaServers()).setTable(table)
                .setSerializer(serializer).build();
    }

    private static StreamExecutionEnvironment environment(int restartAttempts) {
        Configuration config = new Configuration();
        if (restartAttempts == 0) {
            config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        } else {
            config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restartAttempts);
            config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);
        return env;
    }

    /** Element i of the mixed job: sets, deletes of records written before, multi-sets and increments. */
    private static PegasusRecord mixed(long i) {
        int kind = (int) (i % 4);
        long n = i / 4;
        return switch (kind) {
            case 0 -> PegasusRecord.set(b("set" + n % 100), b("s" + n), b("v" + n));
            case 1 -> PegasusRecord.del(b("del" + n % 100), b("s" + n));
            case 2 -> PegasusRecord.multiSet(b("multi" + n), List.of(new SortKeyValue(b("a"), b("a" + n)),
                    new SortKeyValue(b("b"), b("b" + n))), 0);
            default -> PegasusRecord.incr(b("counter" + n % 10), b("c"), 1, 0);
        };
    }

    @Test
    void setsDeletesMultiSetsAndIncrementsAllReachTheTable() throws Exception {
        String name = "mixed";
        PEGASUS.createTable(name);
        PegasusTable table = PEGASUS.client().openTable(name);
        int perKind = 1_000;
        for (int n = 0; n < perKind; n++) {
            table.set(b("del" + n % 100), b("s" + n), b("to be deleted"));
        }
        StreamExecutionEnvironment env = environment(0);
        env.fromData(LongStream.range(0, 4L * perKind).boxed().toList()).sinkTo(sink(name, PegasusSinkTest::mixed));
        JobID job = env.execute("mixed writes").getJobID();

        Map<String, String> expected = new TreeMap<>();
        for (int n = 0; n < perKind; n++) {
            expected.put("set" + n % 100 + "/s" + n, "v" + n);
            expected.put("multi" + n + "/a", "a" + n);
            expected.put("multi" + n + "/b", "b" + n);
        }
        for (int c = 0; c < 10; c++) {
            expected.put("counter" + c + "/c", Integer.toString(perKind / 10));
        }
        assertEquals(expected, TableContents.of(table));
        assertEquals(4L * perKind, counted(job, "numRecordsSend"));
        assertEquals(0, counted(job, "numRecordsSendErrors"));
        long latencies = METRICS.findMetrics(job, "writeLatencyMs").values().stream()
                .mapToLong(metric -> ((Histogram) metric).getCount()).sum();
        assertEquals(4L * perKind, latencies, "one write latency per record");
    }

    @Test
    void replicaServerKilledMidJobIsRiddenOutByRetries() throws Exception {
        String name = "retried";
        PEGASUS.createTable(name);
        PegasusTable table = PEGASUS.client().openTable(name);
        long records = 6_000;
        StreamExecutionEnvironment env = environment(0);
        DataGeneratorSource<Long> numbers = new DataGeneratorSource<>(i -> i, records,
                RateLimiterStrategy.perSecond(1_000), Types.LONG);
        env.fromSource(numbers, WatermarkStrategy.noWatermarks(), "numbers")
                .sinkTo(PegasusSink.<Long>builder().setMetaServers(PEGASUS.metaServers()).setTable(name)
                        .setSerializer(i -> PegasusRecord.set(b("user" + i % 1_000), b("event" + i), b("payload" + i)))
                        .setOperationTimeout(Duration.ofSeconds(2)).setMaxRetries(30)
                        .setRetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build());
        JobClient job = env.executeAsync("replica server killed mid-job");

        Await.until("the first records written", Duration.ofSeconds(60), () -> table.get(b("user100"), b("event100")) != null);
        PEGASUS.killReplicaServer(0);
        try {
            job.getJobExecutionResult().get(120, TimeUnit.SECONDS);
        } finally {
            PEGASUS.restartReplicaServer(0);
        }

        Map<String, String> contents = TableContents.of(table);
        for (long i = 0; i < records; i++) {
            assertEquals("payload" + i, contents.get("user" + i % 1_000 + "/event" + i), "record " + i);
        }
        assertTrue(counted(job.getJobID(), "retries") > 0, "the sink retried while the partitions moved");
    }

    @Test
    void taskManagerLostMidJobIsRecoveredFromACheckpointWithoutLosingRecords(@InjectMiniCluster MiniCluster miniCluster)
            throws Exception {
        String name = "recovered";
        PEGASUS.createTable(name);
        long records = 12_000;
        StreamExecutionEnvironment env = environment(5);
        env.enableCheckpointing(300);
        DataGeneratorSource<Long> numbers = new DataGeneratorSource<>(i -> i, records,
                RateLimiterStrategy.perSecond(2_000), Types.LONG);
        env.fromSource(numbers, WatermarkStrategy.noWatermarks(), "numbers")
                .sinkTo(sink(name, i -> PegasusRecord.set(b("user" + i % 1_000), b("event" + i), b("payload" + i))));
        JobClient job = env.executeAsync("task manager lost mid-job");
        JobID id = job.getJobID();

        Await.until("two checkpoints completed", Duration.ofSeconds(60),
                () -> checkpoints(miniCluster, id).getCounts().getNumberOfCompletedCheckpoints() >= 2);
        assertEquals(JobStatus.RUNNING, job.getJobStatus().get(10, TimeUnit.SECONDS), "the job ends after the failure");
        miniCluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
        miniCluster.startTaskManager();
        job.getJobExecutionResult().get(120, TimeUnit.SECONDS);

        assertNotNull(checkpoints(miniCluster, id).getLatestRestoredCheckpoint(), "the job restored a checkpoint");
        PegasusTable table = PEGASUS.client().openTable(name);
        Map<String, String> contents = TableContents.of(table);
        for (long i = 0; i < records; i++) {
            assertEquals("payload" + i, contents.get("user" + i % 1_000 + "/event" + i), "record " + i);
        }
        assertEquals(records, contents.size());
    }

    private static CheckpointStatsSnapshot checkpoints(MiniCluster miniCluster, JobID id) {
        try {
            return miniCluster.getExecutionGraph(id).get(10, TimeUnit.SECONDS).getCheckpointStatsSnapshot();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the checkpoint statistics of job " + id, e);
        }
    }

    @Test
    void unknownTableFailsTheJobNamingTheTable() {
        StreamExecutionEnvironment env = environment(0);
        env.fromData(1L, 2L).sinkTo(sink("no_such_table", i -> PegasusRecord.set(b("k"), b("s"), b("v"))));
        Exception failure = assertThrows(Exception.class, () -> env.execute("unknown table"));
        String messages = Throwables.messages(failure);
        assertTrue(messages.contains("cannot open table 'no_such_table'"), messages);
    }

    @Test
    void nullHashKeyFailsTheJobNamingIt() {
        String name = "null_hash_key";
        PEGASUS.createTable(name);
        StreamExecutionEnvironment env = environment(0);
        env.fromData(1L, 2L).sinkTo(sink(name, i -> PegasusRecord.set(null, b("s"), b("v"))));
        Exception failure = assertThrows(Exception.class, () -> env.execute("null hash key"));
        String messages = Throwables.messages(failure);
        assertTrue(messages.contains("table 'null_hash_key'") && messages.contains("the hash key must not be null"),
                messages);
    }

    @Test
    void valueTheClusterCannotTakeFailsTheJobWithoutRetrying() {
        String name = "oversized";
        PEGASUS.createTable(name);
        byte[] huge = new byte[2 << 20];
        StreamExecutionEnvironment env = environment(0);
        env.fromData(1L).sinkTo(sink(name, i -> PegasusRecord.set(b("k"), b("s"), huge)));
        Exception failure = assertThrows(Exception.class, () -> env.execute("oversized value"));
        String messages = Throwables.messages(failure);
        assertTrue(messages.contains("to table 'oversized' failed with an error that a retry cannot fix"), messages);
        assertNull(PEGASUS.client().openTable(name).get(b("k"), b("s")));
    }
}
