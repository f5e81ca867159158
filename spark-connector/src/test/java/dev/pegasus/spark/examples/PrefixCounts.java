package dev.pegasus.spark.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The README's example job: counts the records of a snapshot per hash-key prefix, offline, and
 * writes the counts to a live table, one record per prefix under the hash key {@code prefix_counts}.
 *
 * <p>Arguments: {@code SNAPSHOT PREFIX_LENGTH META TABLE}, e.g.
 * {@code hdfs://nn:8020/pegasus/backups/events/1764067200000 4 127.0.0.1:34601 event_stats}.
 */
public final class PrefixCounts {
    private PrefixCounts() {
    }

    public static void run(SparkSession spark, String snapshot, int prefixLength, String meta, String table) {
        Dataset<Row> records = spark.read().format("pegasus")
                .option("snapshot", snapshot)
                .option("encoding", "string")
                .load();
        Dataset<Row> counts = records
                .groupBy(substring(col("hash_key"), 1, prefixLength).as("prefix"))
                .count();
        counts.select(lit("prefix_counts").as("hash_key"), col("prefix").as("sort_key"),
                        col("count").cast("string").as("value"))
                .write().format("pegasus")
                .option("meta", meta)
                .option("table", table)
                .mode("append")
                .save();
    }

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("pegasus-prefix-counts")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        try {
            run(spark, args[0], Integer.parseInt(args[1]), args[2], args[3]);
        } finally {
            spark.stop();
        }
    }
}
