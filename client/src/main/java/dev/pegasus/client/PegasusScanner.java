package dev.pegasus.client;

import java.util.concurrent.CompletableFuture;

/**
 * Iterates records in storage-key order within each partition it covers, fetching them in batches.
 * Thread-safe: concurrent {@code next()} calls are served one after another. A scanner that is not read
 * to the end should be closed, so the server can drop its scan context at once instead of on expiry.
 */
public interface PegasusScanner extends AutoCloseable {
    /** The next record, or null when the scan is complete (or the scanner closed). */
    KeyValue next();

    /** Like {@link #next()}; the future completes with null at the end. */
    CompletableFuture<KeyValue> asyncNext();

    @Override
    void close();
}
