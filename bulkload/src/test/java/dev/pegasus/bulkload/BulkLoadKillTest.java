package dev.pegasus.bulkload;

import static dev.pegasus.bulkload.LoadChecks.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.BulkLoad;
import dev.pegasus.client.BulkLoadControl;
import dev.pegasus.client.BulkLoadPartition;
import dev.pegasus.client.BulkLoadStatus;
import dev.pegasus.client.PartitionConfiguration;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusException;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.server.testing.Await;
import dev.pegasus.server.testing.ProcessCluster;
import dev.pegasus.server.testing.TestClients;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bulk load into a table under writes, on replica servers in their own JVMs with transfers
 * throttled to 1 MiB/s so that things happen mid-download: the load is paused and resumed, a replica
 * server and then the meta server are SIGKILLed while replicas download and restarted, and the
 * primary of a partition is SIGKILLed as soon as ingestion begins and restarted. The load succeeds, every loaded record and every write
 * acknowledged during the load reads back, and the replicas agree record for record. A second load
 * is canceled before it ingests: nothing of it becomes visible and its files leave the servers. A whole
 * restart (every process killed) once ingestion has begun lets the load finish, every record readable.
 */
class BulkLoadKillTest {
    private static final int RECORDS = 16_000;
    private static final int PARTITIONS = 4;

    @TempDir
    Path dir;

