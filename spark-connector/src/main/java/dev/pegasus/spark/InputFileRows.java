package dev.pegasus.spark;

import dev.pegasus.bulkload.InputFormat;
import dev.pegasus.bulkload.InputRecord;
import dev.pegasus.bulkload.RecordReader;
import dev.pegasus.checkpoint.tools.HadoopConfigurations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The generator's input files as a DataFrame of {@code hash_key, sort_key, value} (binary) and
 * {@code ttl_seconds} (int, 0 for none): one Spark partition per file, in the order of the files,
 * each read by the generator's own reader of its format, so that rows, their checks and their
 * error messages (file and line or row) are the command line's. Partition i being file i and rows
 * keeping their order within it, "the last of duplicate keys" means what it means for the command
 * line. A file is not split: large inputs are read in parallel as many files.
 */
final class InputFileRows implements FlatMapFunction<Iterator<String>, Row> {
    static final StructType SCHEMA = new StructType()
            .add(SnapshotSchema.HASH_KEY, DataTypes.BinaryType, false)
            .add(SnapshotSchema.SORT_KEY, DataTypes.BinaryType, false)
            .add(SnapshotSchema.VALUE, DataTypes.BinaryType, false)
            .add(WriteSchema.TTL_SECONDS, DataTypes.IntegerType, false);

    private final InputFormat format;

    private InputFileRows(InputFormat format) {
        this.format = format;
    }

    static Dataset<Row> read(SparkSession spark, List<Path> files, InputFormat format) {
        List<String> names = files.stream().map(Path::toString).toList();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(context.parallelize(names, Math.max(1, names.size()))
                .mapPartitions(new InputFileRows(format), true), SCHEMA);
    }

    @Override
    public Iterator<Row> call(Iterator<String> files) {
        Configuration conf = HadoopConfigurations.fromEnvironment();
        return new Iterator<>() {
            private RecordReader reader;
            private Row next;

            @Override
            public boolean hasNext() {
                try {
                    while (next == null) {
                        if (reader == null && !open()) {
                            return false;
                        }
                        Optional<InputRecord> record = reader.next();
                        if (record.isPresent()) {
                            InputRecord r = record.get();
                            next = RowFactory.create(r.hashKey(), r.sortKey(), r.value(), r.ttlSeconds());
                        } else {
                            reader.close();
                            reader = null;
                        }
                    }
                    return true;
                } catch (IOException e) {
                    throw new UncheckedIOException(e.getMessage(), e);
                }
            }

            private boolean open() throws IOException {
                if (!files.hasNext()) {
                    return false;
                }
                Path file = new Path(files.next());
                RecordReader opened = format.open(file.getFileSystem(conf), file, conf);
                reader = opened;
                // A task that fails or stops early still closes its file.
                TaskContext task = TaskContext.get();
                if (task != null) {
                    task.addTaskCompletionListener(context -> {
                        try {
                            opened.close();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                }
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row row = next;
                next = null;
                return row;
            }
        };
    }
}
