package dev.pegasus.checkpoint;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a bulk load directory on a file store and checks it is complete; see {@link BulkLoadLayout}. */
public final class BulkLoadRepository {
    private final FileStore store;

    public BulkLoadRepository(FileStore store) {
        this.store = store;
    }

    public FileStore store() {
        return store;
    }

    /** @throws CorruptBackupException naming the file when the info is missing, damaged or of another version */
    public BulkLoadInfo info() throws IOException {
        BulkLoadInfo info = Manifests.read(store, BulkLoadLayout.INFO, BulkLoadInfo.class);
        requireVersion(BulkLoadLayout.INFO, info.formatVersion());
        return info;
    }

    /** @throws CorruptBackupException naming the file when it is missing, damaged or does not match the index */
    public BulkLoadPartition partition(int index) throws IOException {
        String path = BulkLoadLayout.partitionMetadata(index);
        BulkLoadPartition partition = Manifests.read(store, path, BulkLoadPartition.class);
        requireVersion(path, partition.formatVersion());
        if (partition.partitionIndex() != index) {
            throw new CorruptBackupException("metadata " + store.describe(path) + " describes partition "
                    + partition.partitionIndex() + ", not " + index);
        }
        return partition;
    }

    /**
     * Every partition's metadata, after checking that each listed file is there with its length.
     *
     * @throws CorruptBackupException naming the first file that is missing or of the wrong length
     */
    public List<BulkLoadPartition> checkComplete(BulkLoadInfo info) throws IOException {
        List<BulkLoadPartition> partitions = new ArrayList<>();
        for (int index = 0; index < info.partitionCount(); index++) {
            BulkLoadPartition partition = partition(index);
            for (ManifestFile file : partition.files()) {
                String path = BulkLoadLayout.file(index, file.name());
                Optional<Long> length = store.length(path);
                if (length.isEmpty()) {
                    throw new CorruptBackupException("file " + store.describe(path) + " is missing");
                }
                if (length.get() != file.size()) {
                    throw new CorruptBackupException("file " + store.describe(path) + " has " + length.get()
                            + " bytes; its metadata says " + file.size()
                            + (length.get() < file.size() ? " (truncated)" : ""));
                }
            }
            partitions.add(partition);
        }
        return partitions;
    }

    private void requireVersion(String path, int version) throws CorruptBackupException {
        if (version != BulkLoadLayout.FORMAT_VERSION) {
            throw new CorruptBackupException(store.describe(path) + " has format version " + version
                    + "; this version reads " + BulkLoadLayout.FORMAT_VERSION);
        }
    }
}
