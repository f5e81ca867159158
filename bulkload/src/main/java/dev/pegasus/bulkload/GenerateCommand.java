package dev.pegasus.bulkload;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bulkload generate}: input files to a bulk load directory, offline. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Partitions, sorts and writes input rows as SST files for a table with N partitions.")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    GenerateOptions options;

    @Option(names = "--memory-mb", defaultValue = "0",
            description = "rows buffered in memory before sorted runs spill to --work-dir (default: half the heap)")
    long memoryMb;

    @Option(names = "--threads", defaultValue = "2", description = "partitions written at once (default ${DEFAULT-VALUE})")
    int threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String tableName = options.tableName();
        BulkLoadGenerator generator = new BulkLoadGenerator(new BulkLoadGenerator.Settings(tableName,
                options.partitions(), options.targetFileBytes(), memoryBytes(), threads, options.workDir(),
                options.overwrite()));
        long start = System.nanoTime();
        BulkLoadGenerator.Result result = generator.generate(options.input(), options.inputFormat(), options.out());
        double seconds = (System.nanoTime() - start) / 1e9;
        PrintWriter printed = spec.commandLine().getOut();
        printed.printf(Locale.ROOT, "generated %d records (%d rows read) for table %s, %d partitions: %d SST files,"
                        + " %d bytes, in %.1f s (%.0f rows/s)%s%n", result.records(), result.rowsRead(), tableName,
                options.partitions(), result.files(), result.bytes(), seconds,
                result.rowsRead() / Math.max(seconds, 1e-9),
                result.spills() > 0 ? "; sorted on disk in " + result.spills() + " spills" : "");
        printed.flush();
        return BulkLoadTool.OK;
    }

    /** Half the heap by default: the rest is for the SST writers, the uploads and the garbage collector. */
    private long memoryBytes() {
        return memoryMb > 0 ? memoryMb << 20 : Runtime.getRuntime().maxMemory() / 2;
    }
}
