package dev.pegasus.bulkload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The formats the generator reads, each from a local path or any Hadoop FileSystem URI. */
public enum InputFormat {
    CSV {
        @Override
        public RecordReader open(FileSystem fs, Path path, Configuration conf) throws IOException {
            return new CsvRecordReader(text(fs, path), path.toString());
        }
    },
    JSONL {
        @Override
        public RecordReader open(FileSystem fs, Path path, Configuration conf) throws IOException {
            return new JsonLinesRecordReader(text(fs, path), path.toString());
        }
    },
    PARQUET {
        @Override
        public RecordReader open(FileSystem fs, Path path, Configuration conf) throws IOException {
            return new ParquetRecordReader(path, conf, path.toString());
        }
    };

    /** Opens one input file of this format; the reader's messages name {@code path}. */
    public abstract RecordReader open(FileSystem fs, Path path, Configuration conf) throws IOException;

    /**
     * @param name csv, jsonl or parquet, in any case
     * @throws IllegalArgumentException naming the formats there are
     */
    public static InputFormat named(String name) {
        try {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown --format '" + name + "'; use csv, jsonl or parquet");
        }
    }

    private static BufferedReader text(FileSystem fs, Path path) throws IOException {
        return new BufferedReader(new InputStreamReader(fs.open(path), StandardCharsets.UTF_8), 1 << 16);
    }
}
