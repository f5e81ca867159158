package dev.pegasus.checkpoint;

import java.util.regex.Pattern;

/**
 * Where a backup's files go under a backup root; see FORMAT.md.
 *
 * <pre>
 * ROOT/TABLE/BACKUP_ID/backup.json                       the backup manifest, written last
 * ROOT/TABLE/BACKUP_ID/INDEX/CHECKPOINT/partition.json   a partition's manifest, written after its files
 * ROOT/TABLE/BACKUP_ID/INDEX/CHECKPOINT/FILE             the checkpoint's files
 * </pre>
 *
 * BACKUP_ID is the backup's start time in ms since the Unix epoch (so names sort by age); CHECKPOINT
 * names the replica server and decree of one attempt, so attempts by different servers never mix
 * their files.
 */
public final class BackupLayout {
    public static final int FORMAT_VERSION = 1;
    public static final String BACKUP_MANIFEST = "backup.json";
    public static final String PARTITION_MANIFEST = "partition.json";
    /** A file being written has this suffix until it is renamed to its final name. */
    public static final String IN_PROGRESS_SUFFIX = ".uploading";
    private static final Pattern BACKUP_ID = Pattern.compile("\\d{1,19}");

    private BackupLayout() {
    }

    public static String backupDir(String table, String backupId) {
        requireBackupId(backupId);
        return table + "/" + backupId;
    }

    public static String backupManifest(String table, String backupId) {
        return backupDir(table, backupId) + "/" + BACKUP_MANIFEST;
    }

    public static String partitionDir(String table, String backupId, int index) {
        return backupDir(table, backupId) + "/" + index;
    }

    /** The directory of one attempt at a partition's checkpoint. */
    public static String checkpointDir(String table, String backupId, int index, String node, long decree) {
        return partitionDir(table, backupId, index) + "/" + decree + "-" + node.replace(':', '_');
    }

    public static boolean isBackupId(String name) {
        return BACKUP_ID.matcher(name).matches();
    }

    public static String requireBackupId(String backupId) {
        if (backupId == null || !isBackupId(backupId)) {
            throw new IllegalArgumentException("'" + backupId + "' is not a backup id: backup ids are the start time"
                    + " in ms since the Unix epoch, e.g. 1764067200000");
        }
        return backupId;
    }
}
