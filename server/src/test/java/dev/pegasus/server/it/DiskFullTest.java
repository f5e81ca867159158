package dev.pegasus.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pegasus.client.PartitionConfiguration;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.server.testing.Await;
import dev.pegasus.server.testing.Placement;
import dev.pegasus.server.testing.ProcessCluster;
import dev.pegasus.server.testing.SmallFilesystem;
import dev.pegasus.server.testing.TestClients;
import dev.pegasus.server.testing.WriteLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real server JVMs; one replica server's data directory is a real small filesystem. Writes fill it:
 * that server refuses writes with ERR_DISK_INSUFFICIENT (not a timeout), the meta server moves the
 * primaries it held to secondaries with room, writes go on there, reads are served throughout; once
 * space is freed the server takes writes again, without a restart, and every acknowledged write
 * reads back.
 */
class DiskFullTest {
    private static final long FILESYSTEM_BYTES = 512L << 20;
    private static final long MIN_FREE_BYTES = 96L << 20;
    private static final int VALUE_BYTES = 64 << 10;
    private static final int PROBE_WRITES = 16;

    @TempDir
    Path dir;

    @Test
    void aServerShortOfSpaceHandsItsPrimariesOverAndTakesWritesAgainOnceSpaceIsFreed() throws Exception {
        try (OneSmallDisk setup = OneSmallDisk.start(dir)) {
            SmallFilesystem disk = setup.disk();
            PegasusClient client = setup.client();
            PegasusTable table = setup.table();
            String full = setup.full();
            Await.until("the full server to lead a partition", Duration.ofSeconds(30),
                    () -> Placement.primaries(client, "filling", full) > 0);
            disk.leaveFree(MIN_FREE_BYTES + (64L << 20));

            WriteLoad filling = new WriteLoad(table, "fill", 4, 100, 20_000, Duration.ofMinutes(3), VALUE_BYTES);
            Await.until("a write refused for lack of disk space", Duration.ofSeconds(120),
                    () -> filling.failedWith(ErrorCode.ERR_DISK_INSUFFICIENT) > 0);
            Await.until("no primary left on the server short of space", Duration.ofSeconds(15),
                    () -> Placement.primaries(client, "filling", full) == 0);
            assertTrue(client.admin().listNodes().stream().filter(node -> node.address().equals(full))
                    .allMatch(node -> node.disk().orElseThrow().low()), "the node list shows the disk short");
            int beforeMove = filling.acknowledged();
            Await.until("writes acknowledged after the primaries moved", Duration.ofSeconds(30),
                    () -> filling.acknowledged() > beforeMove + 100);
            filling.close();
            int readWhileShort = filling.verify(table);
            System.out.printf("disk full test: %d writes acknowledged, failures %s; %d keys read back while the"
                    + " disk was short (%d MB free)%n", filling.acknowledged(), filling.failures(), readWhileShort,
                    disk.freeBytes() >> 20);
            assertEquals(0, filling.failedWith(ErrorCode.ERR_TIMEOUT), "refused writes are refused, not timed out: "
                    + filling.failures());

            disk.freeBallast();
            Await.until("the server to lead partitions and take writes again", Duration.ofSeconds(30),
                    () -> Placement.primaries(client, "filling", full) > 0 && writesSucceed(table));
            WriteLoad after = new WriteLoad(table, "after", 4, 50, 100, Duration.ofSeconds(60), VALUE_BYTES);
            Await.until("writes after the space came back", Duration.ofSeconds(60), () -> after.acknowledged()
                    + after.failed() >= 400);
            after.close();
            assertEquals(0, after.failed(), "writes after the space came back: " + after.failures());
            assertTrue(after.verify(table) > 0);
            assertEquals(filling.keys(), filling.verify(table), "every acknowledged write reads back");
        }
    }

    /**
     * Every replica server's data directory on one small filesystem: once it is short, every write is
     * refused with ERR_DISK_INSUFFICIENT while every read is served; once space is freed writes are
     * taken again within 30 s, and nothing acknowledged is lost.
     */
    @Test
    void whenEveryServerIsShortOfSpaceReadsGoOnAndWritesComeBackOnceSpaceIsFreed() throws Exception {
        Path shared = dir.resolve("shared");
        Optional<SmallFilesystem> mounted = SmallFilesystem.mount(shared, 2 * FILESYSTEM_BYTES);
        assumeTrue(mounted.isPresent(), "mounting a tmpfs needs root");
        for (int i = 0; i < 4; i++) {
            java.nio.file.Files.createDirectories(shared.resolve("replica" + i));
            java.nio.file.Files.createSymbolicLink(dir.resolve("replica" + i), shared.resolve("replica" + i));
        }
        try (SmallFilesystem disk = mounted.get();
                ProcessCluster cluster = new ProcessCluster(dir, 1, 4, diskArgs());
                PegasusClient client = TestClients.openWhenAlive(cluster.metaAddress(), Duration.ofSeconds(5), 4)) {
            client.admin().createTable("filling", 4, 3, Map.of());
            PegasusTable table = client.openTable("filling");
            disk.leaveFree(MIN_FREE_BYTES + (48L << 20));

            WriteLoad filling = new WriteLoad(table, "fill", 4, 100, 20_000, Duration.ofMinutes(3), VALUE_BYTES);
            Await.until("a write refused for lack of disk space", Duration.ofSeconds(120),
                    () -> filling.failedWith(ErrorCode.ERR_DISK_INSUFFICIENT) > 0);
            filling.close();
            // Each server finds its disk short at its own next check and tells the meta server at its next
            // sync; a flush and log garbage collection may give some space back meanwhile, which the
            // ballast takes again, as other files would.
            Await.until("every write refused for lack of space (none timed out) and no partition shown healthy",
                    Duration.ofSeconds(30), () -> {
                        disk.leaveFree(MIN_FREE_BYTES - (16L << 20));
                        List<PartitionConfiguration> partitions = client.admin().queryConfig("filling").partitions();
                        return probe(table).equals(Map.of(ErrorCode.ERR_DISK_INSUFFICIENT, PROBE_WRITES))
                                && partitions.stream().noneMatch(PartitionConfiguration::healthy)
                                && partitions.stream().anyMatch(partition ->
                                        partition.problem().orElse("").contains("short of disk space"));
                    });
            int readWhileShort = filling.verify(table);
            System.out.printf("disk full test, every server short: %d writes acknowledged, failures %s; %d keys read"
                    + " back while the disk was short (%d MB free)%n", filling.acknowledged(), filling.failures(),
                    readWhileShort, disk.freeBytes() >> 20);

            disk.freeBallast();
            Await.until("writes taken again", Duration.ofSeconds(30), () -> writesSucceed(table));
            assertEquals(filling.keys(), filling.verify(table), "every acknowledged write reads back");
        }
    }

