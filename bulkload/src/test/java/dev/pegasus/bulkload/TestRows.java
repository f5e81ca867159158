package dev.pegasus.bulkload;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Input rows for tests: {@code count} rows over a few hundred hash keys, every 7th with a TTL, and
 * then the first {@code duplicates} rows again with new values (which must win), written as CSV,
 * JSON lines or Parquet; {@link #expected} is what a table holds after loading them.
 */
public final class TestRows {
    public static final int TTL_SECONDS = 3600;
    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType("message row {"
            + " required binary hash_key (STRING); optional binary sort_key (STRING); required binary value;"
            + " optional int32 ttl_seconds; }");

    public record Row(String hashKey, String sortKey, String value, int ttlSeconds) {}

    private final List<Row> rows;

    public TestRows(String prefix, int count, int duplicates) {
        List<Row> all = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(new Row(prefix + "user" + (i % 300), "s" + i, "value " + i + ", \"quoted\"", i % 7 == 0 ? TTL_SECONDS : 0));
        }
        for (int i = 0; i < duplicates; i++) {
            all.add(new Row(prefix + "user" + (i % 300), "s" + i, "late " + i, 0));
        }
        this.rows = List.copyOf(all);
    }

    public List<Row> rows() {
        return rows;
    }

    /** The last row of each key, by key. */
    public Map<String, Row> expected() {
        Map<String, Row> last = new LinkedHashMap<>();
        rows.forEach(row -> last.put(row.hashKey() + "/" + row.sortKey(), row));
        return last;
    }

    public Path writeCsv(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("hash_key,sort_key,value,ttl_seconds\n");
            for (Row row : rows) {
                out.write(row.hashKey() + "," + row.sortKey() + ",\"" + row.value().replace("\"", "\"\"") + "\","
                        + (row.ttlSeconds() > 0 ? row.ttlSeconds() : "") + "\n");
            }
        }
        return file;
    }

    public Path writeJsonLines(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Row row : rows) {
                out.write("{\"hash_key\":\"" + row.hashKey() + "\",\"sort_key\":\"" + row.sortKey() + "\",\"value\":\""
                        + row.value().replace("\"", "\\\"") + "\"" + (row.ttlSeconds() > 0 ? ",\"ttl_seconds\":"
                        + row.ttlSeconds() : "") + "}\n");
            }
        }
        return file;
    }

    /** @param file a Hadoop path (a local file or on HDFS) */
    public void writeParquet(org.apache.hadoop.fs.Path file, Configuration conf) throws IOException {
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(file).withType(SCHEMA).withConf(conf).build()) {
            for (Row row : rows) {
                Group group = groups.newGroup().append("hash_key", row.hashKey()).append("sort_key", row.sortKey())
                        .append("value", row.value());
                if (row.ttlSeconds() > 0) {
                    group.append("ttl_seconds", row.ttlSeconds());
                }
                writer.write(group);
            }
        }
    }
}
