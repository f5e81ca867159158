package dev.pegasus.bulkload;

import dev.pegasus.checkpoint.FileStores;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bulkload generate}: input files to a bulk load directory, offline. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Partitions, sorts and writes input rows as SST files for a table with N partitions.")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "a file or a directory of files, local or a Hadoop URI (hdfs://...)")
    String input;

    @Option(names = "--format", required = true, paramLabel = "csv|jsonl|parquet",
            description = "csv: hash_key,sort_key,value[,ttl_seconds]; jsonl: one object per line with those"
                    + " fields; parquet: columns of those names")
    String format;

    @Option(names = "--table-partitions", required = true, paramLabel = "N",
            description = "the partition count of the table the rows go to")
    int partitions;

    @Option(names = "--out", required = true, paramLabel = "URI",
            description = "the bulk load directory to write, e.g. hdfs://namenode:8020/pegasus/bulkload/users")
    String out;

    @Option(names = "--table", paramLabel = "TABLE",
            description = "the table the load is for (default: the last name of --out)")
    String table;

    @Option(names = "--target-file-mb", defaultValue = "64", description = "SST file size (default ${DEFAULT-VALUE})")
    long targetFileMb;

    @Option(names = "--memory-mb", defaultValue = "256",
            description = "rows buffered in memory before sorted runs spill to --work-dir (default ${DEFAULT-VALUE})")
    long memoryMb;

    @Option(names = "--threads", defaultValue = "2", description = "partitions written at once (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--work-dir", defaultValue = "${sys:java.io.tmpdir}",
            description = "local scratch space (default ${DEFAULT-VALUE})")
    Path workDir;

    @Option(names = "--overwrite", description = "replace what --out holds")
    boolean overwrite;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        InputFormat inputFormat;
        try {
            inputFormat = InputFormat.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: unknown --format '" + format + "'; use csv, jsonl or parquet");
            return BulkLoadTool.USAGE;
        }
        String tableName = table != null ? table : lastName(out);
        BulkLoadGenerator generator = new BulkLoadGenerator(new BulkLoadGenerator.Settings(tableName, partitions,
                targetFileMb << 20, memoryMb << 20, threads, workDir, overwrite));
        long start = System.nanoTime();
        BulkLoadGenerator.Result result = generator.generate(input, inputFormat, out);
        double seconds = (System.nanoTime() - start) / 1e9;
        PrintWriter printed = spec.commandLine().getOut();
        printed.printf(Locale.ROOT, "generated %d records (%d rows read) for table %s, %d partitions: %d SST files,"
                        + " %d bytes, in %.1f s (%.0f rows/s)%s%n", result.records(), result.rowsRead(), tableName,
                partitions, result.files(), result.bytes(), seconds, result.rowsRead() / Math.max(seconds, 1e-9),
                result.spills() > 0 ? "; sorted on disk in " + result.spills() + " spills" : "");
        printed.flush();
        return BulkLoadTool.OK;
    }

    private static String lastName(String uri) {
        String path = FileStores.parse(uri).getPath().replaceAll("/+$", "");
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
