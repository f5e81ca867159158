package dev.pegasus.bulkload;

import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;

/** A partition's records in {@link SortEntry#ORDER}; after {@link #uniqueKeys}, one per key. */
public interface SortedRecords extends AutoCloseable {
    Optional<SortEntry> next() throws IOException;

    @Override
    void close() throws IOException;

    /** Entries already in {@link SortEntry#ORDER}, e.g. a sorted buffer or a Spark partition sorted by the shuffle. */
    static SortedRecords of(Iterator<SortEntry> sorted) {
        return new SortedRecords() {
            @Override
            public Optional<SortEntry> next() {
                return sorted.hasNext() ? Optional.of(sorted.next()) : Optional.empty();
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * The first entry of each key, dropping the rest: since {@link SortEntry#ORDER} puts the latest
     * in the input first among equal keys, the last of duplicate rows is the one kept.
     */
    default SortedRecords uniqueKeys() {
        SortedRecords sorted = this;
        return new SortedRecords() {
            private byte[] last;

            @Override
            public Optional<SortEntry> next() throws IOException {
                for (Optional<SortEntry> entry = sorted.next(); entry.isPresent(); entry = sorted.next()) {
                    if (last == null || !java.util.Arrays.equals(last, entry.get().key())) {
                        last = entry.get().key();
                        return entry;
                    }
                }
                return Optional.empty();
            }

            @Override
            public void close() throws IOException {
                sorted.close();
            }
        };
    }
}
