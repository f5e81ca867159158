package dev.pegasus.server.replica.storage;

import java.util.List;

/**
 * One batch of a scan. {@code complete} means the range is exhausted and the cursor has released its
 * resources; otherwise the caller keeps the cursor for the next batch (a batch may even be empty when
 * it stopped after skipping many filtered records).
 */
public record ScanBatch(List<StorageRecord> records, boolean complete) {
    public ScanBatch {
        records = List.copyOf(records);
    }
}
