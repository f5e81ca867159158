package dev.pegasus.server.sim;

import dev.pegasus.protocol.thrift.get_scanner_request;
import dev.pegasus.protocol.thrift.key_value;
import dev.pegasus.server.replica.storage.PartitionStore;
import dev.pegasus.server.replica.storage.ScanBatch;
import dev.pegasus.server.replica.storage.ScanCursor;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Every record of a store, storage key to user value, as text: to compare replicas' copies. */
final class StoreContents {
    private StoreContents() {}

    static Map<String, String> of(PartitionStore store) {
        Map<String, String> records = new TreeMap<>();
        get_scanner_request everything = new get_scanner_request().setStart_key(new byte[0]).setStop_key(new byte[0])
                .setStart_inclusive(true).setBatch_size(ScanCursor.DEFAULT_BATCH_SIZE);
        try (ScanCursor cursor = ScanCursor.from(everything)) {
            ScanBatch batch;
            do {
                batch = store.scan(cursor, 0);
                for (key_value record : batch.kvs()) {
                    records.put(new String(record.getKey(), StandardCharsets.ISO_8859_1),
                            new String(record.getValue(), StandardCharsets.UTF_8));
                }
            } while (!batch.complete());
        }
        return records;
    }
}
