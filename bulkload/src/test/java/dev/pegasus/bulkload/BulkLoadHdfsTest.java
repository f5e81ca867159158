package dev.pegasus.bulkload;

import static dev.pegasus.bulkload.LoadChecks.b;
import static dev.pegasus.bulkload.LoadChecks.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.checkpoint.BulkLoadLayout;
import dev.pegasus.checkpoint.tools.MiniHdfs;
import dev.pegasus.client.BulkLoad;
import dev.pegasus.client.BulkLoadControl;
import dev.pegasus.client.BulkLoadPartition;
import dev.pegasus.client.BulkLoadStatus;
import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusException;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.server.testing.Await;
import dev.pegasus.server.testing.InProcessCluster;
import dev.pegasus.server.testing.TestClients;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generate from a CSV and from a Parquet file on a MiniDFSCluster, ingest into a live 3-replica
 * table, and read every record back through the client with its value and TTL; the three replicas'
 * stores agree record for record. A load generated for another partition count, a missing file and
 * a damaged file are refused before anything is ingested, naming what is wrong.
 */
class BulkLoadHdfsTest {
    @RegisterExtension
    static final MiniHdfs HDFS = new MiniHdfs();

    @TempDir
    static Path dir;
    static InProcessCluster cluster;
    static PegasusClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = new InProcessCluster(dir.resolve("cluster"), 3);
        client = TestClients.openWhenAlive(cluster.metaAddress(), Duration.ofSeconds(10), 3);
    }

    @AfterAll
    static void stop() {
        client.close();
        cluster.close();
    }

    private static String generate(String input, String format, String table, int partitions, String outDir) {
        String out = HDFS.uri(outDir).toString();
        cli("generate", "--input", input, "--format", format, "--table-partitions", Integer.toString(partitions),
                "--out", out, "--table", table, "--target-file-mb", "1", "--memory-mb", "1",
                "--work-dir", dir.resolve("work").toString()).assertOk();
        return out;
    }

    private static BulkLoad latest(String table) {
        List<BulkLoad> loads = client.admin().bulkLoadStatus(table, null);
        return loads.get(loads.size() - 1);
    }

    @Test
    void csvAndParquetLoadIntoALiveTableAndReplicasAgree() throws Exception {
        int appId = client.admin().createTable("users", 4, 3, Map.of());
        PegasusTable users = client.openTable("users");
        // Live data: keys the load overwrites and keys it does not touch.
        for (int i = 0; i < 500; i++) {
            users.set(b("user" + (i % 300)), b("s" + i), b("live " + i));
            users.set(b("other" + i), b("x"), b("kept " + i), i % 2 == 0 ? 0 : 7200);
        }
        TestRows csvRows = new TestRows("", 6_000, 1_000);
        String csvLoad = generate(csvRows.writeCsv(dir.resolve("users.csv")).toString(), "csv", "users", 4, "bulk/csv");
        LoadChecks.Run started = cli("start", "--meta", cluster.metaAddress(), "--table", "users", "--from", csvLoad)
                .assertOk();
        assertTrue(started.out().contains("succeeded"), started.out());
        String csvLoadId = latest("users").loadId();
        assertEquals(BulkLoadStatus.SUCCEEDED, latest("users").status());
        // The replicas forget a finished load; its per-partition progress still shows what they downloaded.
        for (BulkLoadPartition partition : latest("users").partitions()) {
            assertEquals(3, partition.replicasDownloaded(), "replicas of partition " + partition.index());
            assertTrue(partition.bytesDone() > 0 && partition.bytesDone() == partition.bytesTotal(),
                    "bytes of partition " + partition.index() + ": " + partition);
        }

        LoadChecks.assertRows(users, csvRows.expected());
        for (int i = 0; i < 500; i++) {
            assertArrayEquals(b("kept " + i), users.get(b("other" + i), b("x")), "untouched live record " + i);
        }
        awaitReplicasAgree(appId, csvLoadId, 6_500);

        // Writes after the load override loaded values.
        users.set(b("user0"), b("s0"), b("after the load"));
        assertArrayEquals(b("after the load"), users.get(b("user0"), b("s0")));

        TestRows parquetRows = new TestRows("pq", 4_000, 500);
        org.apache.hadoop.fs.Path parquet = new org.apache.hadoop.fs.Path(HDFS.uri("input/users.parquet"));
        parquetRows.writeParquet(parquet, HDFS.configuration());
        String parquetLoad = generate(parquet.toString(), "parquet", "users", 4, "bulk/parquet");
        cli("start", "--meta", cluster.metaAddress(), "--table", "users", "--from", parquetLoad).assertOk();
        String parquetLoadId = latest("users").loadId();
        LoadChecks.assertRows(users, parquetRows.expected());
        assertArrayEquals(b("after the load"), users.get(b("user0"), b("s0")), "the earlier write stays");
        awaitReplicasAgree(appId, parquetLoadId, 10_500);

        LoadChecks.Run status = cli("status", "--meta", cluster.metaAddress(), "--table", "users").assertOk();
        assertTrue(status.out().contains(parquetLoadId) && status.out().contains("succeeded"), status.out());
    }

    private static void awaitReplicasAgree(int appId, String loadId, int records) {
        for (int index = 0; index < 4; index++) {
            List<Path> replicas = new ArrayList<>();
            for (int server = 0; server < 3; server++) {
                replicas.add(cluster.dir().resolve("replica" + server).resolve("replicas").resolve(appId + "." + index));
            }
            int partition = index;
            Await.until("replicas of partition " + index + " agree", Duration.ofSeconds(30),
                    () -> ReplicaStores.agree(replicas, loadId, records / 8));
            System.out.printf("bulk load %s: the 3 replicas of partition %d agree%n", loadId, partition);
        }
    }

    @Test
    void wrongPartitionCountMissingAndDamagedFilesAreRefusedBeforeIngesting() throws Exception {
        client.admin().createTable("small", 2, 3, Map.of());
        PegasusTable small = client.openTable("small");
        TestRows rows = new TestRows("", 2_000, 0);
        for (TestRows.Row row : rows.rows()) {
            small.set(b(row.hashKey()), b(row.sortKey()), b("before"));
        }
        String csv = rows.writeCsv(dir.resolve("small.csv")).toString();

        String fourPartitions = generate(csv, "csv", "small", 4, "bulk/small-4");
        LoadChecks.Run refused = cli("start", "--meta", cluster.metaAddress(), "--table", "small", "--from",
                fourPartitions);
        assertEquals(BulkLoadTool.FAILED, refused.exitCode());
        assertTrue(refused.err().contains("generated for 4 partitions") && refused.err().contains("has 2"),
                refused.err());

        LoadChecks.Run otherTable = cli("start", "--meta", cluster.metaAddress(), "--table", "nosuch", "--from",
                fourPartitions);
        assertTrue(otherTable.err().contains("table 'nosuch' does not exist"), otherTable.err());

        FileSystem fs = FileSystem.get(HDFS.uri("/"), HDFS.configuration());
        String missing = generate(csv, "csv", "small", 2, "bulk/small-missing");
        String victim = BulkLoadLayout.file(1, BulkLoadLayout.sstName(1, 0));
        fs.delete(new org.apache.hadoop.fs.Path(missing + "/" + victim), false);
        refused = cli("start", "--meta", cluster.metaAddress(), "--table", "small", "--from", missing);
        assertEquals(BulkLoadTool.FAILED, refused.exitCode());
        assertTrue(refused.err().contains(victim) && refused.err().contains("missing"), refused.err());

        String damaged = generate(csv, "csv", "small", 2, "bulk/small-damaged");
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(damaged + "/" + victim);
        long length = fs.getFileStatus(file).getLen();
        try (OutputStream out = fs.create(file, true)) {
            out.write(new byte[(int) length]);
        }
        LoadChecks.Run failed = cli("start", "--meta", cluster.metaAddress(), "--table", "small", "--from", damaged);
        assertEquals(BulkLoadTool.FAILED, failed.exitCode());
        assertTrue(failed.err().contains(victim) && failed.err().contains("damaged"), failed.err());
        BulkLoad item = latest("small");
        assertEquals(BulkLoadStatus.FAILED, item.status());
        Map<Integer, BulkLoadStatus> partitions = new HashMap<>();
        for (BulkLoadPartition partition : item.partitions()) {
            partitions.put(partition.index(), partition.status());
            assertEquals(0, partition.ingestDecree(), "nothing ingested");
        }
        for (TestRows.Row row : rows.rows()) {
            assertArrayEquals(b("before"), small.get(b(row.hashKey()), b(row.sortKey())), row.toString());
        }
        PegasusException nothingToCancel = org.junit.jupiter.api.Assertions.assertThrows(PegasusException.class,
                () -> client.admin().controlBulkLoad("small", BulkLoadControl.CANCEL));
        assertTrue(nothingToCancel.getMessage().contains("no bulk load"), nothingToCancel.getMessage());
        System.out.println("damaged load failed as expected: " + item.error().orElse("") + " " + partitions);
    }
}
