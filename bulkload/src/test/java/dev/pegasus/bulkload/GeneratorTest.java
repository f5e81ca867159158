package dev.pegasus.bulkload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.checkpoint.BulkLoadLayout;
import dev.pegasus.checkpoint.LocalFileStore;
import dev.pegasus.protocol.ValueSchema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator on the local disk: rows land in their partitions sorted, the last of duplicate keys
 * wins, TTLs become expire_ts, inputs larger than the memory budget are sorted on disk, and bad input
 * is refused naming the file and line with nothing written.
 */
class GeneratorTest {
    @TempDir
    Path dir;

    private BulkLoadGenerator generator(long memoryBytes, long targetFileBytes, boolean overwrite) {
        return new BulkLoadGenerator(new BulkLoadGenerator.Settings("users", 8, targetFileBytes, memoryBytes, 2,
                dir.resolve("work"), overwrite), new Configuration());
    }

    @Test
    void csvLargerThanMemoryIsPartitionedSortedAndDeduplicated() throws Exception {
        TestRows rows = new TestRows("", 20_000, 3_000);
        Path csv = rows.writeCsv(dir.resolve("rows.csv"));
        Path out = dir.resolve("out");
        long before = System.currentTimeMillis() / 1000;
        BulkLoadGenerator.Result result = generator(256 << 10, 4 << 10, false).generate(csv.toString(), InputFormat.CSV,
                out.toUri().toString());
        long after = System.currentTimeMillis() / 1000;
        assertEquals(23_000, result.rowsRead());
        assertEquals(20_000, result.records());
        assertTrue(result.spills() > 1, "a 256 KiB budget spills: " + result.spills());
        assertTrue(result.files() > 8, "4 KiB files: several per partition: " + result.files());

        Map<String, byte[]> records = GeneratedLoad.read(new LocalFileStore(out), dir.resolve("scratch"));
        Map<String, TestRows.Row> expected = rows.expected();
        assertEquals(expected.keySet(), records.keySet());
        for (Map.Entry<String, TestRows.Row> entry : expected.entrySet()) {
            byte[] stored = records.get(entry.getKey());
            assertEquals(entry.getValue().value(), new String(ValueSchema.userValue(stored), StandardCharsets.UTF_8),
                    entry.getKey());
            int expireTs = ValueSchema.expireTs(stored);
            if (entry.getValue().ttlSeconds() == 0) {
                assertEquals(0, expireTs, entry.getKey());
            } else {
                assertTrue(expireTs >= ValueSchema.expireTsForTtl(before, TestRows.TTL_SECONDS)
                        && expireTs <= ValueSchema.expireTsForTtl(after, TestRows.TTL_SECONDS), entry.getKey());
            }
        }
    }

    @Test
    void jsonLinesGiveTheSameRecordsAsCsv() throws Exception {
        TestRows rows = new TestRows("", 2_000, 500);
        Path csvOut = dir.resolve("csv-out");
        Path jsonOut = dir.resolve("json-out");
        generator(64 << 20, 64 << 20, false).generate(rows.writeCsv(dir.resolve("rows.csv")).toString(), InputFormat.CSV,
                csvOut.toString());
        generator(64 << 20, 64 << 20, false).generate(rows.writeJsonLines(dir.resolve("rows.jsonl")).toString(),
                InputFormat.JSONL, jsonOut.toString());
        Map<String, byte[]> fromCsv = GeneratedLoad.read(new LocalFileStore(csvOut), dir.resolve("a"));
        Map<String, byte[]> fromJson = GeneratedLoad.read(new LocalFileStore(jsonOut), dir.resolve("b"));
        assertEquals(fromCsv.keySet(), fromJson.keySet());
        fromCsv.forEach((key, value) -> assertEquals(new String(ValueSchema.userValue(value), StandardCharsets.UTF_8),
                new String(ValueSchema.userValue(fromJson.get(key)), StandardCharsets.UTF_8), key));
    }

    @Test
    void badCsvLineIsNamedAndNothingIsWritten() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "a,1,x\nb,2,y\nc,3\nd,4,z\n");
        Path out = dir.resolve("bad-out");
        BadInputException e = assertThrows(BadInputException.class, () -> generator(1 << 20, 1 << 20, false)
                .generate(csv.toString(), InputFormat.CSV, out.toString()));
        assertTrue(e.getMessage().contains("bad.csv line 3") && e.getMessage().contains("found 2"), e.getMessage());
        assertFalse(Files.exists(out.resolve(BulkLoadLayout.INFO)));

        Files.writeString(csv, "a,1,x,soon\n");
        e = assertThrows(BadInputException.class, () -> generator(1 << 20, 1 << 20, false)
                .generate(csv.toString(), InputFormat.CSV, out.toString()));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("soon"), e.getMessage());

        Path json = dir.resolve("bad.jsonl");
        Files.writeString(json, "{\"hash_key\":\"a\",\"value\":\"x\"}\n{\"hash_key\":\"b\"}\n");
        e = assertThrows(BadInputException.class, () -> generator(1 << 20, 1 << 20, false)
                .generate(json.toString(), InputFormat.JSONL, out.toString()));
        assertTrue(e.getMessage().contains("bad.jsonl line 2") && e.getMessage().contains("\"value\""), e.getMessage());
    }

    @Test
    void commandLineGeneratesAndRefusesToOverwriteByDefault() throws Exception {
        Path csv = new TestRows("", 100, 0).writeCsv(dir.resolve("rows.csv"));
        Path out = dir.resolve("cli-out");
        String[] args = {"generate", "--input", csv.toString(), "--format", "csv", "--table-partitions", "4", "--out",
                out.toUri().toString(), "--table", "users", "--work-dir", dir.resolve("work").toString()};
        StringWriter printed = new StringWriter();
        StringWriter errors = new StringWriter();
        assertEquals(BulkLoadTool.OK, BulkLoadTool.execute(new PrintWriter(printed), new PrintWriter(errors), args),
                errors.toString());
        assertTrue(printed.toString().contains("generated 100 records"), printed.toString());
        assertEquals(BulkLoadTool.FAILED, BulkLoadTool.execute(new PrintWriter(printed), new PrintWriter(errors), args));
        assertTrue(errors.toString().contains("--overwrite"), errors.toString());
        assertEquals(BulkLoadTool.USAGE, BulkLoadTool.execute(new PrintWriter(printed), new PrintWriter(errors),
                "generate", "--input", csv.toString(), "--format", "xml", "--table-partitions", "4", "--out",
                out.toString()));
        assertTrue(errors.toString().contains("unknown --format 'xml'"), errors.toString());
    }
}
