package dev.pegasus.server.testing;

import dev.pegasus.client.KeyValue;
import dev.pegasus.client.PegasusScanner;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.client.ScanOptions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Every record of a table, read with a full scan, as "hashKey/sortKey" -> value (UTF-8), for comparing tables. */
public final class TableContents {
    private TableContents() {}

    public static Map<String, String> of(PegasusTable table) {
        Map<String, String> records = new TreeMap<>();
        for (PegasusScanner scanner : table.getUnorderedScanners(16, ScanOptions.defaults())) {
            try (scanner) {
                for (KeyValue record = scanner.next(); record != null; record = scanner.next()) {
                    records.put(text(record.hashKey()) + "/" + text(record.sortKey()), text(record.value()));
                }
            }
        }
        return records;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