    @Test
    void loadSurvivesPauseAndKillsDuringDownloadAndIngestion() throws Exception {
        Path clusterDir = dir.resolve("cluster");
        try (ProcessCluster cluster = new ProcessCluster(clusterDir, 1, 4, List.of("--transfer-mb-per-s", "1"));
                PegasusClient client = TestClients.openWhenAlive(cluster.metaAddress(), Duration.ofSeconds(5), 4)) {
            int appId = client.admin().createTable("kill", PARTITIONS, 3, Map.of());
            PegasusTable table = client.openTable("kill");
            for (int i = 0; i < 1_000; i++) {
                table.set(key(i), b("s"), b("live " + i));
            }
            String load = generate(dir.resolve("big"), RECORDS, "loaded");

            String loadId = client.admin().startBulkLoad("kill", load);
            client.admin().controlBulkLoad("kill", BulkLoadControl.PAUSE);
            BulkLoad paused = item(client, loadId).orElseThrow();
            assertEquals(BulkLoadStatus.PAUSED, paused.status());
            assertTrue(paused.partitions().stream().allMatch(p -> p.status() == BulkLoadStatus.PAUSED));
            client.admin().controlBulkLoad("kill", BulkLoadControl.RESUME);

            Map<Integer, String> during = new ConcurrentHashMap<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = new Thread(() -> {
                for (int i = 0; writing.get(); i++) {
                    try {
                        table.set(b("during" + i), b("s"), b("written " + i));
                        during.put(i, "written " + i);
                    } catch (RuntimeException e) {
                        // unacknowledged while a primary is replaced: not checked
                    }
                }
            });
            writer.start();

            Await.until("a download under way", Duration.ofSeconds(60), () -> item(client, loadId)
                    .map(i -> i.status() == BulkLoadStatus.DOWNLOADING && i.partitions().stream()
                            .mapToLong(BulkLoadPartition::bytesDone).sum() > 0).orElse(false));
            Map<Integer, Long> ballotsBefore = ballotsNaming(client, cluster.replicaAddress(0));
            cluster.killReplica(0);
            cluster.startReplica(0);
            // The meta server is killed once the restart has been acted on, so the two faults strike in turn.
            Await.until("the restarted server's partitions reconfigured", Duration.ofSeconds(60), () -> {
                Map<Integer, Long> now = ballots(client);
                return ballotsBefore.entrySet().stream().allMatch(e -> now.get(e.getKey()) > e.getValue());
            });
            // The meta server too: the load resumes from ZooKeeper and the replicas' next reports.
            cluster.killMeta(0);
            cluster.startMeta(0);

            Await.until("ingestion begun", Duration.ofSeconds(180), () -> item(client, loadId)
                    .map(i -> i.status() != BulkLoadStatus.DOWNLOADING).orElse(false));
            String primary = client.admin().queryConfig("kill").partitions().get(0).primary();
            if (!primary.equals("-")) {
                int victim = cluster.replicaIndexOf(primary);
                cluster.killReplica(victim);
                cluster.startReplica(victim);
            }
            try {
                Await.until("load finished: " + loadId, Duration.ofSeconds(180), () -> item(client, loadId)
                        .map(i -> !EnumSet.of(BulkLoadStatus.DOWNLOADING, BulkLoadStatus.INGESTING)
                                .contains(i.status())).orElse(false));
            } catch (AssertionError e) {
                System.out.println("bulk load kill test: load not finished: " + item(client, loadId) + "; "
                        + client.admin().queryConfig("kill"));
                throw e;
            }
            writing.set(false);
            writer.join();
            BulkLoad done = item(client, loadId).orElseThrow();
            assertEquals(BulkLoadStatus.SUCCEEDED, done.status(), done.toString());
            System.out.printf("bulk load kill test: load %s succeeded through kills; %d writes acknowledged during it%n",
                    loadId, during.size());

            for (int i = 0; i < RECORDS; i++) {
                assertArrayEquals(value("loaded", i), table.get(key(i), b("s")), "loaded record " + i);
            }
            during.forEach((i, value) -> assertArrayEquals(b(value), table.get(b("during" + i), b("s")),
                    "write acknowledged during the load " + i));

            // A canceled load ingests nothing, and its files leave the servers.
            String other = generate(dir.resolve("other"), RECORDS, "canceled");
            String canceledId = client.admin().startBulkLoad("kill", other);
            client.admin().controlBulkLoad("kill", BulkLoadControl.CANCEL);
            BulkLoad canceled = item(client, canceledId).orElseThrow();
            assertEquals(BulkLoadStatus.CANCELED, canceled.status());
            for (BulkLoadPartition partition : canceled.partitions()) {
                assertEquals(BulkLoadStatus.CANCELED, partition.status());
            }
            PegasusException refused = assertThrows(PegasusException.class, () -> client.admin()
                    .controlBulkLoad("kill", BulkLoadControl.RESUME));
            assertTrue(refused.getMessage().contains("no bulk load"), refused.getMessage());
            Await.until("canceled files deleted", Duration.ofSeconds(30), () -> noFilesOf(clusterDir, canceledId));
            for (int i = 0; i < RECORDS; i += 97) {
                assertArrayEquals(value("loaded", i), table.get(key(i), b("s")), "record " + i + " after the cancel");
            }

            // A last small load makes every replica flush at one decree, so their files can be compared.
            String last = generate(dir.resolve("last"), 10, "last");
            LoadChecks.cli("start", "--meta", cluster.metaAddress(), "--table", "kill", "--from", last).assertOk();
            String lastId = client.admin().bulkLoadStatus("kill", null).stream()
                    .reduce((first, second) -> second).orElseThrow().loadId();
            // Members are looked up on every try: the balancer may still be moving replicas after the kills.
            for (int index = 0; index < PARTITIONS; index++) {
                int partition = index;
                Await.until("replicas of partition " + partition + " agree", Duration.ofSeconds(60),
                        () -> ReplicaStores.agree(memberDirs(client, cluster, clusterDir, appId, partition), lastId,
                                RECORDS / PARTITIONS / 2));
                System.out.printf("bulk load kill test: the replicas of partition %d agree%n", partition);
            }
        }
    }

