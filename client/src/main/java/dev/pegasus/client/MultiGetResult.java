package dev.pegasus.client;

import java.util.List;

/**
 * Records returned by a multi-get, in sort key order (reverse order for a reverse multi-get).
 *
 * @param allFetched false when a count or size limit cut the result short: more records match
 */
public record MultiGetResult(List<SortKeyValue> values, boolean allFetched) {
    public MultiGetResult {
        values = List.copyOf(values);
    }
}
