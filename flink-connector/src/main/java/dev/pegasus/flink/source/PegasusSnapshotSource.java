package dev.pegasus.flink.source;

import dev.pegasus.checkpoint.BackupManifest;
import dev.pegasus.checkpoint.BackupRepository;
import dev.pegasus.checkpoint.FileStore;
import dev.pegasus.checkpoint.FileStores;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded source reading a snapshot of a table, i.e. one of its backups (checkpoint-tools/FORMAT.md),
 * offline: the live cluster is not asked anything. One split per partition; each is staged on the
 * reading task manager's local disk and read in storage-key order, skipping records expired at read time.
 *
 * <pre>{@code
 * env.fromSource(PegasusSnapshotSource.builder()
 *         .setBackupRoot("hdfs://namenode:8020/pegasus/backups")
 *         .setTable("orders")
 *         .build(), WatermarkStrategy.noWatermarks(), "orders snapshot");
 * }</pre>
 *
 * <p>Without {@link Builder#setBackupId} the newest complete backup is chosen when the job starts and
 * kept across restores. A checkpoint records, per partition, how many records were emitted.
 */
public final class PegasusSnapshotSource<T>
        implements Source<T, PartitionSplit, PendingSplits>, ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private final SnapshotSourceOptions options;
    private final SnapshotDeserializer<T> deserializer;

    PegasusSnapshotSource(SnapshotSourceOptions options, SnapshotDeserializer<T> deserializer) {
        this.options = options;
        this.deserializer = deserializer;
    }

    /** A source of {@link SnapshotRow}s. */
    public static Builder<SnapshotRow> builder() {
        return new Builder<>(SnapshotDeserializer.rows());
    }

    /** A source of whatever {@code deserializer} makes of each record. */
    public static <T> Builder<T> builder(SnapshotDeserializer<T> deserializer) {
        return new Builder<>(Objects.requireNonNull(deserializer, "deserializer"));
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SplitEnumerator<PartitionSplit, PendingSplits> createEnumerator(SplitEnumeratorContext<PartitionSplit> context)
            throws IOException {
        BackupManifest backup = chooseBackup();
        List<PartitionSplit> splits = new ArrayList<>(backup.partitionCount());
        for (int partition = 0; partition < backup.partitionCount(); partition++) {
            splits.add(new PartitionSplit(backup.backupId(), partition, 0));
        }
        return new SnapshotSplitEnumerator(context, splits);
    }

    /** The backup to read, checked to be complete (every file there, at its size) before any split is made. */
    private BackupManifest chooseBackup() throws IOException {
        try (FileStore store = FileStores.open(options.backupRoot())) {
            BackupRepository repository = new BackupRepository(store);
            BackupManifest backup = repository.select(options.table(), options.backupId());
            repository.checkComplete(backup);
            return backup;
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot read the backups of " + options.describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SplitEnumerator<PartitionSplit, PendingSplits> restoreEnumerator(
            SplitEnumeratorContext<PartitionSplit> context, PendingSplits checkpoint) {
        return new SnapshotSplitEnumerator(context, checkpoint.splits());
    }

    @Override
    public SimpleVersionedSerializer<PartitionSplit> getSplitSerializer() {
        return PartitionSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<PendingSplits> getEnumeratorCheckpointSerializer() {
        return new PendingSplits.Serializer();
    }

    @Override
    public SourceReader<T, PartitionSplit> createReader(SourceReaderContext context) {
        return new SnapshotSourceReader<>(options, deserializer, context);
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return deserializer.getProducedType();
    }

    /** Builds a {@link PegasusSnapshotSource}; the backup root and the table are required. */
    public static final class Builder<T> {
        private final SnapshotDeserializer<T> deserializer;
        private String backupRoot;
        private String table;
        private String backupId;
        private String stagingDir;
        private byte[] hashKeyPrefix = new byte[0];

        private Builder(SnapshotDeserializer<T> deserializer) {
            this.deserializer = deserializer;
        }

        /** The backup root: {@code hdfs://host:port/dir}, {@code file:///dir} or any Hadoop FileSystem URI. */
        public Builder<T> setBackupRoot(String backupRoot) {
            this.backupRoot = backupRoot;
            return this;
        }

        public Builder<T> setTable(String table) {
            this.table = table;
            return this;
        }

        /** A particular backup; by default the newest complete one when the job starts. */
        public Builder<T> setBackupId(String backupId) {
            this.backupId = backupId;
            return this;
        }

        /** The local directory in which each reader stages its partition's files (default java.io.tmpdir). */
        public Builder<T> setStagingDir(String stagingDir) {
            this.stagingDir = stagingDir;
            return this;
        }

        /** Only records whose hash key starts with {@code prefix}, found by seeking rather than filtering. */
        public Builder<T> setHashKeyPrefix(byte[] prefix) {
            this.hashKeyPrefix = Objects.requireNonNull(prefix, "hash key prefix").clone();
            return this;
        }

        public PegasusSnapshotSource<T> build() {
            if (backupRoot == null || backupRoot.isBlank()) {
                throw new IllegalArgumentException("the snapshot source needs a backup root, e.g. hdfs://host:port/dir "
                        + "or file:///dir");
            }
            FileStores.parse(backupRoot);
            if (table == null || table.isBlank()) {
                throw new IllegalArgumentException("the snapshot source needs the name of the backed-up table");
            }
            return new PegasusSnapshotSource<>(new SnapshotSourceOptions(backupRoot, table, Optional.ofNullable(backupId),
                    Optional.ofNullable(stagingDir), hashKeyPrefix), deserializer);
        }
    }
}
