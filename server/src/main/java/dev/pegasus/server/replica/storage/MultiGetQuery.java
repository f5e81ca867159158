package dev.pegasus.server.replica.storage;

import java.util.List;
import java.util.Objects;

/**
 * A multi_get over one hash key, with Pegasus's semantics: either exactly the listed sort keys, or
 * the sort keys within a range that pass a filter.
 *
 * @param sortKeys the sort keys to read, in the order the result keeps; when non-empty, the range,
 *     the filter and {@code reverse} are ignored, as Pegasus ignores them
 * @param sortKeyRange the sort keys to read when none is listed
 * @param maxCount most records to return, {@code <= 0} for no limit
 * @param maxBytes most bytes of sort keys and values to return, {@code <= 0} for no limit; the record
 *     that reaches the limit is still returned
 * @param noValue return sort keys only, which saves reading and sending large values
 * @param reverse read from the end of the range, so limits select its last records (still returned
 *     in ascending order)
 */
public record MultiGetQuery(byte[] hashKey, List<byte[]> sortKeys, KeyBounds sortKeyRange,
                            PatternFilter sortKeyFilter, int maxCount, int maxBytes, boolean noValue,
                            boolean reverse) {
    public MultiGetQuery {
        Objects.requireNonNull(hashKey, "hashKey");
        sortKeys = List.copyOf(sortKeys);
        Objects.requireNonNull(sortKeyRange, "sortKeyRange");
        Objects.requireNonNull(sortKeyFilter, "sortKeyFilter");
    }
}
