package dev.pegasus.flink;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.pegasus.client.KeyValue;
import dev.pegasus.client.PegasusScanner;
import dev.pegasus.client.PegasusTable;
import dev.pegasus.client.ScanOptions;
import java.util.Map;
import java.util.TreeMap;

/** Every record of a table, read through the client, as "hashKey/sortKey" -> value text. */
public final class TableContents {
    private TableContents() {}

    public static Map<String, String> of(PegasusTable table) {
        Map<String, String> records = new TreeMap<>();
        for (PegasusScanner scanner : table.getUnorderedScanners(table.partitionCount(), ScanOptions.defaults())) {
            try (scanner) {
                for (KeyValue kv = scanner.next(); kv != null; kv = scanner.next()) {
                    records.put(key(kv.hashKey(), kv.sortKey()), new String(kv.value(), UTF_8));
                }
            }
        }
        return records;
    }

    public static String key(byte[] hashKey, byte[] sortKey) {
        return new String(hashKey, UTF_8) + "/" + new String(sortKey, UTF_8);
    }

    public static byte[] b(String text) {
        return text.getBytes(UTF_8);
    }
}
