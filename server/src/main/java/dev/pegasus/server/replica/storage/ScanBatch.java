package dev.pegasus.server.replica.storage;

import dev.pegasus.protocol.thrift.key_value;
import java.util.List;

/**
 * One batch of a scan: records with their full storage keys. {@code complete} means the range is
 * exhausted and the cursor has released its resources; otherwise the caller keeps the cursor for
 * the next batch (a batch may even be empty when it stopped after skipping many filtered records).
 */
public record ScanBatch(List<key_value> kvs, boolean complete) {
    public ScanBatch {
        kvs = List.copyOf(kvs);
    }
}
