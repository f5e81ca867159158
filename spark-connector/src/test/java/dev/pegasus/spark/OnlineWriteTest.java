package dev.pegasus.spark;

import static dev.pegasus.spark.SnapshotFixture.b;
import static dev.pegasus.spark.SnapshotReadTest.messages;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.repeat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.client.FullKey;
import dev.pegasus.client.PegasusTable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DataFrames written online to a real cluster and read back through the client: string and binary
 * columns, TTLs, a task that fails halfway and is run again, and the errors of bad columns and options.
 */
class OnlineWriteTest {
    @RegisterExtension
    static final SharedCluster cluster = new SharedCluster();
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = TestSpark.session();
    }

    private static PegasusTable createTable(String name) {
        cluster.client().admin().createTable(name, 4, 3, Map.of());
        return cluster.client().openTable(name);
    }

    private static Dataset<Row> records(int count) {
        return spark.range(0, count).select(
                concat(lit("k"), col("id").mod(100)).as("hash_key"),
                concat(lit("s"), col("id")).as("sort_key"),
                concat(lit("v"), col("id")).as("value"));
    }

    private static DataFrameWriter<Row> pegasus(Dataset<Row> rows, String table) {
        return rows.write().format("pegasus").option("meta", cluster.metaAddress()).option("table", table)
                .mode("append");
    }

    private static void assertWritten(PegasusTable table, int count) {
        List<FullKey> keys = new ArrayList<>();
        for (long id = 0; id < count; id++) {
            keys.add(new FullKey(b("k" + id % 100), b("s" + id)));
        }
        List<byte[]> values = table.batchGet(keys);
        for (int id = 0; id < count; id++) {
            assertArrayEquals(b("v" + id), values.get(id), "record " + id);
        }
    }

    @Test
    void stringColumnsAreWrittenAndReadBackThroughTheClient() {
        PegasusTable table = createTable("strings");
        pegasus(records(3_000).repartition(3), "strings").option("batch_size", "50").save();
        assertWritten(table, 3_000);
    }

    @Test
    void binaryColumnsAndTtls() {
        PegasusTable table = createTable("binaries");
        Dataset<Row> rows = records(200).select(col("hash_key").cast("binary").as("hash_key"),
                col("sort_key").cast("binary").as("sort_key"), col("value").cast("binary").as("value"),
                lit(3_600).as("ttl_seconds"));
        pegasus(rows, "binaries").save();
        assertWritten(table, 200);
        int ttl = table.ttl(b("k7"), b("s7"));
        assertTrue(ttl > 3_000 && ttl <= 3_600, "ttl " + ttl);
    }

    /** Fails the first attempt of the first task after some of its rows went out; Spark runs it again. */
    static final class FailFirstAttempt implements MapPartitionsFunction<Row, Row> {
        /** Local mode runs tasks in this JVM, so the test can count the failures here. */
        static final AtomicInteger FAILURES = new AtomicInteger();

        @Override
        public Iterator<Row> call(Iterator<Row> input) {
            TaskContext task = TaskContext.get();
            boolean fail = task.partitionId() == 0 && task.attemptNumber() == 0;
            return new Iterator<>() {
                private int seen;

                @Override
                public boolean hasNext() {
                    if (fail && seen == 300) {
                        FAILURES.incrementAndGet();
                        throw new IllegalStateException("the first attempt of task 0 fails on purpose");
                    }
                    return input.hasNext();
                }

                @Override
                public Row next() {
                    seen++;
                    return input.next();
                }
            };
        }
    }

    @Test
    void aTaskRunAgainWritesTheSameRecordsAgain() {
        PegasusTable table = createTable("retried");
        Dataset<Row> rows = records(2_000).repartition(2);
        Dataset<Row> failingOnce = rows.mapPartitions(new FailFirstAttempt(), Encoders.row(rows.schema()));
        pegasus(failingOnce, "retried").option("batch_size", "20").save();
        assertEquals(1, FailFirstAttempt.FAILURES.get(), "the first attempt of task 0 should have failed");
        assertWritten(table, 2_000);
    }

    @Test
    void badColumnsAreNamed() {
        createTable("refusing");
        Exception missing = assertThrows(Exception.class,
                () -> pegasus(records(10).drop("value"), "refusing").save());
        assertTrue(messages(missing).contains("column 'value' is missing"), messages(missing));

        Exception mistyped = assertThrows(Exception.class,
                () -> pegasus(records(10).withColumn("value", lit(7)), "refusing").save());
        assertTrue(messages(mistyped).contains("column 'value' is int, not binary or string"), messages(mistyped));

        Exception extra = assertThrows(Exception.class,
                () -> pegasus(records(10).withColumn("valeu", lit("x")), "refusing").save());
        assertTrue(messages(extra).contains("column 'valeu' is not one the writer takes"), messages(extra));

        Exception ttl = assertThrows(Exception.class,
                () -> pegasus(records(10).withColumn("ttl_seconds", lit("1h")), "refusing").save());
        assertTrue(messages(ttl).contains("column 'ttl_seconds' is string, not int"), messages(ttl));
    }

    @Test
    void aRecordTheClientRefusesFailsTheJobWithTheReason() {
        createTable("oversized");
        Dataset<Row> big = records(3).withColumn("value", repeat(lit("x"), 1_100_000));
        Exception refused = assertThrows(Exception.class, () -> pegasus(big, "oversized").save());
        assertTrue(messages(refused).contains("value is 1100000 bytes; the limit is"), messages(refused));
    }

    @Test
    void largeValuesAreBatchedWithinTheRequestLimit() {
        PegasusTable table = createTable("large");
        Dataset<Row> rows = records(40).withColumn("value", repeat(lit("y"), 200_000));
        pegasus(rows.coalesce(1), "large").save();
        assertEquals(200_000, table.get(b("k39"), b("s39")).length);
    }

    @Test
    void badOptionsAreNamed() {
        Exception method = assertThrows(Exception.class,
                () -> pegasus(records(10), "strings").option("method", "bulk").save());
        assertTrue(messages(method).contains("option 'method' is 'bulk'; accepted values: online, bulkload"),
                messages(method));

        Exception otherMethods = assertThrows(Exception.class,
                () -> pegasus(records(10), "strings").option("staging", "file:///tmp").save());
        assertTrue(messages(otherMethods).contains("option 'staging' is one of method=bulkload, not of method=online"),
                messages(otherMethods));

        Exception noMeta = assertThrows(Exception.class, () -> records(10).write().format("pegasus")
                .option("table", "strings").mode("append").save());
        assertTrue(messages(noMeta).contains("needs option 'meta'"), messages(noMeta));

        Exception noTable = assertThrows(Exception.class, () -> pegasus(records(10), "nope").save());
        assertTrue(messages(noTable).contains("cannot write to table 'nope'"), messages(noTable));

        Exception misspelt = assertThrows(Exception.class,
                () -> pegasus(records(10), "strings").option("btach_size", "10").save());
        assertTrue(messages(misspelt).contains("unknown option 'btach_size' for writing to pegasus"),
                messages(misspelt));

        Exception batch = assertThrows(Exception.class,
                () -> pegasus(records(10), "strings").option("batch_size", "0").save());
        assertTrue(messages(batch).contains("option 'batch_size' is '0'"), messages(batch));
    }
}
