package dev.pegasus.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.bulkload.BulkLoadTool;
import dev.pegasus.bulkload.GeneratedLoad;
import dev.pegasus.bulkload.TestRows;
import dev.pegasus.checkpoint.BulkLoadInfo;
import dev.pegasus.checkpoint.BulkLoadLayout;
import dev.pegasus.checkpoint.BulkLoadPartition;
import dev.pegasus.checkpoint.BulkLoadRepository;
import dev.pegasus.checkpoint.LocalFileStore;
import dev.pegasus.checkpoint.ManifestFile;
import dev.pegasus.protocol.ValueSchema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator as a Spark job writes what the command line writes from the same input, record for
 * record: the same keys in the same partitions and files, the same values, the last of duplicate
 * rows winning across the files of a directory, TTLs counted from each generation; and it refuses a
 * bad row naming its file and line, leaving no complete load behind.
 */
class BulkLoadGenerateJobTest {
    private static final int PARTITIONS = 4;
    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = TestSpark.session();
    }

    /** Output and exit code of one run. */
    private record Run(int exitCode, String out, String err) {
        Run assertOk() {
            assertEquals(0, exitCode, "stdout: " + out + "\nstderr: " + err);
            return this;
        }
    }

    private static Run job(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BulkLoadGenerateJob.execute(spark, new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Run cli(String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = Stream.concat(Stream.of("generate"), Arrays.stream(options)).toArray(String[]::new);
        int code = BulkLoadTool.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The options both generators take. */
    private static String[] options(String input, String format, Path out) {
        return new String[] {"--input", input, "--format", format, "--table-partitions",
                Integer.toString(PARTITIONS), "--out", out.toUri().toString(), "--table", "users",
                "--target-file-mb", "1", "--work-dir", dir.resolve("work").toString()};
    }

    /** Runs both generators on one input and compares their directories. */
    private static void assertSameOutput(String input, String format, String name, int records) throws Exception {
        Path byCli = dir.resolve(name + "-cli");
        Path bySpark = dir.resolve(name + "-spark");
        long before = System.currentTimeMillis() / 1000;
        cli(options(input, format, byCli)).assertOk();
        Run spark = job(options(input, format, bySpark)).assertOk();
        long seconds = System.currentTimeMillis() / 1000 - before + 1;
        assertTrue(spark.out().contains("generated " + records + " records for table users, 4 partitions"),
                spark.out());

        BulkLoadRepository cliLoad = new BulkLoadRepository(new LocalFileStore(byCli));
        BulkLoadRepository sparkLoad = new BulkLoadRepository(new LocalFileStore(bySpark));
        BulkLoadInfo cliInfo = cliLoad.info();
        BulkLoadInfo sparkInfo = sparkLoad.info();
        assertEquals(List.of(cliInfo.tableName(), cliInfo.partitionCount(), cliInfo.recordCount()),
                List.of(sparkInfo.tableName(), sparkInfo.partitionCount(), sparkInfo.recordCount()));
        assertEquals(records, sparkInfo.recordCount());
        List<BulkLoadPartition> cliPartitions = cliLoad.checkComplete(cliInfo);
        List<BulkLoadPartition> sparkPartitions = sparkLoad.checkComplete(sparkInfo);
        for (int i = 0; i < PARTITIONS; i++) {
            assertEquals(cliPartitions.get(i).recordCount(), sparkPartitions.get(i).recordCount(), "partition " + i);
            assertEquals(cliPartitions.get(i).files().stream().map(ManifestFile::name).toList(),
                    sparkPartitions.get(i).files().stream().map(ManifestFile::name).toList(), "files of partition " + i);
        }

        Map<String, byte[]> cliRecords = GeneratedLoad.read(new LocalFileStore(byCli), dir.resolve(name + "-scratch1"));
        Map<String, byte[]> sparkRecords = GeneratedLoad.read(new LocalFileStore(bySpark), dir.resolve(name + "-scratch2"));
        assertEquals(List.copyOf(cliRecords.keySet()), List.copyOf(sparkRecords.keySet()), "keys, in file order");
        for (Map.Entry<String, byte[]> record : cliRecords.entrySet()) {
            byte[] fromSpark = sparkRecords.get(record.getKey());
            assertArrayEquals(ValueSchema.userValue(record.getValue()), ValueSchema.userValue(fromSpark),
                    record.getKey());
            int cliExpire = ValueSchema.expireTs(record.getValue());
            int sparkExpire = ValueSchema.expireTs(fromSpark);
            assertEquals(cliExpire == 0, sparkExpire == 0, "TTL or none: " + record.getKey());
            assertTrue(Math.abs(cliExpire - sparkExpire) <= seconds, "TTLs count from each generation: "
                    + record.getKey() + " " + cliExpire + " " + sparkExpire);
        }
    }

    @Test
    void aDirectoryOfCsvFilesComesOutAsTheCommandLineWritesIt() throws Exception {
        TestRows rows = new TestRows("", 4_000, 700);
        Path input = Files.createDirectories(dir.resolve("csv-input"));
        List<String> lines = Files.readAllLines(rows.writeCsv(dir.resolve("all.csv")));
        // Duplicates are in the second file: the last file in name order wins; _SUCCESS is skipped.
        Files.write(input.resolve("part-0.csv"), lines.subList(0, 2_500));
        Files.write(input.resolve("part-1.csv"), lines.subList(2_500, lines.size()));
        Files.writeString(input.resolve("_SUCCESS"), "not a row");
        assertSameOutput(input.toString(), "csv", "csv", 4_000);
    }

    @Test
    void parquetAndJsonLinesComeOutAsTheCommandLineWritesThem() throws Exception {
        TestRows rows = new TestRows("pq", 3_000, 400);
        org.apache.hadoop.fs.Path parquet = new org.apache.hadoop.fs.Path(dir.resolve("rows.parquet").toUri());
        rows.writeParquet(parquet, new org.apache.hadoop.conf.Configuration());
        assertSameOutput(parquet.toString(), "parquet", "parquet", 3_000);
        Path jsonl = rows.writeJsonLines(dir.resolve("rows.jsonl"));
        assertSameOutput(jsonl.toString(), "jsonl", "jsonl", 3_000);
    }

    @Test
    void aBadRowIsNamedAndNoCompleteLoadIsLeft() throws Exception {
        Path input = Files.createDirectories(dir.resolve("bad-input"));
        Files.writeString(input.resolve("a.csv"), "k1,s1,v1\n");
        Files.writeString(input.resolve("b.csv"), "k2,s2,v2\nk3,s3,v3,soon\n");
        Path out = dir.resolve("bad-out");
        Run bad = job(options(input.toString(), "csv", out));
        assertEquals(1, bad.exitCode(), bad.out() + bad.err());
        assertTrue(bad.err().contains("b.csv line 2: ttl_seconds 'soon' is not a whole number of seconds"), bad.err());
        assertFalse(Files.exists(out.resolve(BulkLoadLayout.INFO)), "no complete load");

        Run format = job("--input", input.toString(), "--format", "xml", "--table-partitions", "4", "--out",
                out.toUri().toString());
        assertEquals(2, format.exitCode(), format.err());
        assertTrue(format.err().contains("unknown --format 'xml'; use csv, jsonl or parquet"), format.err());
    }
}
