package dev.pegasus.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.client.TableInfo;
import dev.pegasus.server.testing.Await;
import dev.pegasus.server.testing.ProcessCluster;
import dev.pegasus.server.testing.TestClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three meta server JVMs with default settings: the leader is killed with SIGKILL, another takes over
 * within seconds with every table, and one client instance carries on across the hand-over. Twice, the
 * second time after the first victim has come back as a follower.
 */
class MetaFailoverTest {
    /** The bound on a hand-over: the ZooKeeper session timeout (5 s by default) plus loading the state. */
    private static final Duration HAND_OVER_LIMIT = Duration.ofSeconds(15);
    private static final int KEYS = 20;

    @TempDir
    Path dir;

    @Test
    void killedLeaderIsReplacedWithoutLosingState() throws Exception {
        try (ProcessCluster cluster = new ProcessCluster(dir, 3, 3);
                PegasusClient client = TestClients.openWhenAlive(cluster.metaAddress(), Duration.ofSeconds(5), 3)) {
            Map<String, List<String>> written = new TreeMap<>();
            client.admin().createTable("t0", 4, 1, Map.of());
            written.put("t0", new ArrayList<>());
            writeAndReadBack(client, written, "start");

            for (int round = 1; round <= 2; round++) {
                int killed = cluster.awaitLeader(Duration.ofSeconds(30));
                long killedAt = System.nanoTime();
                cluster.killMeta(killed);
                Await.until("another meta server to lead", HAND_OVER_LIMIT,
                        () -> cluster.leader().filter(leader -> leader != killed).isPresent());
                long handOverMs = (System.nanoTime() - killedAt) / 1_000_000;
                int successor = cluster.leader().orElseThrow();
                System.out.printf("round %d: meta%d (leader) killed with SIGKILL; meta%d leads after %d ms%n",
                        round, killed, successor, handOverMs);
                assertNotEquals(killed, successor);
                assertTrue(handOverMs < HAND_OVER_LIMIT.toMillis(), "hand-over took " + handOverMs + " ms");

                assertEquals(List.copyOf(written.keySet()),
                        client.admin().listTables(false).stream().map(TableInfo::name).sorted().toList());
                String created = "t" + round;
                client.admin().createTable(created, 4, 1, Map.of());
                written.put(created, new ArrayList<>());
                writeAndReadBack(client, written, "round" + round);
                System.out.printf("round %d: the same client listed tables, created %s, wrote and read %s"
                        + " %d ms after the kill%n", round, created, written.keySet(),
                        (System.nanoTime() - killedAt) / 1_000_000);

                cluster.startMeta(killed);
                Await.until("meta" + killed + " back in the election", Duration.ofSeconds(30),
                        () -> cluster.electionParticipants().contains(cluster.metaAddresses().get(killed)));
                assertEquals(Optional.of(successor), cluster.leader(), "a restarted meta server joins as a follower");
            }
        }
    }

    /** Writes a fresh value under every table's keys, then reads back every value written so far. */
    private static void writeAndReadBack(PegasusClient client, Map<String, List<String>> written, String tag) {
        for (Map.Entry<String, List<String>> entry : written.entrySet()) {
            PegasusTable table = client.openTable(entry.getKey());
            for (int key = 0; key < KEYS; key++) {
                table.set(utf8("k" + key), utf8(tag), value(entry.getKey(), key, tag));
            }
            entry.getValue().add(tag);
            for (String earlier : entry.getValue()) {
                for (int key = 0; key < KEYS; key++) {
                    assertArrayEquals(value(entry.getKey(), key, earlier), table.get(utf8("k" + key), utf8(earlier)),
                            entry.getKey() + " k" + key + " " + earlier);
                }
            }
        }
    }

    private static byte[] value(String table, int key, String tag) {
        return utf8(table + "/" + key + "/" + tag);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
