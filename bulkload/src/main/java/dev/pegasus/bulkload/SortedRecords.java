package dev.pegasus.bulkload;

import java.io.IOException;
import java.util.Optional;

/** A partition's records in storage-key order, one per key. */
interface SortedRecords extends AutoCloseable {
    Optional<SortEntry> next() throws IOException;

    @Override
    void close() throws IOException;
}
