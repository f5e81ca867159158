package dev.pegasus.checkpoint;

import java.util.List;
import java.util.Map;

/**
 * A whole backup of one table: {@code backup.json}, written last, so a backup without it is incomplete.
 *
 * @param envs the table's environment at backup time (default TTL, durability, ...), carried to a restore
 * @param valueSchemaVersion layout of stored values, see FORMAT.md ({@code 1}: expire_ts, timetag, user bytes)
 * @param partitions one entry per partition, in index order
 */
public record BackupManifest(int formatVersion, String backupId, String tableName, int appId, int partitionCount,
        int replicaCount, Map<String, String> envs, int valueSchemaVersion, long startTimeMs, long endTimeMs,
        List<Partition> partitions) {
    public BackupManifest {
        envs = Map.copyOf(envs);
        partitions = List.copyOf(partitions);
    }

    public long totalBytes() {
        return partitions.stream().mapToLong(Partition::bytes).sum();
    }

    /**
     * @param dir the partition's checkpoint directory, relative to the backup's directory
     */
    public record Partition(int index, long decree, String dir, int fileCount, long bytes) {
    }
}
