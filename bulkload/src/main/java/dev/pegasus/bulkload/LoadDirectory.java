package dev.pegasus.bulkload;

import dev.pegasus.checkpoint.BulkLoadInfo;
import dev.pegasus.checkpoint.BulkLoadLayout;
import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.checkpoint.Manifests;
import java.io.IOException;

/**
 * The two steps of a bulk load directory that bracket its partitions (FORMAT.md): before, it is
 * emptied (or found empty); after every partition was written, {@code bulk_load_info.json} marks it
 * complete.
 */
public final class LoadDirectory {
    private LoadDirectory() {
    }

    /**
     * Makes sure the directory is empty before partitions are written to it.
     *
     * @param overwrite whether what the directory holds may be deleted; otherwise a directory that is not
     *                  empty is refused
     */
    public static void prepare(FileStore store, boolean overwrite) throws IOException {
        if (store.list("").isEmpty()) {
            return;
        }
        if (!overwrite) {
            throw new IOException(store.describe("") + " is not empty; pass --overwrite to replace what it holds");
        }
        // The info first: a directory without it is never taken for a complete load.
        store.delete(BulkLoadLayout.INFO);
        for (String entry : store.list("")) {
            store.delete(entry);
        }
    }

    /** Writes the table-level info, last: from then on the directory is a complete load. */
    public static BulkLoadInfo finish(FileStore store, String table, int partitionCount, LoadTotals totals)
            throws IOException {
        BulkLoadInfo info = new BulkLoadInfo(BulkLoadLayout.FORMAT_VERSION, table, partitionCount, totals.records(),
                totals.bytes(), System.currentTimeMillis());
        Manifests.write(store, BulkLoadLayout.INFO, info);
        return info;
    }
}
