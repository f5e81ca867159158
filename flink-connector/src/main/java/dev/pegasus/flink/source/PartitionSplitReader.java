package dev.pegasus.flink.source;

import dev.pegasus.checkpoint.BackupManifest;
import dev.pegasus.checkpoint.BackupRepository;
import dev.pegasus.checkpoint.FileStores;
import dev.pegasus.checkpoint.tools.SnapshotReader;
import dev.pegasus.checkpoint.tools.SnapshotRecord;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Optional;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;

/**
 * Reads the partitions assigned to one source subtask, one after another, on Flink's fetcher thread:
 * stages a partition with the checkpoint tools' {@link SnapshotReader}, skips the records emitted
 * before a restore, and hands records over in chunks.
 */
final class PartitionSplitReader implements SplitReader<SnapshotRecord, PartitionSplit> {
    private static final int RECORDS_PER_FETCH = 1024;

    private final SnapshotSourceOptions options;
    private final ArrayDeque<PartitionSplit> assigned = new ArrayDeque<>();
    private BackupRepository repository;
    private PartitionSplit current;
    private SnapshotReader reader;

    PartitionSplitReader(SnapshotSourceOptions options) {
        this.options = options;
    }

    @Override
    public RecordsWithSplitIds<SnapshotRecord> fetch() throws IOException {
        RecordsBySplits.Builder<SnapshotRecord> records = new RecordsBySplits.Builder<>();
        if (reader == null && !openNext()) {
            return records.build();
        }
        for (int i = 0; i < RECORDS_PER_FETCH; i++) {
            Optional<SnapshotRecord> record = reader.next();
            if (record.isEmpty()) {
                records.addFinishedSplit(current.splitId());
                closeCurrent();
                break;
            }
            records.add(current, record.get());
        }
        return records.build();
    }

    private boolean openNext() throws IOException {
        PartitionSplit next = assigned.poll();
        if (next == null) {
            return false;
        }
        if (repository == null) {
            repository = new BackupRepository(FileStores.open(options.backupRoot()));
        }
        BackupManifest backup = repository.manifest(options.table(), next.backupId());
        SnapshotReader opened = SnapshotReader.open(repository, backup, next.partition(), options.readOptions());
        try {
            for (long skipped = 0; skipped < next.recordsEmitted(); skipped++) {
                if (opened.next().isEmpty()) {
                    throw new IOException("partition " + next.partition() + " of backup " + next.backupId() + " of "
                            + options.describe() + " holds fewer records than the " + next.recordsEmitted()
                            + " already emitted before the restore");
                }
            }
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
        current = next;
        reader = opened;
        return true;
    }

    private void closeCurrent() throws IOException {
        SnapshotReader closing = reader;
        reader = null;
        current = null;
        closing.close();
    }

    @Override
    public void handleSplitsChanges(SplitsChange<PartitionSplit> change) {
        if (change instanceof SplitsAddition<PartitionSplit>) {
            assigned.addAll(change.splits());
        }
    }

    /** A fetch never blocks: it reads at most a chunk and returns. */
    @Override
    public void wakeUp() {
    }

    @Override
    public void close() throws Exception {
        if (reader != null) {
            closeCurrent();
        }
        if (repository != null) {
            repository.store().close();
        }
    }
}
