package dev.pegasus.spark.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.sum;

import dev.pegasus.checkpoint.tools.BackupTool;
import dev.pegasus.client.PegasusClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark connector's throughput against a running cluster: an online write of generated rows, then
 * a full read of a backup of them beside a read of the same rows stored as Parquet on the same disk.
 * Both reads compute one aggregate over every column, so that neither can skip a column.
 *
 * <p>Arguments: {@code --meta LIST --work DIR [--rows N] [--value-size BYTES]}.
 */
public final class SparkBench {
    private static final int RUNS = 3;
    private static final Pattern BACKUP_ID = Pattern.compile("backup (\\d+) of table");

    private SparkBench() {
    }

    public static void main(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String meta = options.get("meta");
        Path work = Path.of(options.get("work")).toAbsolutePath();
        long rows = Long.parseLong(options.getOrDefault("rows", "100000"));
        int valueSize = Integer.parseInt(options.getOrDefault("value-size", "100"));
        String table = "spark_bench";

        SparkSession spark = SparkSession.builder().master("local[2]").appName("pegasus-spark-bench")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try (PegasusClient client = PegasusClient.open(meta)) {
            client.admin().createTable(table, 8, 3, Map.of());
        }

        Dataset<Row> generated = spark.range(0, rows, 1, 4).select(
                concat(lit("user"), lpad(col("id").mod(rows / 10 + 1).cast("string"), 8, "0")).as("hash_key"),
                concat(lit("item"), col("id").cast("string")).as("sort_key"),
                lpad(col("id").cast("string"), valueSize, "v").as("value"));
        double writeSeconds = seconds(() -> {
            generated.write().format("pegasus").option("meta", meta).option("table", table).mode("append").save();
            return rows;
        });

        String root = work.resolve("backups").toUri().toString().replaceAll("/$", "");
        String snapshot = root + "/" + table + "/" + backUp(meta, table, root);
        Dataset<Row> fromSnapshot = spark.read().format("pegasus").option("snapshot", snapshot).load();
        String parquet = work.resolve("parquet").toUri().toString();
        fromSnapshot.write().mode("overwrite").parquet(parquet);
        Dataset<Row> fromParquet = spark.read().parquet(parquet);

        // The best of a few runs after one that warms the JIT and the page cache, for both.
        double snapshotSeconds = best(() -> scan(fromSnapshot, rows));
        double parquetSeconds = best(() -> scan(fromParquet, rows));

        System.out.printf("rows %d, values %d bytes, table of 8 partitions x 3 replicas%n", rows, valueSize);
        System.out.printf("%-46s %12s %10s%n", "what", "rows/s", "seconds");
        System.out.printf("%-46s %12.0f %10.2f%n", "online write (df.write pegasus)", rows / writeSeconds,
                writeSeconds);
        System.out.printf("%-46s %12.0f %10.2f%n", "snapshot read (spark.read pegasus), best of " + RUNS,
                rows / snapshotSeconds,
                snapshotSeconds);
        System.out.printf("%-46s %12.0f %10.2f%n", "same rows as Parquet, best of " + RUNS, rows / parquetSeconds,
                parquetSeconds);
        System.out.printf("snapshot / parquet: %.2f%n", parquetSeconds / snapshotSeconds);
        spark.stop();
    }

    /** Reads every column of every row; fails if a row is missing. */
    private static long scan(Dataset<Row> rows, long expected) {
        Row result = rows.agg(sum(length(col("hash_key")).plus(length(col("sort_key"))).plus(length(col("value")))
                .plus(col("expire_ts"))).as("bytes"), count(lit(1)).as("rows")).first();
        long count = result.getLong(1);
        if (count != expected) {
            throw new IllegalStateException("read " + count + " rows, expected " + expected);
        }
        return count;
    }

    private static double best(Supplier<Long> work) {
        work.get();
        double best = Double.MAX_VALUE;
        for (int run = 0; run < RUNS; run++) {
            best = Math.min(best, seconds(work));
        }
        return best;
    }

    private static double seconds(Supplier<Long> work) {
        long start = System.nanoTime();
        work.get();
        return (System.nanoTime() - start) / 1e9;
    }

    private static String backUp(String meta, String table, String root) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BackupTool.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "start", "--meta", meta, "--table", table, "--to", root);
        Matcher id = BACKUP_ID.matcher(out.toString());
        if (code != BackupTool.OK || !id.find()) {
            throw new IllegalStateException("backup failed: " + out + err);
        }
        return id.group(1);
    }
}
