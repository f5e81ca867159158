package dev.pegasus.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.DecommissionAction;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusException;
import dev.pegasus.client.PartitionConfiguration;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.client.SplitControl;
import dev.pegasus.server.testing.Await;
import dev.pegasus.server.testing.ProcessCluster;
import dev.pegasus.server.testing.Quiescence;
import dev.pegasus.server.testing.TestClients;
import dev.pegasus.server.testing.WriteLoad;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole cluster — ZooKeeper, the meta server and every replica server, real JVMs on loopback — stopped
 * and started again: gracefully, by SIGKILL under a write load, with a torn log record, and with one
 * replica server left down; and a partition whose last members are gone for good, which waits, says so to
 * clients and the admin API, and serves again once an operator forces its recovery from the stale copy
 * left, losing what that copy lacks; and whole restarts in the middle of a split and of a balancer
 * draining a server, each of which then finishes.
 * Otherwise every acknowledged write reads back within 30 s of the last process's start and a new write
 * is accepted. The 30 s are made of the meta server's take-over, the
 * replica servers' replay, the wait for last members that have not reported (at most one node timeout,
 * here 5 s), and the clients finding the new primaries.
 */
class WholeClusterRestartTest {
    private static final Duration SERVES_WITHIN = Duration.ofSeconds(30);
    private static final byte[] SORT_KEY = utf8("sk");

    @TempDir
    Path dir;
    private ProcessCluster cluster;
    private PegasusClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private PegasusTable startWithTable() throws Exception {
        cluster = new ProcessCluster(dir, 1, 3);
        client = TestClients.openWhenAlive(cluster.metaAddress(), Duration.ofSeconds(2), 3);
        client.admin().createTable("t", 4, 3, Map.of());
        return client.openTable("t");
    }

    @Test
    void aGracefulStopOfEverythingServesAgainAfterTheStart() throws Exception {
        PegasusTable table = startWithTable();
        writeRecords(table, 200);
        cluster.stopAll();
        cluster.startAll(Set.of());
        long started = System.nanoTime();
        awaitServing(table, () -> readRecords(table, 200));
        System.out.printf("whole cluster restarted gracefully: serving %d ms after the last start%n",
                (System.nanoTime() - started) / 1_000_000);
        assertNewWriteAccepted(table);
    }

    @Test
    void aKillOfEverythingUnderLoadLosesNoAcknowledgedWrite() throws Exception {
        killUnderLoadAndRestart(false);
    }

    @Test
    void aTornLastLogRecordIsCutOffAndNothingAcknowledgedIsLost() throws Exception {
        killUnderLoadAndRestart(true);
        String log = Files.readString(dir.resolve("replica0.log"));
        assertTrue(log.contains("cut off a torn tail"), "replica server 0 reports what it dropped");
    }

    private void killUnderLoadAndRestart(boolean tearReplica0) throws Exception {
        PegasusTable table = startWithTable();
        WriteLoad load = new WriteLoad(table, "w", 16, 40, 100_000, Duration.ofSeconds(90));
        Await.until("writes before the kill", Duration.ofSeconds(60), () -> load.acknowledged() >= 1000);
        cluster.killAll();
        load.close();
        int acknowledged = load.acknowledged();
        if (tearReplica0) {
            tearLastRecord(cluster.replicaDir(0).resolve("log"));
        }
        cluster.startAll(Set.of());
        long started = System.nanoTime();
        awaitServing(table, () -> load.verify(table));
        System.out.printf("whole cluster killed under load (%d writes acknowledged, %d keys): every one read back"
                + " %d ms after the last start%n", acknowledged, load.keys(), (System.nanoTime() - started) / 1_000_000);
        assertEquals(16 * 40, load.verify(table));
        assertNewWriteAccepted(table);
    }

