package dev.pegasus.server.replica;

import dev.pegasus.protocol.Gpid;
import dev.pegasus.server.replica.storage.IngestOp;
import dev.pegasus.server.replica.storage.PartitionStore;
import dev.pegasus.server.replica.storage.StorageException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a committed bulk load ingestion ({@link IngestOp}) to a replica's store: the replica's own
 * checked copies of the load's files for its partition are ingested at the mutation's decree (see
 * {@link PartitionStore#ingest} for how that stays consistent across a crash).
 *
 * <p>Normally every member downloaded its files before the primary placed the ingestion. A replica
 * without them — one that joined the partition afterwards and learned the ingestion from the log, or
 * one that deleted them after the load ended and then replays the log — downloads and checks them
 * now, on the partition's worker. If that fails too the ingestion throws: the replica must stop
 * rather than apply later decrees without the load and diverge from the others.
 */
public final class BulkLoadIngester {
    private static final Logger LOG = LoggerFactory.getLogger(BulkLoadIngester.class);

    private final BulkLoadFiles files;

    public BulkLoadIngester(BulkLoadFiles files) {
        this.files = files;
    }

    private List<Path> localFiles(Gpid gpid, long decree, IngestOp op) throws IOException {
        try {
            Optional<List<Path>> local = files.downloaded(op.loadId(), gpid);
            if (local.isPresent()) {
                return local.get();
            }
        } catch (IOException e) {
            LOG.warn("replica {}: the downloaded files of bulk load {} are not whole: {}", gpid, op.loadId(),
                    e.getMessage());
        }
        return fetch(gpid, decree, op);
    }

    /** Downloads and checks the files on the partition's worker: rare, and the decree cannot be applied without them. */
    private List<Path> fetch(Gpid gpid, long decree, IngestOp op) throws IOException {
        LOG.warn("replica {}: bulk load {} is to be ingested at decree {} but its files are not here; fetching them"
                + " from {}", gpid, op.loadId(), decree, op.root());
        return files.download(op.loadId(), gpid, op.root(), bytes -> { }, () -> false).orElseThrow();
    }

    /** @throws StorageException when the files cannot be found, fetched or ingested */
    void ingest(Gpid gpid, PartitionStore store, long decree, IngestOp op) {
        try {
            List<Path> links;
            try {
                links = files.linksForIngestion(gpid, localFiles(gpid, decree, op));
            } catch (NoSuchFileException e) {
                // The load ended and its files were being deleted as this replica got to the decree.
                links = files.linksForIngestion(gpid, fetch(gpid, decree, op));
            }
            store.ingest(decree, links, op.loadId());
            LOG.info("replica {}: ingested bulk load {} ({} files) at decree {}", gpid, op.loadId(), links.size(),
                    decree);
        } catch (IOException e) {
            throw new StorageException("replica " + gpid + " cannot ingest bulk load " + op.loadId() + " at decree "
                    + decree + ": " + e.getMessage(), e);
        }
    }
}
