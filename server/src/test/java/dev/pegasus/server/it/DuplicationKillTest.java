package dev.pegasus.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.Duplication;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusException;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.server.testing.Await;
import dev.pegasus.server.testing.ProcessCluster;
import dev.pegasus.server.testing.TableContents;
import dev.pegasus.server.testing.TestClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clusters of real server JVMs, the source duplicating a table to the remote (which has another
 * partition count), under a write load while a primary of the source and then a primary of the remote
 * are killed with SIGKILL and restarted. Once the load stops and the duplication has caught up, a full
 * scan of both tables is equal and holds every acknowledged write.
 */
class DuplicationKillTest {
    private static final Duration LOAD_LIMIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    @Test
    void bothTablesAreEqualAfterPrimariesOfEitherClusterWereKilled() throws Exception {
        try (ProcessCluster remote = new ProcessCluster(dir.resolve("remote"), 1, 3, List.of("--cluster-id", "2"),
                List.of());
                ProcessCluster source = new ProcessCluster(dir.resolve("source"), 1, 3, List.of("--cluster-id", "1",
                        "--remote-cluster", "remote=" + remote.metaAddress()), List.of());
                PegasusClient remoteClient = TestClients.openWhenAlive(remote.metaAddress(), Duration.ofSeconds(3), 3);
                PegasusClient sourceClient = TestClients.openWhenAlive(source.metaAddress(), Duration.ofSeconds(3), 3)) {
            remoteClient.admin().createTable("moving", 8, 3, Map.of());
            sourceClient.admin().createTable("moving", 4, 3, Map.of());
            int dupid = sourceClient.admin().addDuplication("moving", "remote");
            PegasusTable table = sourceClient.openTable("moving");

            Map<String, String> acknowledged = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> write(table, acknowledged, stop), "writer");
            writer.start();
            Await.until("writes acknowledged", Duration.ofSeconds(20), () -> acknowledged.size() > 200);

            int sourcePrimary = source.replicaIndexOf(sourceClient.admin().queryConfig("moving").partitions().get(0)
                    .primary());
            source.killReplica(sourcePrimary);
            Await.until("writes acknowledged after the source primary died", Duration.ofSeconds(40),
                    () -> acknowledged.size() > 600);
            source.startReplica(sourcePrimary);

            int remotePrimary = remote.replicaIndexOf(remoteClient.admin().queryConfig("moving").partitions().get(0)
                    .primary());
            remote.killReplica(remotePrimary);
            Await.until("writes acknowledged after the remote primary died", Duration.ofSeconds(40),
                    () -> acknowledged.size() > 1000);
            remote.startReplica(remotePrimary);
            // Writes go on while the restarted remote server rejoins, so some are shipped to it as it does.
            Await.until("writes acknowledged after the remote server restarted", Duration.ofSeconds(40),
                    () -> acknowledged.size() > 1300);
            stop.set(true);
            writer.join();

            Await.until("the duplication caught up", Duration.ofSeconds(90), () -> caughtUp(sourceClient, dupid));
            Duplication caughtUp = sourceClient.admin().listDuplications("moving").get(0);
            System.out.printf("duplication after the kills: %d writes acknowledged, %d shipped more than once%n",
                    acknowledged.size(), caughtUp.repeated().values().stream().mapToLong(Long::longValue).sum());
            Map<String, String> sourceRecords = TableContents.of(table);
            Map<String, String> remoteRecords = TableContents.of(remoteClient.openTable("moving"));
            acknowledged.forEach((key, value) -> assertEquals(value, sourceRecords.get(key), "source " + key));
            assertEquals(sourceRecords.size(), remoteRecords.size(), "record counts");
            assertEquals(sourceRecords, remoteRecords);
            assertTrue(acknowledged.size() > 1000, "acknowledged " + acknowledged.size());
        }
    }

    /** Writes fresh keys and overwrites old ones until told to stop, bounded in time. */
    private static void write(PegasusTable table, Map<String, String> acknowledged, AtomicBoolean stop) {
        long deadline = System.nanoTime() + LOAD_LIMIT.toNanos() * 3;
        for (int i = 0; !stop.get() && System.nanoTime() < deadline && i < 1_000_000; i++) {
            String key = "k" + (i % 3 == 2 ? i / 2 : i);
            String value = "v" + i;
            try {
                table.set(bytes(key), bytes("s"), bytes(value));
                acknowledged.put(key + "/s", value);
            } catch (PegasusException e) {
                acknowledged.remove(key + "/s");
                pause();
            }
        }
    }

    private static boolean caughtUp(PegasusClient client, int dupid) {
        Duplication duplication = client.admin().listDuplications("moving").stream().filter(d -> d.id() == dupid)
                .findFirst().orElseThrow();
        return duplication.committedDecrees().size() == 4 && duplication.pendingMutations() == 0;
    }


    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
