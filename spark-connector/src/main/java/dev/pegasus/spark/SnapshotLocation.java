package dev.pegasus.spark;

import dev.pegasus.checkpoint.BackupLayout;
import dev.pegasus.checkpoint.BackupManifest;
import dev.pegasus.checkpoint.BackupNotFoundException;
import dev.pegasus.checkpoint.BackupRepository;
import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.checkpoint.FileStores;
import dev.pegasus.checkpoint.SplitPoint;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * One complete backup, found on the driver from the read options: its root, table and id (what an
 * executor needs to open it again) and the partition count and sizes (what planning needs).
 *
 * @param partitionBytes the checkpoint size of every partition, in index order
 */
record SnapshotLocation(String root, String table, String backupId, int partitionCount, List<Long> partitionBytes)
        implements Serializable {
    SnapshotLocation {
        partitionBytes = List.copyOf(partitionBytes);
    }

    /**
     * A located backup with what only planning needs: every partition's split points, which stay on
     * the driver.
     */
    record Resolved(SnapshotLocation location, List<List<SplitPoint>> splitPoints) {
        Resolved {
            splitPoints = List.copyOf(splitPoints);
        }
    }

    /** Reads the backup's manifest: fails with a message naming the location when it is missing or incomplete. */
    static Resolved resolve(ReadOptions options) {
        String root;
        String table;
        String backupId;
        if (options.snapshot().isPresent()) {
            String snapshot = options.snapshot().get().replaceAll("/+$", "");
            int idSlash = snapshot.lastIndexOf('/');
            int tableSlash = idSlash > 0 ? snapshot.lastIndexOf('/', idSlash - 1) : -1;
            if (tableSlash < 0 || !BackupLayout.isBackupId(snapshot.substring(idSlash + 1))) {
                throw new IllegalArgumentException("option '" + ReadOptions.SNAPSHOT + "' is '" + snapshot
                        + "'; it names one backup directory, ROOT/TABLE/BACKUP_ID with a numeric BACKUP_ID");
            }
            root = snapshot.substring(0, tableSlash);
            table = snapshot.substring(tableSlash + 1, idSlash);
            backupId = snapshot.substring(idSlash + 1);
        } else {
            root = options.backups().orElseThrow();
            table = options.table().orElseThrow();
            backupId = options.backupId().orElse("");
        }
        try (FileStore store = FileStores.open(root)) {
            BackupRepository backups = new BackupRepository(store);
            BackupManifest manifest;
            try {
                manifest = backups.select(table, backupId.isEmpty() ? Optional.empty() : Optional.of(backupId));
            } catch (BackupNotFoundException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            return new Resolved(new SnapshotLocation(root, table, manifest.backupId(), manifest.partitionCount(),
                    manifest.partitions().stream().map(BackupManifest.Partition::bytes).toList()),
                    manifest.partitions().stream().map(BackupManifest.Partition::splitPoints).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the backup of table '" + table + "' under " + root + ": "
                    + e.getMessage(), e);
        }
    }

    /** ROOT/TABLE/BACKUP_ID, for messages and the plan. */
    String describe() {
        return root + "/" + table + "/" + backupId;
    }

    /** Opens the backup's root; the caller closes it. */
    FileStore openStore() throws IOException {
        return FileStores.open(root);
    }
}
