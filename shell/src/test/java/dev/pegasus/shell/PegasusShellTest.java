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
import java.util.List;
import java.util.regex.Pattern;
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
    void metaLevelBalanceAndDecommissionPrintWhatTheMetaServerSays() {
        Result levels = run("get_meta_level; set_meta_level steady; get_meta_level; set_meta_level lively");
        assertEquals(0, levels.status(), levels.errors());
        assertEquals(List.of("meta level: lively", "meta level: steady", "meta level: steady", "meta level: lively"),
                lines(levels.output()));

        Result balance = run("balance");
        assertEquals(0, balance.status(), balance.errors());
        List<String> lines = lines(balance.output());
        assertEquals("meta level: lively (frozen: 2 replica servers alive, fewer than the 3 balancing needs)",
                lines.get(0));
        assertEquals(String.format("%-22s %-8s %-10s %9s %9s", "node", "status", "drain", "primaries", "replicas"),
                lines.get(1));
        assertTrue(lines.get(2).matches("127\\.0\\.0\\.1:\\d+ +ALIVE +- +\\d+ +\\d+"), balance.output());
        assertTrue(lines.contains("copies under way: none"), balance.output());
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("next steps: ")), balance.output());

        String node = lines.get(2).split(" +")[0];
        Result status = run("decommission " + node + " --status");
        assertEquals(0, status.status(), status.errors());
        assertTrue(lines(status.output()).get(0).matches(Pattern.quote(node)
                + " is not decommissioned \\(\\d+ replicas\\)"), status.output());
        Result unknown = run("decommission 127.0.0.1:1 --status");
        assertEquals(1, unknown.status());
        assertTrue(unknown.errors().contains("decommission 127.0.0.1:1 DO_QUERY failed: no replica server "
                + "127.0.0.1:1 is known to the meta server"), unknown.errors());
    }

    @Test
    void splitPrintsTheMetaServersHintsUntilItEnds() {
        Result created = run("create halves -p 2 -r 1; split halves --status");
        assertEquals(0, created.status(), created.errors());
        assertTrue(lines(created.output()).contains("table 'halves' is not splitting; it has 2 partitions"),
                created.output());
        // One session, two statements: the second split starts one, whatever option the first had.
        Result started = run("split halves --status; split halves");
        assertEquals(0, started.status(), started.errors());
        assertEquals(List.of("table 'halves' is not splitting; it has 2 partitions",
                "table 'halves' splits into 4 partitions"), lines(started.output()));
        Result followed = run("split halves --status --wait --timeout-s 120");
        assertEquals(0, followed.status(), followed.errors());
        List<String> lines = lines(followed.output());
        assertTrue(lines.get(0).matches("split of 'halves' to 4 partitions: splitting, \\d of 2 children registered"),
                followed.output());
        assertEquals("table 'halves' is not splitting; it has 4 partitions", lines.get(lines.size() - 1));
        Result paused = run("split halves --pause");
        assertEquals(1, paused.status());
        assertTrue(paused.errors().contains("controlSplit 'halves' SC_PAUSE failed: "), paused.errors());
    }

    private static List<String> lines(String output) {
        return output.lines().map(String::stripTrailing).filter(line -> !line.isEmpty()).toList();
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