    @Test
    void aWholeRestartDuringIngestionLetsTheLoadFinish() throws Exception {
        Path clusterDir = dir.resolve("restart");
        try (ProcessCluster cluster = new ProcessCluster(clusterDir, 1, 3, List.of("--transfer-mb-per-s", "1"));
                PegasusClient client = TestClients.openWhenAlive(cluster.metaAddress(), Duration.ofSeconds(5), 3)) {
            client.admin().createTable("kill", PARTITIONS, 3, Map.of());
            PegasusTable table = client.openTable("kill");
            table.set(b("before"), b("s"), b("written before the load"));
            int records = 2_000;
            String loadId = client.admin().startBulkLoad("kill", generate(dir.resolve("restart-load"), records, "loaded"));
            Await.until("ingestion begun", Duration.ofSeconds(180), () -> item(client, loadId)
                    .map(i -> i.status() != BulkLoadStatus.DOWNLOADING).orElse(false));
            System.out.printf("bulk load restart test: every process killed with the load %s%n",
                    item(client, loadId).map(i -> i.status().toString()).orElse("unknown"));
            cluster.killAll();
            cluster.startAll(Set.of());
            Await.until("load finished after the restart", Duration.ofSeconds(180), () -> item(client, loadId)
                    .map(i -> !EnumSet.of(BulkLoadStatus.DOWNLOADING, BulkLoadStatus.INGESTING)
                            .contains(i.status())).orElse(false));
            BulkLoad done = item(client, loadId).orElseThrow();
            assertEquals(BulkLoadStatus.SUCCEEDED, done.status(), done.toString());
            Await.until("every loaded record readable", Duration.ofSeconds(60), () -> {
                try {
                    for (int i = 0; i < records; i++) {
                        assertArrayEquals(value("loaded", i), table.get(key(i), b("s")), "loaded record " + i);
                    }
                    return true;
                } catch (PegasusException e) {
                    return false;
                }
            });
            assertArrayEquals(b("written before the load"), table.get(b("before"), b("s")));
            table.set(b("after"), b("s"), b("accepted"));
            assertArrayEquals(b("accepted"), table.get(b("after"), b("s")));
        }
    }

    /** The store directories of the partition's current members. */
    private static List<Path> memberDirs(PegasusClient client, ProcessCluster cluster, Path clusterDir, int appId,
            int index) {
        PartitionConfiguration partition = client.admin().queryConfig("kill").partitions().get(index);
        List<Path> members = new ArrayList<>();
        Stream.concat(Stream.of(partition.primary()), partition.secondaries().stream())
                .filter(node -> !node.equals("-")).forEach(node -> members.add(clusterDir
                        .resolve("replica" + cluster.replicaIndexOf(node)).resolve("replicas")
                        .resolve(appId + "." + partition.index())));
        return members;
    }

    private static boolean noFilesOf(Path clusterDir, String loadId) {
        for (int server = 0; server < 4; server++) {
            if (Files.exists(clusterDir.resolve("replica" + server).resolve("bulk_load").resolve(loadId))) {
                return false;
            }
        }
        return true;
    }

    private String generate(Path where, int records, String prefix) throws Exception {
        Path csv = where.resolve("input.csv");
        Files.createDirectories(where);
        try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            for (int i = 0; i < records; i++) {
                out.write("record" + i + ",s," + new String(value(prefix, i), StandardCharsets.UTF_8) + "\n");
            }
        }
        Path out = where.resolve("load");
        new BulkLoadGenerator(new BulkLoadGenerator.Settings("kill", PARTITIONS, 1 << 20, 64 << 20, 2,
                where.resolve("work"), false), new Configuration()).generate(csv.toString(), InputFormat.CSV,
                out.toUri().toString());
        return out.toUri().toString();
    }

    /** The ballot of every partition of table "kill". */
    private static Map<Integer, Long> ballots(PegasusClient client) {
        return client.admin().queryConfig("kill").partitions().stream()
                .collect(Collectors.toMap(PartitionConfiguration::index, PartitionConfiguration::ballot));
    }

    /** The ballot of every partition of table "kill" that names {@code node} as a member. */
    private static Map<Integer, Long> ballotsNaming(PegasusClient client, String node) {
        return client.admin().queryConfig("kill").partitions().stream()
                .filter(p -> p.primary().equals(node) || p.secondaries().contains(node))
                .collect(Collectors.toMap(PartitionConfiguration::index, PartitionConfiguration::ballot));
    }

    private static Optional<BulkLoad> item(PegasusClient client, String loadId) {
        try {
            return client.admin().bulkLoadStatus(null, loadId).stream().findFirst();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static byte[] key(int i) {
        return b("record" + i);
    }

    /** About 500 bytes that LZ4 cannot shrink much, so downloads take seconds at 1 MiB/s. */
    private static byte[] value(String prefix, int i) {
        byte[] random = new byte[240];
        new Random(i).nextBytes(random);
        return b(prefix + "-" + HexFormat.of().formatHex(random));
    }

}
