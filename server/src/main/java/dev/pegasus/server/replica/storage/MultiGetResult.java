package dev.pegasus.server.replica.storage;

import java.util.List;

/**
 * What a multi_get found, in ascending sort-key order. {@code complete} is false when a count or
 * size limit stopped the read while another matching record existed, so the client knows to ask
 * again from where this result ends.
 */
public record MultiGetResult(List<SortKeyValue> records, boolean complete) {
    public MultiGetResult {
        records = List.copyOf(records);
    }
}
