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

    public BackupManifest withPartitions(List<Partition> entries) {
        return new BackupManifest(formatVersion, backupId, tableName, appId, partitionCount, replicaCount, envs,
                valueSchemaVersion, startTimeMs, endTimeMs, entries);
    }

    public long totalBytes() {
        return partitions.stream().mapToLong(Partition::bytes).sum();
    }

    /**
     * @param dir the partition's checkpoint directory, relative to the backup's directory
     * @param splitPoints where the partition's records can be cut into ranges, ascending; empty in
     *                    backups written before split points were recorded
     */
    public record Partition(int index, long decree, String dir, int fileCount, long bytes,
            List<SplitPoint> splitPoints) {
        public Partition {
            splitPoints = SplitPoint.ascending(splitPoints);
        }

        public Partition withSplitPoints(List<SplitPoint> points) {
            return new Partition(index, decree, dir, fileCount, bytes, points);
        }
    }
}
