package dev.pegasus.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of the tests: local mode with two threads, on loopback only. Each task may run
 * twice ({@code local[2,2]}), as on a cluster, so that a failed task is retried. One session per JVM,
 * shared by the test classes; it ends with the JVM.
 */
final class TestSpark {
    private TestSpark() {
    }

    static SparkSession session() {
        return SparkSession.builder()
                .master("local[2,2]")
                .appName("pegasus-spark-connector-test")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }
}
