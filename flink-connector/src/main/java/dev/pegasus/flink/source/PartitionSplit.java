package dev.pegasus.flink.source;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One partition of one backup, and how many of its records have been emitted already: a snapshot
 * never changes and is read in storage-key order, so skipping that many records resumes exactly.
 */
public record PartitionSplit(String backupId, int partition, long recordsEmitted) implements SourceSplit {
    @Override
    public String splitId() {
        return backupId + "/" + partition;
    }

    PartitionSplit resumedAfter(long emitted) {
        return new PartitionSplit(backupId, partition, emitted);
    }
}
