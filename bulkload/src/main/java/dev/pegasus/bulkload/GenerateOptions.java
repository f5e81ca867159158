package dev.pegasus.bulkload;

import dev.pegasus.checkpoint.FileStores;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options every generator takes, whether it runs on one machine ({@code bulkload generate}) or
 * as a Spark job: the input, the table it is for and the directory to write.
 */
public final class GenerateOptions {
    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "a file or a directory of files, local or a Hadoop URI (hdfs://...)")
    String input;

    @Option(names = "--format", required = true, paramLabel = "csv|jsonl|parquet", converter = FormatName.class,
            description = "csv: hash_key,sort_key,value[,ttl_seconds]; jsonl: one object per line with those"
                    + " fields; parquet: columns of those names")
    InputFormat format;

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

    @Option(names = "--work-dir", defaultValue = "${sys:java.io.tmpdir}",
            description = "local scratch space (default ${DEFAULT-VALUE})")
    Path workDir;

    @Option(names = "--overwrite", description = "replace what --out holds")
    boolean overwrite;

    public String input() {
        return input;
    }

    public InputFormat inputFormat() {
        return format;
    }

    /** A format by its name; another name is a usage error naming the formats there are. */
    static final class FormatName implements ITypeConverter<InputFormat> {
        @Override
        public InputFormat convert(String name) {
            try {
                return InputFormat.named(name);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    public int partitions() {
        return partitions;
    }

    public String out() {
        return out;
    }

    /** {@code --table}, or the last name of {@code --out}. */
    public String tableName() {
        if (table != null) {
            return table;
        }
        String path = FileStores.parse(out).getPath().replaceAll("/+$", "");
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public long targetFileBytes() {
        return targetFileMb << 20;
    }

    public Path workDir() {
        return workDir;
    }

    public boolean overwrite() {
        return overwrite;
    }
}
