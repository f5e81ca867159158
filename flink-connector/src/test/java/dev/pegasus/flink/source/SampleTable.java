package dev.pegasus.flink.source;

import static dev.pegasus.flink.TableContents.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.Backup;
import dev.pegasus.client.BackupStatus;
import dev.pegasus.client.FullKey;
import dev.pegasus.client.FullKeyValue;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.flink.TableContents;
import dev.pegasus.server.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/** The table the source tests back up and read: overwrites, deletes and TTLs; and how they read it. */
final class SampleTable {
    private SampleTable() {}

    /**
     * 2,000 records over 150 hash keys, a seventh with a 1 h TTL, then a third overwritten, then a fifth
     * deleted; each step written in parallel and finished before the next.
     */
    static void write(PegasusTable table) {
        List<FullKeyValue> withTtl = new ArrayList<>();
        List<FullKeyValue> withoutTtl = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            (i % 7 == 0 ? withTtl : withoutTtl).add(new FullKeyValue(b("user" + i % 150), b("item" + i), b("first" + i)));
        }
        table.batchSet(withTtl, 3_600);
        table.batchSet(withoutTtl, 0);
        List<FullKeyValue> overwrites = new ArrayList<>();
        for (int i = 0; i < 2_000; i += 3) {
            overwrites.add(new FullKeyValue(b("user" + i % 150), b("item" + i), b("second" + i)));
        }
        table.batchSet(overwrites, 0);
        List<FullKey> deletes = new ArrayList<>();
        for (int i = 1; i < 2_000; i += 5) {
            deletes.add(new FullKey(b("user" + i % 150), b("item" + i)));
        }
        table.batchDel(deletes);
    }

    /** Backs the table up through the meta server and waits for the backup to succeed; returns its id. */
    static String backUp(PegasusClient client, String table, String root) {
        String backupId = client.admin().startBackup(table, root);
        Await.until("backup " + backupId + " finished", Duration.ofSeconds(60),
                () -> status(client, table, backupId).status() != BackupStatus.RUNNING);
        Backup done = status(client, table, backupId);
        assertEquals(BackupStatus.SUCCEEDED, done.status(), done.toString());
        return backupId;
    }

    private static Backup status(PegasusClient client, String table, String backupId) {
        return client.admin().backupStatus(table, backupId).get(0);
    }

    static StreamExecutionEnvironment batchEnvironment() {
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(2);
        return env;
    }

    /** A batch job reads the snapshot: every live record of the table once, TTLs kept, nothing else. */
    static void assertSourceReadsTheTable(PegasusSnapshotSource<SnapshotRow> source, PegasusTable table)
            throws Exception {
        Map<String, String> read = new TreeMap<>();
        int withTtl = 0;
        try (CloseableIterator<SnapshotRow> rows = batchEnvironment()
                .fromSource(source, WatermarkStrategy.noWatermarks(), "snapshot").executeAndCollect("read a snapshot")) {
            while (rows.hasNext()) {
                SnapshotRow row = rows.next();
                String previous = read.put(TableContents.key(row.hashKey, row.sortKey),
                        new String(row.value, StandardCharsets.UTF_8));
                assertEquals(null, previous, "read twice: " + row);
                withTtl += row.expireTs > 0 ? 1 : 0;
            }
        }
        assertEquals(TableContents.of(table), read);
        assertTrue(withTtl > 0, "records with a TTL keep their expiry time");
    }
}
