package dev.pegasus.bulkload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.FullKey;
import dev.pegasus.client.PegasusTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks of loaded tables through the client, and the command line run in-process. */
public final class LoadChecks {
    private LoadChecks() {
    }

    public static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Every expected row reads back through the client with its value, and its TTL when it has one. */
    public static void assertRows(PegasusTable table, Map<String, TestRows.Row> expected) {
        List<TestRows.Row> rows = new ArrayList<>(expected.values());
        for (int from = 0; from < rows.size(); from += 500) {
            List<TestRows.Row> batch = rows.subList(from, Math.min(rows.size(), from + 500));
            List<byte[]> values = table.batchGet(batch.stream().map(r -> new FullKey(b(r.hashKey()), b(r.sortKey())))
                    .toList());
            for (int i = 0; i < batch.size(); i++) {
                TestRows.Row row = batch.get(i);
                assertEquals(row.value(), values.get(i) == null ? null : new String(values.get(i), StandardCharsets.UTF_8),
                        row.hashKey() + "/" + row.sortKey());
            }
        }
        for (TestRows.Row row : rows) {
            if (row.ttlSeconds() > 0) {
                int ttl = table.ttl(b(row.hashKey()), b(row.sortKey()));
                assertTrue(ttl > row.ttlSeconds() - 300 && ttl <= row.ttlSeconds(), row + " has TTL " + ttl);
            }
        }
        TestRows.Row plain = rows.stream().filter(r -> r.ttlSeconds() == 0).findFirst().orElseThrow();
        assertEquals(PegasusTable.TTL_NONE, table.ttl(b(plain.hashKey()), b(plain.sortKey())));
    }

    /** Output and exit code of one command line run. */
    record Run(int exitCode, String out, String err) {
        Run assertOk() {
            assertEquals(BulkLoadTool.OK, exitCode, "stdout: " + out + "\nstderr: " + err);
            return this;
        }
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BulkLoadTool.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }
}
