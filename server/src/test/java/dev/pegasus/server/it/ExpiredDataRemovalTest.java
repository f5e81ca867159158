package dev.pegasus.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusScanner;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.client.ScanOptions;
import dev.pegasus.server.testing.Await;
import dev.pegasus.server.testing.InProcessCluster;
import dev.pegasus.server.testing.TestClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expired records vanish from reads at once and, after the server's sweep, from the disk too. */
class ExpiredDataRemovalTest {
    @TempDir
    Path dir;

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void expiredRecordsArePhysicallyRemoved() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(dir, 2);
                PegasusClient client = TestClients.openWhenAlive(cluster.metaAddress(), Duration.ofSeconds(5), 2)) {
            int appId = client.admin().createTable("ttl", 4, 1, Map.of());
            PegasusTable table = client.openTable("ttl");
            for (int i = 0; i < 1000; i++) {
                table.set(b("short" + i), b("s"), b("v"), 1);
            }
            for (int i = 0; i < 100; i++) {
                table.set(b("long" + i), b("s"), b("v"));
            }
            Await.until("expired records invisible", Duration.ofSeconds(10), () -> countRecords(table) == 100);
            long started = System.nanoTime();
            Await.until("expired records gone from disk", Duration.ofSeconds(30),
                    () -> storedEntries(cluster, appId) == 100);
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            assertTrue(seconds < 30, "removal took " + seconds + " s");
            assertEquals(100, countRecords(table));
        }
    }

    private static long storedEntries(InProcessCluster cluster, int appId) {
        return cluster.replicaServers().stream().mapToLong(server -> server.storedEntryCount(appId)).sum();
    }

    private static long countRecords(PegasusTable table) {
        long count = 0;
        for (PegasusScanner scanner : table.getUnorderedScanners(4, ScanOptions.builder().noValue(true).build())) {
            while (scanner.next() != null) {
                count++;
            }
            scanner.close();
        }
        return count;
    }

}
