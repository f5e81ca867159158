package dev.pegasus.spark;

import dev.pegasus.bulkload.TestRows;
import java.util.List;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A job that bulk-loads the bulk load tests' rows ({@link TestRows}: some with a TTL, then
 * duplicates of the first keys with new values) into a table with {@code method=bulkload}. The rows
 * are one local DataFrame in their order, split in order over Spark's partitions, so the duplicates
 * come last and win. Arguments: META TABLE STAGING COUNT DUPLICATES.
 */
public final class TestRowsBulkLoad {
    private TestRowsBulkLoad() {
    }

    public static void main(String[] args) {
        // The SST files are written by this RocksDB: the test checks it is Spark's.
        org.rocksdb.RocksDB.loadLibrary();
        System.out.println("rocksdbjni " + org.rocksdb.RocksDB.rocksdbVersion());
        SparkSession spark = SparkSession.builder().appName("bulk load of test rows").getOrCreate();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart job) {
                System.out.println("job description: " + job.properties().getProperty("spark.job.description"));
            }
        });
        try {
            List<Row> rows = new TestRows("", Integer.parseInt(args[3]), Integer.parseInt(args[4])).rows().stream()
                    .map(r -> RowFactory.create(r.hashKey(), r.sortKey(), r.value(),
                            r.ttlSeconds() > 0 ? r.ttlSeconds() : null))
                    .toList();
            StructType schema = new StructType().add("hash_key", DataTypes.StringType)
                    .add("sort_key", DataTypes.StringType).add("value", DataTypes.StringType)
                    .add("ttl_seconds", DataTypes.IntegerType);
            spark.createDataFrame(rows, schema).write().format("pegasus")
                    .option("meta", args[0]).option("table", args[1]).option("method", "bulkload")
                    .option("staging", args[2]).option("target_file_mb", "1")
                    .mode("append").save();
        } finally {
            spark.stop();
        }
    }
}
