package dev.pegasus.checkpoint;

import java.util.List;

/**
 * {@code INDEX/bulk_load_metadata.json}: one partition's SST files, in the order they are ingested.
 * The files' key ranges do not overlap; each holds its keys sorted, one version per key.
 */
public record BulkLoadPartition(int formatVersion, int partitionIndex, int partitionCount, long recordCount,
        List<ManifestFile> files) {
    public BulkLoadPartition {
        files = List.copyOf(files);
    }

    public long totalBytes() {
        return files.stream().mapToLong(ManifestFile::size).sum();
    }
}
