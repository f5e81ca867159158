package dev.pegasus.checkpoint.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.PegasusClient;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.server.testing.InProcessCluster;
import dev.pegasus.server.testing.TestClients;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup command line against a running cluster and a MiniDFSCluster: start a backup to
 * hdfs://, list and verify it, restore it as a new table and read every record back; policies.
 */
class BackupCommandLineTest {
    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();
    private static final Pattern BACKUP_ID = Pattern.compile("backup (\\d+) of table");

    @TempDir
    static Path dir;
    static InProcessCluster cluster;
    static PegasusClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = new InProcessCluster(dir, 3);
        client = TestClients.openWhenAlive(cluster.metaAddress(), Duration.ofSeconds(10), 3);
    }

    @AfterAll
    static void stop() {
        client.close();
        cluster.close();
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BackupTool.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void backupToHdfsListVerifyAndRestore() {
        client.admin().createTable("events", 4, 3, Map.of());
        PegasusTable events = client.openTable("events");
        for (int i = 0; i < 1_000; i++) {
            events.set(b("event" + i), b("payload"), b("value" + i));
        }
        String root = hdfs.uri("pegasus/backups").toString();

        Run started = run("start", "--meta", cluster.metaAddress(), "--table", "events", "--to", root);
        assertEquals(BackupTool.OK, started.exitCode(), started.err());
        Matcher id = BACKUP_ID.matcher(started.out());
        assertTrue(id.find(), started.out());
        String backupId = id.group(1);
        assertTrue(started.out().contains("succeeded, 4/4 partitions uploaded"), started.out());

        Run status = run("status", "--meta", cluster.metaAddress(), "--backup", backupId);
        assertEquals(BackupTool.OK, status.exitCode(), status.err());
        assertTrue(status.out().contains("succeeded") && status.out().contains("UPLOADED"), status.out());

        Run listed = run("list", "--from", root);
        assertTrue(listed.out().contains(backupId) && listed.out().contains("complete"), listed.out());

        Run verified = run("verify", "--from", root, "--backup", backupId);
        assertEquals(BackupTool.OK, verified.exitCode(), verified.out() + verified.err());
        assertTrue(verified.out().contains("1000"), verified.out());

        Run restored = run("restore", "--meta", cluster.metaAddress(), "--from", root, "--backup", backupId, "--as",
                "events_copy");
        assertEquals(BackupTool.OK, restored.exitCode(), restored.out() + restored.err());
        PegasusTable copy = client.openTable("events_copy");
        for (int i = 0; i < 1_000; i++) {
            assertArrayEquals(b("value" + i), copy.get(b("event" + i), b("payload")), "record " + i);
        }
    }

    @Test
    void policiesAreAddedListedAndRemoved() {
        String root = hdfs.uri("pegasus/scheduled").toString();
        client.admin().createTable("ledger", 2, 3, Map.of());
        Run added = run("policy", "add", "daily", "--meta", cluster.metaAddress(), "--tables", "ledger",
                "--interval", "1d", "--keep", "7", "--to", root);
        assertEquals(BackupTool.OK, added.exitCode(), added.err());
        assertTrue(added.out().contains("daily") && added.out().contains("86400"), added.out());
        Run listed = run("policy", "list", "--meta", cluster.metaAddress());
        assertTrue(listed.out().contains("ledger"), listed.out());
        Run removed = run("policy", "remove", "daily", "--meta", cluster.metaAddress());
        assertTrue(removed.out().contains("no backup policies"), removed.out());
        Run badInterval = run("policy", "add", "weekly", "--meta", cluster.metaAddress(), "--tables", "ledger",
                "--interval", "1w", "--keep", "2", "--to", root);
        assertEquals(BackupTool.FAILED, badInterval.exitCode());
        assertTrue(badInterval.err().contains("interval '1w'"), badInterval.err());
    }

    @Test
    void unknownTableAndUnreachableRootAreRefusedClearly() {
        Run unknown = run("start", "--meta", cluster.metaAddress(), "--table", "nope", "--to",
                hdfs.uri("x").toString());
        assertEquals(BackupTool.FAILED, unknown.exitCode());
        assertTrue(unknown.err().contains("table 'nope' does not exist"), unknown.err());
    }
}
