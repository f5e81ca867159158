package dev.pegasus.spark;

import static dev.pegasus.spark.SnapshotFixture.b;
import static dev.pegasus.spark.SnapshotReadTest.messages;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.bulkload.LoadChecks;
import dev.pegasus.bulkload.TestRows;
import dev.pegasus.checkpoint.tools.MiniHdfs;
import dev.pegasus.client.BulkLoad;
import dev.pegasus.client.BulkLoadStatus;
import dev.pegasus.client.PegasusException;
import dev.pegasus.client.PegasusTable;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DataFrames written with {@code method=bulkload} into a real cluster through a MiniDFSCluster: a job
 * on Spark's own rocksdbjni (9.8.4) generates the SST files that the servers (on theirs) ingest into
 * a 3-replica table that already holds records; every record reads back through the client with its
 * value and TTL, the last of duplicate rows wins over the live record of its key, and live records
 * the load does not touch stay. Bad columns, an unknown table and bad options fail the write before
 * anything is generated or ingested.
 */
class BulkLoadWriteTest {
    @RegisterExtension
    static final SharedCluster cluster = new SharedCluster();
    @RegisterExtension
    static final MiniHdfs hdfs = new MiniHdfs();
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = TestSpark.session();
    }

    @Test
    void aDataFrameWithTtlsAndDuplicatesIsIngestedOverLiveRecords() throws Exception {
        cluster.client().admin().createTable("loaded", 4, 3, Map.of());
        PegasusTable table = cluster.client().openTable("loaded");
        // Live records: keys the load overwrites, and keys it does not touch.
        for (int i = 0; i < 400; i++) {
            table.set(b("user" + (i % 300)), b("s" + i), b("live " + i));
            table.set(b("other" + i), b("x"), b("kept " + i), i % 2 == 0 ? 0 : 7200);
        }
        TestRows rows = new TestRows("", 5_000, 800);
        String classpath = SparkJvm.classpathWithSparksRocksDb().collect(Collectors.joining(File.pathSeparator));
        String output = SparkJvm.run(classpath, TestRowsBulkLoad.class.getName(), List.of(cluster.metaAddress(),
                "loaded", hdfs.uri("staging").toString(), "5000", "800"), Duration.ofSeconds(300));

        assertTrue(output.contains("rocksdbjni 9.8.4"), "the job ran on Spark's rocksdbjni: " + output);
        assertTrue(output.contains("started from " + hdfs.uri("staging/loaded")), output);
        assertTrue(output.contains("into table loaded succeeded: 5000 records"), output);
        assertTrue(output.contains("job description: Pegasus bulk load into table 'loaded': generating 4 partitions"),
                "the generating job is named in Spark's UI: " + output);
        List<BulkLoad> loads = cluster.client().admin().bulkLoadStatus("loaded", null);
        assertEquals(BulkLoadStatus.SUCCEEDED, loads.get(loads.size() - 1).status());
        assertEquals(5_000, loads.get(loads.size() - 1).recordCount());

        LoadChecks.assertRows(table, rows.expected());
        assertArrayEquals(b("late 0"), table.get(b("user0"), b("s0")), "the last duplicate wins over the live value");
        for (int i = 0; i < 400; i++) {
            assertArrayEquals(b("kept " + i), table.get(b("other" + i), b("x")), "untouched live record " + i);
        }
        assertEquals(PegasusTable.TTL_NONE, table.ttl(b("other0"), b("x")));
        assertTrue(table.ttl(b("other1"), b("x")) > 7000, "a live TTL stays");
    }

    private static Dataset<Row> records(int count) {
        return spark.range(0, count).select(concat(lit("k"), col("id").mod(10)).as("hash_key"),
                concat(lit("s"), col("id")).as("sort_key"), concat(lit("v"), col("id")).as("value"));
    }

    private static DataFrameWriter<Row> bulkLoad(Dataset<Row> rows, String table, String staging) {
        return rows.write().format("pegasus").option("meta", cluster.metaAddress()).option("table", table)
                .option("method", "bulkload").option("staging", hdfs.uri(staging).toString()).mode("append");
    }

    @Test
    void badColumnsAndAnUnknownTableFailBeforeAnythingIsGenerated() throws Exception {
        cluster.client().admin().createTable("refused", 2, 3, Map.of());
        FileSystem fs = FileSystem.get(hdfs.uri("/"), hdfs.configuration());

        Exception columns = assertThrows(Exception.class, () -> bulkLoad(records(10).drop("value")
                .withColumn("ttl_seconds", lit("1h")), "refused", "refused-columns").save());
        assertTrue(messages(columns).contains("column 'value' is missing; column 'ttl_seconds' is string, not int"),
                messages(columns));
        assertTrue(!fs.exists(new Path(hdfs.uri("refused-columns"))), "nothing staged for bad columns");

        Exception table = assertThrows(Exception.class, () -> bulkLoad(records(10), "nope", "unknown-table").save());
        assertTrue(messages(table).contains("cannot bulk load into table 'nope' of the cluster at "
                + cluster.metaAddress()), messages(table));
        assertTrue(!fs.exists(new Path(hdfs.uri("unknown-table"))), "nothing staged for an unknown table");
        PegasusException noLoad = assertThrows(PegasusException.class,
                () -> cluster.client().admin().bulkLoadStatus("refused", null));
        assertTrue(noLoad.getMessage().contains("has had no bulk load"), "nothing ingested: " + noLoad.getMessage());

        Exception staging = assertThrows(Exception.class, () -> records(10).write().format("pegasus")
                .option("meta", cluster.metaAddress()).option("table", "refused").option("method", "bulkload")
                .mode("append").save());
        assertTrue(messages(staging).contains("needs option 'staging'"), messages(staging));

        Exception online = assertThrows(Exception.class, () -> bulkLoad(records(10), "refused", "online-option")
                .option("batch_size", "10").save());
        assertTrue(messages(online).contains("option 'batch_size' is one of method=online, not of method=bulkload"),
                messages(online));
    }
}
