package dev.pegasus.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The backups under one backup root: listing, reading manifests, checking that files are there and
 * whole, and staging a partition's checkpoint on the local disk.
 */
public final class BackupRepository {
    private final FileStore store;

    public BackupRepository(FileStore store) {
        this.store = store;
    }

    public FileStore store() {
        return store;
    }

    /** A backup directory found under the root; {@code manifest} is empty while it is incomplete. */
    public record Listing(String table, String backupId, Optional<BackupManifest> manifest) {
        public boolean complete() {
            return manifest.isPresent();
        }
    }

    /** Every backup directory under the root, by table, oldest first. Damaged manifests count as incomplete. */
    public List<Listing> list() throws IOException {
        List<Listing> listings = new ArrayList<>();
        for (String table : store.list("")) {
            for (String id : store.list(table)) {
                if (!BackupLayout.isBackupId(id)) {
                    continue;
                }
                Optional<BackupManifest> manifest = Optional.empty();
                if (store.length(BackupLayout.backupManifest(table, id)).isPresent()) {
                    try {
                        manifest = Optional.of(manifest(table, id));
                    } catch (CorruptBackupException e) {
                        manifest = Optional.empty();
                    }
                }
                listings.add(new Listing(table, id, manifest));
            }
        }
        listings.sort((a, b) -> a.table().equals(b.table()) ? Long.compare(Long.parseLong(a.backupId()),
                Long.parseLong(b.backupId())) : a.table().compareTo(b.table()));
        return listings;
    }

    public BackupManifest manifest(String table, String backupId) throws IOException {
        String path = BackupLayout.backupManifest(table, backupId);
        if (!store.exists(BackupLayout.backupDir(table, backupId))) {
            throw new CorruptBackupException("no backup " + backupId + " of table '" + table + "' under " + store.root());
        }
        BackupManifest manifest = Manifests.read(store, path, BackupManifest.class);
        if (!manifest.backupId().equals(backupId) || manifest.partitions().size() != manifest.partitionCount()) {
            throw new CorruptBackupException("manifest " + store.describe(path) + " does not describe backup " + backupId
                    + " with one entry per partition (" + manifest.partitions().size() + " entries, "
                    + manifest.partitionCount() + " partitions)");
        }
        return manifest;
    }

    /** The backup with this id, whatever its table; backup ids are unique per backup root. */
    public BackupManifest find(String backupId) throws IOException {
        BackupLayout.requireBackupId(backupId);
        for (String table : store.list("")) {
            if (store.exists(BackupLayout.backupDir(table, backupId))) {
                return manifest(table, backupId);
            }
        }
        throw new CorruptBackupException("no backup " + backupId + " under " + store.root());
    }

    /**
     * The backup a reader asked for: the one with {@code backupId}, or the table's newest complete one.
     *
     * @throws BackupNotFoundException when there is no such backup, saying what is missing (the root, the
     *     table, the id, a complete backup) and what is there instead
     * @throws CorruptBackupException when its manifest is damaged
     */
    public BackupManifest select(String table, Optional<String> backupId) throws IOException {
        String root = store.root().toString();
        List<Listing> listings = list();
        List<String> tables = listings.stream().map(Listing::table).distinct().toList();
        if (tables.isEmpty()) {
            throw new BackupNotFoundException("no backups under " + root + (store.exists("") ? " (no table has one)"
                    : " (it does not exist)"));
        }
        if (!tables.contains(table)) {
            throw new BackupNotFoundException("no backup of table '" + table + "' under " + root
                    + "; tables with backups there: " + String.join(", ", tables));
        }
        List<Listing> ofTable = listings.stream().filter(listing -> listing.table().equals(table)).toList();
        String listed = ofTable.stream().map(listing -> listing.backupId() + (listing.complete() ? "" : " (incomplete)"))
                .collect(Collectors.joining(", "));
        if (backupId.isEmpty()) {
            return latest(table).orElseThrow(() -> new BackupNotFoundException("no complete backup of table '" + table
                    + "' under " + root + "; its backups: " + listed));
        }
        String id = backupId.get();
        Optional<Listing> asked = ofTable.stream().filter(listing -> listing.backupId().equals(id)).findFirst();
        if (asked.isEmpty()) {
            throw new BackupNotFoundException("no backup " + id + " of table '" + table + "' under " + root
                    + "; its backups: " + listed);
        }
        if (!asked.get().complete()) {
            throw new BackupNotFoundException("backup " + id + " of table '" + table + "' under " + root
                    + " is not complete (no readable " + BackupLayout.BACKUP_MANIFEST + ": still running, or failed)");
        }
        return asked.get().manifest().orElseThrow();
    }

