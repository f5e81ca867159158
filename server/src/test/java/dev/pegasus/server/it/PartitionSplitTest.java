package dev.pegasus.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.PegasusAdmin;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusException;
import dev.pegasus.client.PegasusScanner;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.client.ScanOptions;
import dev.pegasus.client.SplitControl;
import dev.pegasus.client.KeyValue;
import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.server.testing.Await;
import dev.pegasus.server.testing.ProcessCluster;
import dev.pegasus.server.testing.TestClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real server JVMs: an 8-partition table of 3 replicas splits to 16 under concurrent reads and writes,
 * paused while the meta leader and a replica server are killed with SIGKILL, then resumed. Afterwards every record written
 * before or during the split reads back, and a scan of each of the 16 partitions returns exactly the
 * records that hash to it.
 */
class PartitionSplitTest {
    private static final int PRELOADED = 3000;

    @TempDir
    Path dir;

    @Test
    void aTableSplitsUnderLoadThroughKillsAndEveryRecordEndsInItsOwnPartition() throws Exception {
        try (ProcessCluster cluster = new ProcessCluster(dir, 2, 4);
                PegasusClient client = TestClients.openWhenAlive(cluster.metaAddress(), Duration.ofSeconds(20), 4)) {
            PegasusAdmin admin = client.admin();
            admin.createTable("split", 8, 3, Map.of());
            PegasusTable table = client.openTable("split");
            Map<String, String> expected = new ConcurrentHashMap<>();
            for (int i = 0; i < PRELOADED; i++) {
                table.set(b("k" + i), b("s"), b("v" + i));
                expected.put("k" + i, "v" + i);
            }
            assertThrows(PegasusException.class, () -> admin.controlSplit("split", SplitControl.PAUSE),
                    "no split to pause yet");

            Set<String> uncertain = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> load = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                load.add(new Thread(() -> {
                    for (int i = 0; i < 100_000 && !stop.get() && failure.get() == null; i++) {
                        String key = "w" + writer + "-" + i;
                        try {
                            table.set(b(key), b("s"), b("value of " + key));
                            expected.put(key, "value of " + key);
                        } catch (PegasusException e) {
                            if (e.mayHaveBeenApplied()) {
                                uncertain.add(key);   // its primary was killed with the write in flight
                            } else {
                                failure.compareAndSet(null, e);
                            }
                        }
                    }
                }, "writer-" + w));
            }
            load.add(new Thread(() -> {
                Random random = new Random(7);
                while (!stop.get() && failure.get() == null) {
                    int i = random.nextInt(PRELOADED);
                    try {
                        byte[] value = table.get(b("k" + i), b("s"));
                        if (value == null || !new String(value, StandardCharsets.UTF_8).equals("v" + i)) {
                            failure.compareAndSet(null, new AssertionError("k" + i + " read " + (value == null ? null
                                    : new String(value, StandardCharsets.UTF_8))));
                        }
                    } catch (PegasusException e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }, "reader"));
            load.forEach(Thread::start);
            try {
                Await.until("writes flowing", Duration.ofSeconds(30), () -> expected.size() > PRELOADED + 200);
                assertEquals(16, admin.startSplit("split"));
                // Paused, the split cannot end: the kills below strike in its middle.
                admin.controlSplit("split", SplitControl.PAUSE);
                int leader = cluster.awaitLeader(Duration.ofSeconds(30));
                cluster.killMeta(leader);
                cluster.killReplica(3);
                cluster.startMeta(leader);
                Await.until("a new meta leader", Duration.ofSeconds(60), () -> cluster.leader().isPresent());
                assertTrue(admin.splitStatus("split").splitting(), "the paused split survived the meta failover");
                admin.controlSplit("split", SplitControl.RESUME);
                Await.until("the split to end", Duration.ofSeconds(180), () -> {
                    try {
                        return !admin.splitStatus("split").splitting();
                    } catch (PegasusException e) {
                        return false;
                    }
                });
                cluster.startReplica(3);
                int before = expected.size();
                Await.until("writes going on after the split", Duration.ofSeconds(30),
                        () -> expected.size() > before + 200);
            } finally {
                stop.set(true);
                for (Thread thread : load) {
                    thread.join();
                }
            }
            assertNull(failure.get(), "a client saw an error beyond its retries (but for a write in doubt when its"
                    + " primary was killed), or a wrong value");
            assertEquals(16, admin.queryConfig("split").partitionCount());

            for (Map.Entry<String, String> record : expected.entrySet()) {
                assertArrayEquals(b(record.getValue()), table.get(b(record.getKey()), b("s")), record.getKey());
            }
            Set<String> stored = new HashSet<>(expected.keySet());
            for (String key : uncertain) {
                byte[] value = table.get(b(key), b("s"));
                assertTrue(value == null || Arrays.equals(b("value of " + key), value),
                        key + " holds a value never written");
                if (value != null) {
                    stored.add(key);
                }
            }
            List<PegasusScanner> scanners = table.getUnorderedScanners(16, ScanOptions.defaults());
            assertEquals(16, scanners.size());
            Map<String, Integer> seen = new HashMap<>();
            for (int partition = 0; partition < 16; partition++) {
                try (PegasusScanner scanner = scanners.get(partition)) {
                    for (KeyValue record = scanner.next(); record != null; record = scanner.next()) {
                        String key = new String(record.hashKey(), StandardCharsets.UTF_8);
                        assertEquals(partition, PartitionHash.partitionIndex(PartitionHash.of(record.hashKey(),
                                record.sortKey()), 16), key + " came from partition " + partition);
                        assertFalse(seen.containsKey(key), key + " was scanned twice");
                        seen.put(key, partition);
                    }
                }
            }
            assertEquals(stored, seen.keySet(), "every record, each in exactly one partition");
            assertTrue(admin.splitStatus("split").hint().contains("16 partitions"));
        }
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
