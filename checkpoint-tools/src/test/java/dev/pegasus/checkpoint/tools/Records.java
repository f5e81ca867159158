package dev.pegasus.checkpoint.tools;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Snapshot records as readable text, so tests compare whole record lists and failures show them. */
public final class Records {
    private Records() {
    }

    /** {@code hashKey/sortKey=value @expireTs #timetag}; "-" stands for a value that was not read. */
    public static String describe(SnapshotRecord record) {
        return new String(record.hashKey(), UTF_8) + "/" + new String(record.sortKey(), UTF_8) + "="
                + record.value().map(value -> new String(value, UTF_8)).orElse("-")
                + " @" + record.expireTs() + " #" + record.timetag();
    }

    public static List<String> describe(List<SnapshotRecord> records) {
        return records.stream().map(Records::describe).toList();
    }

    /** Reads every remaining record. */
    public static List<String> readAll(SnapshotReader reader) throws IOException {
        List<String> records = new ArrayList<>();
        reader.forEachRemaining(record -> records.add(describe(record)));
        return records;
    }
}
