package dev.pegasus.server.sim;

import dev.pegasus.server.replica.storage.KeyBounds;
import dev.pegasus.server.replica.storage.PartitionStore;
import dev.pegasus.server.replica.storage.ScanBatch;
import dev.pegasus.server.replica.storage.ScanCursor;
import dev.pegasus.server.replica.storage.StorageRecord;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Every record of a store, storage key to user value, as text: to compare replicas' copies. */
final class StoreContents {
    private StoreContents() {}

    static Map<String, String> of(PartitionStore store) {
        Map<String, String> records = new TreeMap<>();
        try (ScanCursor cursor = ScanCursor.of(KeyBounds.ALL)) {
            ScanBatch batch;
            do {
                batch = store.scan(cursor, 0);
                for (StorageRecord record : batch.records()) {
                    records.put(new String(record.storageKey(), StandardCharsets.ISO_8859_1),
                            new String(record.value(), StandardCharsets.UTF_8));
                }
            } while (!batch.complete());
        }
        return records;
    }
}
