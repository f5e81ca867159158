package dev.pegasus.checkpoint.tools;

import dev.pegasus.checkpoint.Bandwidth;
import dev.pegasus.checkpoint.BackupLayout;
import dev.pegasus.checkpoint.BackupManifest;
import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.checkpoint.FileTransfers;
import dev.pegasus.checkpoint.ManifestFile;
import dev.pegasus.checkpoint.Manifests;
import dev.pegasus.checkpoint.PartitionManifest;
import dev.pegasus.server.replica.storage.CheckpointFile;
import dev.pegasus.server.replica.storage.CheckpointSplitPoints;
import dev.pegasus.server.replica.storage.Mutation;
import dev.pegasus.server.replica.storage.PartitionStore;
import dev.pegasus.server.replica.storage.StorageClock;
import dev.pegasus.server.replica.storage.StorageEnvironment;
import dev.pegasus.server.replica.storage.StoreCheckpoint;
import dev.pegasus.server.replica.storage.WriteOp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a backup into a file store the way replica servers do: each partition's records go
 * through a real {@link PartitionStore} (one decree per write), the store's checkpoint is uploaded
 * file by file with {@link FileTransfers#upload} into {@link BackupLayout#checkpointDir}, then
 * {@code partition.json}, and once every partition is there, {@code backup.json}.
 */
public final class BackupTreeBuilder implements AutoCloseable {
    public static final String NODE = "127.0.0.1:34801";
    public static final int APP_ID = 3;

    private final FileStore store;
    private final Path workDir;
    private final StorageEnvironment env = new StorageEnvironment(8L << 20, 8L << 20);
    private int partitionsWritten;

    /** @param workDir where partition stores and their checkpoints are made on the local disk */
    public BackupTreeBuilder(FileStore store, Path workDir) {
        this.store = store;
        this.workDir = workDir;
    }

    /** Backs up a table whose partition {@code i} received {@code partitions.get(i)}; returns backup.json's content. */
    public BackupManifest write(String table, String backupId, List<PartitionWrites> partitions) throws IOException {
        long startMs = Long.parseLong(backupId);
        List<BackupManifest.Partition> entries = new ArrayList<>();
        for (int index = 0; index < partitions.size(); index++) {
            entries.add(writePartition(table, backupId, index, partitions.size(), partitions.get(index), startMs));
        }
        BackupManifest backup = new BackupManifest(BackupLayout.FORMAT_VERSION, backupId, table, APP_ID,
                partitions.size(), 3, Map.of("default_ttl", "0"), 1, startMs, startMs + 1000, entries);
        Manifests.write(store, BackupLayout.backupManifest(table, backupId), backup);
        return backup;
    }

    /** Uploads one partition, leaving out {@code backup.json}: a backup in progress. */
    public BackupManifest.Partition writePartition(String table, String backupId, int index, int partitionCount,
            PartitionWrites writes, long createdMs) throws IOException {
        StoreCheckpoint checkpoint = checkpoint(writes);
        String dir = BackupLayout.checkpointDir(table, backupId, index, NODE, checkpoint.decree());
        List<ManifestFile> files = new ArrayList<>();
        for (CheckpointFile file : checkpoint.files()) {
            ManifestFile expected = new ManifestFile(file.name(), file.size(), file.crc32c());
            files.add(FileTransfers.upload(checkpoint.dir().resolve(file.name()), expected, store,
                    dir + "/" + file.name(), Bandwidth.UNLIMITED));
        }
        PartitionManifest manifest = new PartitionManifest(BackupLayout.FORMAT_VERSION, backupId, table, APP_ID, index,
                partitionCount, checkpoint.decree(), NODE, createdMs, files, CheckpointSplitPoints.of(checkpoint.dir()));
        Manifests.write(store, dir + "/" + BackupLayout.PARTITION_MANIFEST, manifest);
        String relative = dir.substring(BackupLayout.backupDir(table, backupId).length() + 1);
        return new BackupManifest.Partition(index, checkpoint.decree(), relative, files.size(), manifest.totalBytes(),
                manifest.splitPoints());
    }

    private StoreCheckpoint checkpoint(PartitionWrites writes) {
        int id = partitionsWritten++;
        try (PartitionStore partition = PartitionStore.openWithoutWal(workDir.resolve("store-" + id), env,
                StorageClock.SYSTEM)) {
            partition.setPartitionIndex(writes.index());
            long decree = 0;
            for (PartitionWrites.Step step : writes.steps()) {
                if (step instanceof PartitionWrites.Put put) {
                    partition.apply(++decree, Mutation.of(WriteOp.put(put.storageKey(), put.storedValue())));
                } else if (step instanceof PartitionWrites.Delete delete) {
                    partition.apply(++decree, Mutation.of(WriteOp.delete(delete.storageKey())));
                } else if (step instanceof PartitionWrites.Split split) {
                    partition.split(++decree, split.partitionCount(), workDir.resolve("child-" + id));
                } else {
                    partition.flush();
                }
            }
            return partition.createCheckpoint(workDir.resolve("checkpoint-" + id));
        }
    }

    @Override
    public void close() {
        env.close();
    }
}