    @Test
    void aWholeRestartWithOneReplicaServerLeftDownServesFromTheOthersAndItRejoinsLater() throws Exception {
        PegasusTable table = startWithTable();
        writeRecords(table, 200);
        cluster.killAll();
        cluster.startAll(Set.of(2));
        awaitServing(table, () -> readRecords(table, 200));
        assertNewWriteAccepted(table);

        cluster.startReplica(2);
        String third = cluster.replicaAddress(2);
        Await.until("replica server 2 back in every partition, every partition healthy", Duration.ofSeconds(90), () -> {
            List<PartitionConfiguration> partitions = client.admin().queryConfig("t").partitions();
            return partitions.stream().allMatch(p -> p.secondaries().size() == 2 && p.healthy()
                    && (p.primary().equals(third) || p.secondaries().contains(third)));
        });
        assertArrayEquals(utf8("v7"), table.get(utf8("k7"), SORT_KEY));
    }

    @Test
    void aPartitionWhoseLastMembersAreGoneWaitsUntilAnOperatorForcesItsRecovery() throws Exception {
        PegasusTable table = startWithTable();
        table.set(utf8("early"), SORT_KEY, utf8("v"));
        String left = cluster.replicaAddress(2);
        cluster.killReplica(2);
        Await.until(left + " out of every partition", SERVES_WITHIN, () -> client.admin().queryConfig("t").partitions()
                .stream().noneMatch(p -> p.primary().equals(left) || p.secondaries().contains(left)));
        table.set(utf8("late"), SORT_KEY, utf8("only the last members logged this"));
        cluster.killAll();
        cluster.startAll(Set.of(0, 1));

        Await.until("every partition waiting for its last members", SERVES_WITHIN, () -> client.admin()
                .queryConfig("t").partitions().stream().allMatch(p -> p.problem()
                        .filter(problem -> problem.contains("waiting for one of the last members")).isPresent()));
        PegasusException waiting = assertThrows(PegasusException.class, () -> table.get(utf8("early"), SORT_KEY));
        assertTrue(waiting.getMessage().contains("the meta server says of partition")
                && waiting.getMessage().contains("waiting for one of the last members"), waiting.getMessage());
        String plan = client.admin().forceRecovery("t", 0, Optional.empty(), false);
        assertTrue(plan.startsWith("would make " + left + " the primary") && plan.contains("are lost"), plan);
        for (int index = 0; index < 4; index++) {
            String done = client.admin().forceRecovery("t", index, Optional.empty(), true);
            assertTrue(done.startsWith(left + " is the primary"), done);
        }
        awaitServing(table, () -> assertArrayEquals(utf8("v"), table.get(utf8("early"), SORT_KEY)));
        assertNull(table.get(utf8("late"), SORT_KEY), "lost with the last members, as the plan said");
        assertNewWriteAccepted(table);
        Await.until("every partition reported as served by 1 of its 3 replicas", SERVES_WITHIN, () -> client.admin()
                .queryConfig("t").partitions().stream()
                .allMatch(p -> p.problem().filter(problem -> problem.startsWith("1 of 3 replicas")).isPresent()));
    }

    @Test
    void aReplicaServerStoppedWithSigtermLeavesAtOnceAndRejoinsAfterItsRestart() throws Exception {
        PegasusTable table = startWithTable();
        table.set(utf8("k"), SORT_KEY, utf8("v"));
        String stopped = cluster.replicaAddress(0);
        cluster.stop("replica0");
        assertTrue(client.admin().listNodes().stream().noneMatch(node -> node.address().equals(stopped) && node.alive()),
                "it told the meta server it left: not alive, without waiting out its lease");
        awaitServing(table, () -> assertArrayEquals(utf8("v"), table.get(utf8("k"), SORT_KEY)));
        assertNewWriteAccepted(table);
        cluster.startReplica(0);
        Await.until("every partition healthy with the restarted server", Duration.ofSeconds(90), () -> client.admin()
                .queryConfig("t").partitions().stream().allMatch(PartitionConfiguration::healthy));
        assertTrue(Files.readString(dir.resolve("replica0.log")).contains("told the meta server"));
    }

