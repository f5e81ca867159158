package dev.pegasus.flink.source;

import dev.pegasus.checkpoint.tools.SnapshotReadOptions;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Optional;

/** Which snapshot the source reads and how; travels with the job. */
final class SnapshotSourceOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String backupRoot;
    private final String table;
    /** Null for the table's newest complete backup when the job starts. */
    private final String backupId;
    /** Null for {@code java.io.tmpdir}. */
    private final String stagingDir;
    private final byte[] hashKeyPrefix;

    /**
     * @param backupRoot the backup root URI ({@code hdfs://…}, {@code file:///…}, any Hadoop FileSystem)
     * @param hashKeyPrefix only records whose hash key starts with it; empty for all
     */
    SnapshotSourceOptions(String backupRoot, String table, Optional<String> backupId, Optional<String> stagingDir,
            byte[] hashKeyPrefix) {
        this.backupRoot = backupRoot;
        this.table = table;
        this.backupId = backupId.orElse(null);
        this.stagingDir = stagingDir.orElse(null);
        this.hashKeyPrefix = hashKeyPrefix.clone();
    }

    String backupRoot() {
        return backupRoot;
    }

    String table() {
        return table;
    }

    Optional<String> backupId() {
        return Optional.ofNullable(backupId);
    }

    SnapshotReadOptions readOptions() {
        SnapshotReadOptions options = SnapshotReadOptions.defaults().withHashKeyPrefix(hashKeyPrefix);
        return stagingDir == null ? options : options.withStagingParent(Path.of(stagingDir));
    }

    String describe() {
        return "table '" + table + "' under " + backupRoot;
    }
}
