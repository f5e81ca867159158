package dev.pegasus.spark;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of {@code spark.read.format("pegasus")}, checked on the driver.
 *
 * @param snapshot one backup directory, {@code ROOT/TABLE/BACKUP_ID}
 * @param backups a backup root, read with {@code table} (and {@code backupId}, else the latest complete backup)
 * @param stagingDir the local directory on executors where partitions are staged; the JVM's temporary
 *                   directory when absent
 * @param splitBytes a partition holding more than this is read by several tasks, each of about this much
 */
record ReadOptions(Optional<String> snapshot, Optional<String> backups, Optional<String> table,
        Optional<String> backupId, Encoding encoding, Optional<String> stagingDir, long splitBytes) {
    static final String SNAPSHOT = "snapshot";
    static final String PATH = "path";
    static final String BACKUPS = "backups";
    static final String TABLE = "table";
    static final String BACKUP_ID = "backup_id";
    static final String ENCODING = "encoding";
    static final String STAGING_DIR = "staging_dir";
    static final String SPLIT_BYTES = "split_bytes";
    /** As Spark's {@code spark.sql.files.maxPartitionBytes} for files. */
    static final long DEFAULT_SPLIT_BYTES = 128L << 20;
    /** Spark's own key for several {@code load(…)} paths, refused below with a clearer message. */
    private static final String PATHS = "paths";
    static final List<String> NAMES = List.of(SNAPSHOT, PATH, PATHS, BACKUPS, TABLE, BACKUP_ID, ENCODING, STAGING_DIR,
            SPLIT_BYTES);

    /** @param options case-insensitive, as Spark hands them over */
    static ReadOptions parse(Map<String, String> options) {
        OptionNames.check(options, NAMES, "reading pegasus");
        if (value(options, PATHS).filter(paths -> !paths.equals("[]")).isPresent()) {
            throw new IllegalArgumentException("reading pegasus takes one snapshot; load(…) was given several paths");
        }
        Optional<String> snapshot = value(options, SNAPSHOT).or(() -> value(options, PATH));
        Optional<String> backups = value(options, BACKUPS);
        Optional<String> table = value(options, TABLE);
        Optional<String> backupId = value(options, BACKUP_ID);
        if (snapshot.isPresent() == backups.isPresent()) {
            throw new IllegalArgumentException("reading pegasus needs exactly one of option '" + SNAPSHOT
                    + "' (a backup directory, ROOT/TABLE/BACKUP_ID) or option '" + BACKUPS
                    + "' (a backup root) with '" + TABLE + "'");
        }
        if (backups.isPresent() && table.isEmpty()) {
            throw new IllegalArgumentException("option '" + BACKUPS + "' needs option '" + TABLE
                    + "': the table whose backup to read");
        }
        if (snapshot.isPresent() && (table.isPresent() || backupId.isPresent())) {
            throw new IllegalArgumentException("option '" + SNAPSHOT + "' names the backup already; options '"
                    + TABLE + "' and '" + BACKUP_ID + "' go with '" + BACKUPS + "' instead");
        }
        return new ReadOptions(snapshot, backups, table, backupId, encoding(options), value(options, STAGING_DIR),
                splitBytes(options));
    }

    static Encoding encoding(Map<String, String> options) {
        return value(options, ENCODING).map(Encoding::parse).orElse(Encoding.BINARY);
    }

    private static long splitBytes(Map<String, String> options) {
        Optional<String> text = value(options, SPLIT_BYTES);
        if (text.isEmpty()) {
            return DEFAULT_SPLIT_BYTES;
        }
        try {
            long bytes = Long.parseLong(text.get());
            if (bytes >= 1) {
                return bytes;
            }
        } catch (NumberFormatException e) {
            // reported below with what the option takes
        }
        throw new IllegalArgumentException("option '" + SPLIT_BYTES + "' is '" + text.get()
                + "'; it takes a number of bytes of at least 1 (default " + DEFAULT_SPLIT_BYTES + ")");
    }

    private static Optional<String> value(Map<String, String> options, String key) {
        return Optional.ofNullable(options.get(key)).map(String::trim).filter(v -> !v.isEmpty());
    }
}