    /**
     * One server's disk fills up for real under the writes its secondaries still log: its log fails, its
     * replicas stop and are replaced, nothing acknowledged is lost; once space is freed it reopens its
     * log and replicas by itself, without a restart, and takes roles again within 30 s.
     */
    @Test
    void aServerWhoseDiskFilledUpComesBackByItselfOnceSpaceIsFreed() throws Exception {
        try (OneSmallDisk setup = OneSmallDisk.start(dir)) {
            SmallFilesystem disk = setup.disk();
            PegasusClient client = setup.client();
            PegasusTable table = setup.table();
            String full = setup.full();
            Await.until("the full server to hold replicas", Duration.ofSeconds(30),
                    () -> Placement.memberships(client, "filling", full) > 0);
            disk.leaveFree(MIN_FREE_BYTES + (16L << 20));

            WriteLoad filling = new WriteLoad(table, "fill", 4, 100, 50_000, Duration.ofMinutes(3), VALUE_BYTES);
            Await.until("the full server's replicas replaced", Duration.ofSeconds(120),
                    () -> Placement.memberships(client, "filling", full) == 0);
            long freeWhenFull = disk.freeBytes();
            int beforeFree = filling.acknowledged();
            Await.until("writes go on without it", Duration.ofSeconds(30),
                    () -> filling.acknowledged() > beforeFree + 100);

            disk.freeBallast();
            Await.until("the server to take a role again without a restart", Duration.ofSeconds(30),
                    () -> Placement.memberships(client, "filling", full) > 0);
            filling.close();
            Await.until("the server to lead partitions and serve them again", Duration.ofSeconds(30),
                    () -> Placement.primaries(client, "filling", full) > 0 && writesSucceed(table));
            System.out.printf("disk full test, disk filled up: %d writes acknowledged, failures %s; %d KB free when"
                    + " its replicas were replaced%n", filling.acknowledged(), filling.failures(), freeWhenFull >> 10);
            assertEquals(filling.keys(), filling.verify(table), "every acknowledged write reads back");
        }
    }

    /**
     * Four replica servers, the first ({@code full}) with its data directory on a small filesystem of
     * its own, a client, and the table "filling" of 4 partitions of 3 replicas.
     */
    private record OneSmallDisk(SmallFilesystem disk, ProcessCluster cluster, PegasusClient client,
            PegasusTable table, String full) implements AutoCloseable {
        static OneSmallDisk start(Path dir) throws Exception {
            Optional<SmallFilesystem> mounted = SmallFilesystem.mount(dir.resolve("replica0"), FILESYSTEM_BYTES);
            assumeTrue(mounted.isPresent(), "mounting a tmpfs needs root; the disk space logic is covered by"
                    + " DiskSpaceOptionsTest, BalancePlannerTest and StorageRecoveryTest");
            ProcessCluster cluster = null;
            try {
                cluster = new ProcessCluster(dir, 1, 4, diskArgs());
                PegasusClient client = TestClients.openWhenAlive(cluster.metaAddress(), Duration.ofSeconds(5), 4);
                client.admin().createTable("filling", 4, 3, Map.of());
                return new OneSmallDisk(mounted.get(), cluster, client, client.openTable("filling"),
                        cluster.replicaAddress(0));
            } catch (Exception | AssertionError e) {
                if (cluster != null) {
                    cluster.close();
                }
                mounted.get().close();
                throw e;
            }
        }

        @Override
        public void close() throws Exception {
            try (SmallFilesystem unmounted = disk; ProcessCluster stopped = cluster; PegasusClient closed = client) {
                // closed in reverse order: the client, the servers, then the filesystem
            }
        }
    }

    private static List<String> diskArgs() {
        return List.of("--disk-min-free-ratio", "0", "--disk-min-free-mb", Long.toString(MIN_FREE_BYTES >> 20),
                "--disk-check-interval-ms", "200");
    }

    /** A few small writes over keys of every partition, all acknowledged. */
    private static boolean writesSucceed(PegasusTable table) {
        return probe(table).isEmpty();
    }

    /** The failures of a few small writes over keys of every partition. */
    private static Map<ErrorCode, Integer> probe(PegasusTable table) {
        try (WriteLoad probe = new WriteLoad(table, "probe", 1, PROBE_WRITES, PROBE_WRITES, Duration.ofSeconds(10),
                1024)) {
            probe.awaitDone();
            return probe.failures();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of(ErrorCode.ERR_UNKNOWN, 1);
        }
    }
}