    @Test
    void aWholeRestartInTheMiddleOfASplitLetsItFinish() throws Exception {
        PegasusTable table = startWithTable();
        writeRecords(table, 300);
        assertEquals(8, client.admin().startSplit("t"));
        // Paused, the split cannot end: the kill strikes in its middle.
        client.admin().controlSplit("t", SplitControl.PAUSE);
        cluster.killAll();
        cluster.startAll(Set.of());
        Await.until("the paused split reported after the restart", SERVES_WITHIN, () -> {
            try {
                return client.admin().splitStatus("t").splitting();
            } catch (PegasusException e) {
                return false;
            }
        });
        client.admin().controlSplit("t", SplitControl.RESUME);
        Await.until("the split to end", Duration.ofSeconds(180), () -> {
            try {
                return !client.admin().splitStatus("t").splitting();
            } catch (PegasusException e) {
                return false;
            }
        });
        assertEquals(8, client.admin().queryConfig("t").partitionCount());
        awaitServing(table, () -> readRecords(table, 300));
        assertNewWriteAccepted(table);
    }

    @Test
    void aWholeRestartWhileTheBalancerDrainsAServerLetsTheDrainFinish() throws Exception {
        cluster = new ProcessCluster(dir, 1, 4);
        client = TestClients.openWhenAlive(cluster.metaAddress(), Duration.ofSeconds(2), 4);
        client.admin().createTable("t", 4, 3, Map.of());
        PegasusTable table = client.openTable("t");
        writeRecords(table, 300);
        String drained = cluster.replicaAddress(3);
        assertTrue(client.admin().decommission(drained, DecommissionAction.START).draining());
        Await.until("a replica copy under way", SERVES_WITHIN, () -> !client.admin().balancePlan().movesUnderWay()
                .isEmpty());
        cluster.killAll();
        cluster.startAll(Set.of());
        Await.until(drained + " drained after the restart", Duration.ofSeconds(180), () -> {
            try {
                return client.admin().decommission(drained, DecommissionAction.QUERY).removable();
            } catch (PegasusException e) {
                return false;
            }
        });
        awaitServing(table, () -> readRecords(table, 300));
        Quiescence.await(client.admin(), Duration.ofSeconds(120));
        assertNewWriteAccepted(table);
    }

    /** Waits, at most {@link #SERVES_WITHIN}, until {@code reads} run without a cluster error. */
    private static void awaitServing(PegasusTable table, Runnable reads) {
        Await.until("every acknowledged write readable", SERVES_WITHIN, () -> {
            try {
                reads.run();
                return true;
            } catch (PegasusException e) {
                return false;
            }
        });
    }

    /** Writes records k0..k(count-1), each acknowledged. */
    private static void writeRecords(PegasusTable table, int count) {
        for (int i = 0; i < count; i++) {
            table.set(utf8("k" + i), SORT_KEY, utf8("v" + i));
        }
    }

    /** Reads back what {@link #writeRecords} wrote. */
    private static void readRecords(PegasusTable table, int count) {
        for (int i = 0; i < count; i++) {
            assertArrayEquals(utf8("v" + i), table.get(utf8("k" + i), SORT_KEY), "k" + i);
        }
    }

    private static void assertNewWriteAccepted(PegasusTable table) {
        table.set(utf8("after-restart"), SORT_KEY, utf8("yes"));
        assertArrayEquals(utf8("yes"), table.get(utf8("after-restart"), SORT_KEY));
    }

    /**
     * Overwrites the payload of the last record in the newest log segment that holds records (layout:
     * {@code RecordFormat}: a 0xC1 magic byte, a 4-byte payload length, a 36-byte rest of header).
     */
    private static void tearLastRecord(Path logDir) throws IOException {
        List<Path> segments;
        try (Stream<Path> files = Files.list(logDir)) {
            segments = files.filter(f -> f.getFileName().toString().startsWith("log."))
                    .sorted(Comparator.comparingLong((Path f) -> Long.parseLong(f.getFileName().toString().substring(4)))
                            .reversed()).toList();
        }
        for (Path segment : segments) {
            try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
                long position = 0;
                long last = -1;
                while (position + 41 <= file.length()) {
                    file.seek(position);
                    if (file.readByte() != (byte) 0xC1) {
                        break;
                    }
                    last = position;
                    position += 41 + file.readInt();
                }
                if (last >= 0) {
                    file.seek(last + 41);
                    file.write(utf8("torn!torn!torn!"));
                    return;
                }
            }
        }
        throw new AssertionError("no log record found under " + logDir);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
