package dev.pegasus.spark;

import dev.pegasus.bulkload.BulkLoadTool;
import dev.pegasus.bulkload.GenerateOptions;
import dev.pegasus.bulkload.InputFiles;
import dev.pegasus.bulkload.LoadTotals;
import dev.pegasus.checkpoint.tools.HadoopConfigurations;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code bulkload generate} as a Spark application, for inputs too large for one machine: the same
 * input formats and options, the same directory written to {@code --out}, nothing ingested (hand the
 * directory to {@code bulkload start}). Rows go through the same path as a bulk-load write of a
 * DataFrame ({@link LoadDirectoryWriter}); sorting is Spark's shuffle, spilling as it needs.
 *
 * <pre>
 * spark-submit --class dev.pegasus.spark.BulkLoadGenerateJob pegasus-spark-connector-VERSION-spark.jar \
 *     --input hdfs://…/rows --format parquet --table-partitions 64 --out hdfs://…/bulkload/users
 * </pre>
 *
 * <p>Exit codes as the command line's: 0 success, 1 bad input or a failure (one line on stderr), 2
 * bad arguments.
 */
@Command(name = "BulkLoadGenerateJob", mixinStandardHelpOptions = true,
        description = "Partitions, sorts and writes input rows as SST files for a table with N partitions, in Spark.")
public final class BulkLoadGenerateJob implements Callable<Integer> {
    @Mixin
    GenerateOptions options;

    @Spec
    CommandSpec spec;

    private final SparkSession spark;

    private BulkLoadGenerateJob(SparkSession spark) {
        this.spark = spark;
    }

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("pegasus bulkload generate").getOrCreate();
        int code;
        try {
            code = execute(spark, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                    new PrintWriter(System.err, true, StandardCharsets.UTF_8), args);
        } finally {
            spark.stop();
        }
        System.exit(code);
    }

    /** Runs the job in {@code spark}; returns the exit code. */
    static int execute(SparkSession spark, PrintWriter out, PrintWriter err, String... args) {
        return BulkLoadTool.run(new CommandLine(new BulkLoadGenerateJob(spark)), out, err, args);
    }

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        Dataset<Row> rows = InputFileRows.read(spark, InputFiles.list(options.input(),
                HadoopConfigurations.fromEnvironment()), options.inputFormat());
        LoadTotals totals = LoadDirectoryWriter.write(rows, WriteSchema.of(rows.schema()), 0,
                new LoadTarget(options.out(), options.tableName(), options.partitions(), options.targetFileBytes(),
                        options.workDir().toString(), options.overwrite()));
        double seconds = (System.nanoTime() - start) / 1e9;
        PrintWriter printed = spec.commandLine().getOut();
        printed.printf(Locale.ROOT, "generated %d records for table %s, %d partitions: %d SST files, %d bytes, in %.1f s%n",
                totals.records(), options.tableName(), options.partitions(), totals.files(), totals.bytes(), seconds);
        printed.flush();
        return BulkLoadTool.OK;
    }
}
