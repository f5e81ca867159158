package dev.pegasus.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.PartitionHash;
import dev.pegasus.server.testing.Await;
import dev.pegasus.server.testing.InProcessCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The one-shot shell against a real cluster: output and exit status, as a user sees them. */
class PegasusShellTest {
    @TempDir
    static Path dir;
    static InProcessCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new InProcessCluster(dir, 2);
        Await.until("nodes alive", Duration.ofSeconds(30), () -> run("nodes").output().contains("2 alive"));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    record Result(int status, String output, String errors) {}

    static synchronized Result run(String statements) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = new CommandLine(new PegasusShell()).execute("--meta", cluster.metaAddress(), "-e", statements);
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void createUseSetGetPrintsTheValue() {
        Result result = run("create t1 -p 8 -r 1; use t1; set a b c; get a b");
        assertEquals(0, result.status(), result.errors());
        String[] lines = result.output().trim().split("\n");
        assertEquals("c", lines[lines.length - 1].trim());
    }

    @Test
    void hashShowsThePartitionPegasusWouldChoose() {
        run("create hashed -p 16 -r 1");
        Result result = run("use hashed; hash user_42 anything");
        assertEquals(0, result.status(), result.errors());
        long hash = PartitionHash.crc64("user_42".getBytes(StandardCharsets.UTF_8));
        assertTrue(result.output().contains("partition_index: " + Long.remainderUnsigned(hash, 16)), result.output());
        assertTrue(result.output().contains("primary: 127.0.0.1:"), result.output());
    }

    @Test
    void failingStatementStopsWithNonZeroStatus() {
        Result result = run("use no_such_table; set a b c");
        assertEquals(1, result.status());
        assertTrue(result.errors().contains("no_such_table"), result.errors());
    }

    @Test
    void dataCommandsWork() {
        Result result = run("create data1 -p 4 -r 1; use data1; multi_set h s1 v1 s2 v2; multi_get h; "
                + "incr h n 5; exist h s1; del h s1; exist h s1; sortkey_count h; scan h; count_data; app data1 -d; "
                + "ls -d; cluster_info");
        assertEquals(0, result.status(), result.errors());
        String out = result.output();
        assertTrue(out.contains("\"h\" : \"s2\" => \"v2\""), out);
        assertTrue(out.contains("True") && out.contains("False"), out);
        assertTrue(out.contains("4 of 4 partitions healthy"), out);
        assertTrue(out.contains("data1"), out);
        assertTrue(out.contains("4/4"), "ls -d counts healthy partitions: " + out);
    }

    @Test
    void quotedAndEscapedValues() {
        Result result = run("create quoted -p 2 -r 1; use quoted; set k 's k' 'hello; world'; get k 's k'; "
                + "set k bin \\x00\\xFF; get k bin");
        assertEquals(0, result.status(), result.errors());
        assertTrue(result.output().contains("hello; world"), result.output());
        assertTrue(result.output().contains("\\x00\\xFF"), result.output());
    }
}
