package dev.pegasus.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.Duplication;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusException;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.server.meta.DuplicationOptions;
import dev.pegasus.server.testing.Await;
import dev.pegasus.server.testing.InProcessCluster;
import dev.pegasus.server.testing.TableContents;
import dev.pegasus.server.testing.TestClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clusters duplicating one table to each other while both write the same keys at the same time:
 * puts, deletes and increments. Once both have stopped and both duplications have caught up, the two
 * tables hold the same records: the later write of each key wins in both, deletes included.
 */
class DuplicationMasterMasterTest {
    private static final int OPERATIONS = 1500;

    @TempDir
    Path dir;

    @Test
    void bothClustersConvergeToTheSameContent() throws Exception {
        List<Integer> portsA = InProcessCluster.freePorts(1);
        List<Integer> portsB = InProcessCluster.freePorts(1);
        try (InProcessCluster a = new InProcessCluster(dir.resolve("a"), portsA, 3, options -> options.withDuplication(
                DuplicationOptions.parse(1, List.of("b=127.0.0.1:" + portsB.get(0)))));
                InProcessCluster b = new InProcessCluster(dir.resolve("b"), portsB, 3, options -> options
                        .withDuplication(DuplicationOptions.parse(2, List.of("a=127.0.0.1:" + portsA.get(0)))));
                PegasusClient clientA = TestClients.openWhenAlive(a.metaAddress(), Duration.ofSeconds(5), 3);
                PegasusClient clientB = TestClients.openWhenAlive(b.metaAddress(), Duration.ofSeconds(5), 3)) {
            clientA.admin().createTable("shared", 4, 3, Map.of());
            clientB.admin().createTable("shared", 8, 3, Map.of());
            int toB = clientA.admin().addDuplication("shared", "b");
            int toA = clientB.admin().addDuplication("shared", "a");

            AtomicLong failures = new AtomicLong();
            Thread writerA = new Thread(() -> write(clientA.openTable("shared"), 1, failures), "writer-a");
            Thread writerB = new Thread(() -> write(clientB.openTable("shared"), 2, failures), "writer-b");
            writerA.start();
            writerB.start();
            writerA.join();
            writerB.join();

            Await.until("both duplications caught up", Duration.ofSeconds(60),
                    () -> caughtUp(clientA, toB, 4) && caughtUp(clientB, toA, 8));
            Map<String, String> contentA = TableContents.of(clientA.openTable("shared"));
            Map<String, String> contentB = TableContents.of(clientB.openTable("shared"));
            assertTrue(contentA.size() > 10, "records left: " + contentA.size());
            assertEquals(contentA, contentB, "after " + failures.get() + " failed operations");
        }
    }

    /** Puts, deletes and increments over a key space both clusters share, bounded in count. */
    private static void write(PegasusTable table, int seed, AtomicLong failures) {
        Random random = new Random(seed);
        for (int i = 0; i < OPERATIONS; i++) {
            byte[] hashKey = bytes("k" + random.nextInt(40));
            try {
                switch (random.nextInt(4)) {
                    case 0, 1 -> table.set(hashKey, bytes("s"), bytes("from " + seed + " #" + i));
                    case 2 -> table.del(hashKey, bytes("s"));
                    default -> table.incr(bytes("n" + random.nextInt(5)), bytes("count"), 1);
                }
            } catch (PegasusException e) {
                failures.incrementAndGet();
            }
        }
    }

    private static boolean caughtUp(PegasusClient client, int dupid, int partitions) {
        Duplication duplication = client.admin().listDuplications("shared").stream().filter(d -> d.id() == dupid)
                .findFirst().orElseThrow();
        return duplication.committedDecrees().size() == partitions && duplication.pendingMutations() == 0;
    }


    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