    /** The newest complete backup of a table. */
    public Optional<BackupManifest> latest(String table) throws IOException {
        List<String> ids = new ArrayList<>(store.list(table).stream().filter(BackupLayout::isBackupId).toList());
        ids.sort((a, b) -> Long.compare(Long.parseLong(b), Long.parseLong(a)));
        for (String id : ids) {
            if (store.length(BackupLayout.backupManifest(table, id)).isPresent()) {
                return Optional.of(manifest(table, id));
            }
        }
        return Optional.empty();
    }

    /** The directory of a partition's checkpoint, relative to the root. */
    public String checkpointDir(BackupManifest backup, int index) {
        return BackupLayout.backupDir(backup.tableName(), backup.backupId()) + "/" + backup.partitions().get(index).dir();
    }

    public PartitionManifest partition(BackupManifest backup, int index) throws IOException {
        if (index < 0 || index >= backup.partitionCount()) {
            throw new IllegalArgumentException("partition " + index + " is not in backup " + backup.backupId()
                    + " of " + backup.partitionCount() + " partitions");
        }
        String path = checkpointDir(backup, index) + "/" + BackupLayout.PARTITION_MANIFEST;
        PartitionManifest partition = Manifests.read(store, path, PartitionManifest.class);
        BackupManifest.Partition entry = backup.partitions().get(index);
        if (partition.partitionIndex() != index || partition.decree() != entry.decree()
                || !partition.backupId().equals(backup.backupId()) || partition.files().size() != entry.fileCount()) {
            throw new CorruptBackupException("manifest " + store.describe(path) + " does not match backup "
                    + backup.backupId() + ": it describes partition " + partition.partitionIndex() + " at decree "
                    + partition.decree() + " with " + partition.files().size() + " files; the backup expects partition "
                    + index + " at decree " + entry.decree() + " with " + entry.fileCount() + " files");
        }
        return partition;
    }

    /**
     * Checks every partition manifest and that every file is there with its length, without reading
     * the files (see {@link #verify} for that).
     *
     * @throws CorruptBackupException naming the first missing or wrong-sized file
     */
    public void checkComplete(BackupManifest backup) throws IOException {
        for (int index = 0; index < backup.partitionCount(); index++) {
            String dir = checkpointDir(backup, index);
            for (ManifestFile file : partition(backup, index).files()) {
                String path = dir + "/" + file.name();
                Optional<Long> length = store.length(path);
                if (length.isEmpty()) {
                    throw new CorruptBackupException("file " + store.describe(path) + " is missing");
                }
                if (length.get() != file.size()) {
                    throw new CorruptBackupException("file " + store.describe(path) + " has " + length.get()
                            + " bytes; its manifest says " + file.size()
                            + (length.get() < file.size() ? " (truncated)" : ""));
                }
            }
        }
    }

    /** {@code backup} with every partition's split points as its partition manifest records them. */
    public BackupManifest withSplitPoints(BackupManifest backup) throws IOException {
        List<BackupManifest.Partition> entries = new ArrayList<>();
        for (BackupManifest.Partition entry : backup.partitions()) {
            entries.add(entry.withSplitPoints(partition(backup, entry.index()).splitPoints()));
        }
        return backup.withPartitions(entries);
    }

    /** Reads every file of a partition and checks lengths and checksums. */
    public void verify(BackupManifest backup, int index) throws IOException {
        String dir = checkpointDir(backup, index);
        for (ManifestFile file : partition(backup, index).files()) {
            FileTransfers.verify(store, dir + "/" + file.name(), file);
        }
    }

    /**
     * Downloads a partition's checkpoint into {@code target} (created; must not hold other files),
     * checking every file; on failure the files downloaded so far are left for the caller to delete.
     *
     * @return the partition's manifest
     */
    public PartitionManifest stage(BackupManifest backup, int index, Path target, Bandwidth bandwidth)
            throws IOException {
        PartitionManifest partition = partition(backup, index);
        Files.createDirectories(target);
        String dir = checkpointDir(backup, index);
        for (ManifestFile file : partition.files()) {
            FileTransfers.download(store, dir + "/" + file.name(), file, target.resolve(file.name()), bandwidth);
        }
        return partition;
    }
}
