package dev.pegasus.checkpoint.tools;

import dev.pegasus.checkpoint.BackupManifest;
import dev.pegasus.checkpoint.BackupRepository;
import dev.pegasus.checkpoint.CorruptBackupException;
import dev.pegasus.checkpoint.PartitionManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Re-reads a whole backup: for every partition, every file's size and CRC32C against its manifest,
 * then every record through a {@link SnapshotReader}, counting the live ones. A damaged partition is
 * reported and the others are still checked.
 */
public final class BackupVerifier {
    private final BackupRepository repository;
    private final SnapshotReadOptions options;

    /** @param options where to stage partitions and "now" for expiry; values are never read */
    public BackupVerifier(BackupRepository repository, SnapshotReadOptions options) {
        this.repository = repository;
        this.options = options.withRange(StorageKeyRange.ALL).withHashKeyPrefix(new byte[0]).withoutValues();
    }

    public Report verify(BackupManifest backup) throws IOException {
        List<PartitionReport> partitions = new ArrayList<>();
        for (int index = 0; index < backup.partitionCount(); index++) {
            partitions.add(verify(backup, index));
        }
        return new Report(backup, partitions);
    }

    /**
     * @throws IOException only when the backup cannot be reached at all; damage is in the report
     */
    public PartitionReport verify(BackupManifest backup, int index) throws IOException {
        BackupManifest.Partition entry = backup.partitions().get(index);
        try (SnapshotReader reader = SnapshotReader.open(repository, backup, index, options)) {
            long live = reader.countRemaining();
            PartitionManifest manifest = reader.partition();
            return new PartitionReport(index, manifest.decree(), manifest.files().size(), manifest.totalBytes(),
                    Optional.empty(), live, reader.expiredSkipped());
        } catch (CorruptBackupException e) {
            return new PartitionReport(index, entry.decree(), entry.fileCount(), entry.bytes(),
                    Optional.of(e.getMessage()), 0, 0);
        }
    }

    /**
     * One partition's verification.
     *
     * @param error why the partition is unreadable (naming the file at fault); empty when every file
     *              matched its manifest and every record was read
     */
    public record PartitionReport(int index, long decree, int files, long bytes, Optional<String> error,
            long liveRecords, long expiredRecords) {
        public boolean ok() {
            return error.isEmpty();
        }
    }

    public record Report(BackupManifest backup, List<PartitionReport> partitions) {
        public Report {
            partitions = List.copyOf(partitions);
        }

        public boolean ok() {
            return partitions.stream().allMatch(PartitionReport::ok);
        }

        public long liveRecords() {
            return partitions.stream().mapToLong(PartitionReport::liveRecords).sum();
        }

        public long expiredRecords() {
            return partitions.stream().mapToLong(PartitionReport::expiredRecords).sum();
        }

        public long bytes() {
            return partitions.stream().mapToLong(PartitionReport::bytes).sum();
        }

        public List<PartitionReport> damaged() {
            return partitions.stream().filter(partition -> !partition.ok()).toList();
        }
    }
}
