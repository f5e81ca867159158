package dev.pegasus.bulkload;

import dev.pegasus.checkpoint.Bandwidth;
import dev.pegasus.checkpoint.BulkLoadLayout;
import dev.pegasus.checkpoint.BulkLoadPartition;
import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.checkpoint.FileTransfers;
import dev.pegasus.checkpoint.ManifestFile;
import dev.pegasus.checkpoint.Manifests;
import dev.pegasus.checkpoint.tools.LocalFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one partition of a bulk load directory: its sorted, deduplicated records as SST files
 * ({@link SstPartitionWriter}, staged on local disk), uploaded one by one, then its metadata naming
 * them with their sizes and checksums. Whatever the partition's directory held before is deleted
 * first: an upload keeps an SST file already there under its name and length, which would pair a
 * retried attempt's metadata with an earlier attempt's file.
 */
public final class PartitionFileWriter {
    private final long targetFileBytes;
    private final int partitionCount;

    /** @param targetFileBytes the size at which an SST file is closed and the next one begun */
    public PartitionFileWriter(long targetFileBytes, int partitionCount) {
        this.targetFileBytes = targetFileBytes;
        this.partitionCount = partitionCount;
    }

    /**
     * @param records the partition's records in storage-key order, one per key
     * @param localDir where SST files wait for their upload; deleted at the end
     * @return the partition's metadata as written
     */
    public BulkLoadPartition write(SortedRecords records, FileStore store, Path localDir, int index) throws IOException {
        store.delete(BulkLoadLayout.partitionDir(index));
        List<ManifestFile> uploaded = new ArrayList<>();
        SstPartitionWriter.Written written;
        try {
            written = new SstPartitionWriter(targetFileBytes).write(records, localDir,
                    sequence -> BulkLoadLayout.sstName(index, sequence));
            for (Path local : written.files()) {
                ManifestFile file = FileTransfers.describe(local);
                uploaded.add(FileTransfers.upload(local, file, store, BulkLoadLayout.file(index, file.name()),
                        Bandwidth.UNLIMITED));
                Files.delete(local);
            }
        } finally {
            LocalFiles.deleteRecursively(localDir);
        }
        BulkLoadPartition partition = new BulkLoadPartition(BulkLoadLayout.FORMAT_VERSION, index, partitionCount,
                written.records(), uploaded);
        Manifests.write(store, BulkLoadLayout.partitionMetadata(index), partition);
        return partition;
    }
}
