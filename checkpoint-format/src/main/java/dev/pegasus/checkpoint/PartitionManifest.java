package dev.pegasus.checkpoint;

import java.util.List;

/**
 * What one partition's checkpoint in a backup holds: {@code partition.json} in its checkpoint directory.
 * Written after every file it lists was uploaded whole.
 *
 * @param decree the partition's last applied decree in the checkpoint: every write acknowledged at or
 *               before it is in the files
 * @param node the replica server (host:port) that took and uploaded the checkpoint
 * @param createdMs when the checkpoint was taken, ms since the Unix epoch
 * @param splitPoints where the checkpoint's records can be cut into ranges, ascending (see
 *                    {@link SplitPoint}); empty in checkpoints uploaded before split points were recorded
 */
public record PartitionManifest(int formatVersion, String backupId, String tableName, int appId, int partitionIndex,
        int partitionCount, long decree, String node, long createdMs, List<ManifestFile> files,
        List<SplitPoint> splitPoints) {
    public PartitionManifest {
        files = List.copyOf(files);
        splitPoints = SplitPoint.ascending(splitPoints);
    }

    public long totalBytes() {
        return files.stream().mapToLong(ManifestFile::size).sum();
    }
}
