package dev.pegasus.checkpoint.tools;

import dev.pegasus.checkpoint.Bandwidth;
import dev.pegasus.protocol.ValueSchema;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * What a {@link SnapshotReader} reads and how.
 *
 * @param range storage keys to read
 * @param hashKeyPrefix when present, only records whose hash key starts with it
 * @param withValues whether to copy values out of RocksDB; without, records carry no value (column pruning)
 * @param nowEpochSeconds "now" in seconds since 2016-01-01, asked once when a reader opens: records
 *                        expired then are skipped
 * @param stagingParent the local directory in which each reader stages its partition's files
 * @param bandwidth limits the staging download
 */
public record SnapshotReadOptions(StorageKeyRange range, Optional<HashKeyPrefix> hashKeyPrefix, boolean withValues,
        IntSupplier nowEpochSeconds, Path stagingParent, Bandwidth bandwidth) {
    /** The wall clock in seconds since 2016-01-01, the unit of expire_ts. */
    public static final IntSupplier SYSTEM_CLOCK = () -> ValueSchema.epochSeconds(Instant.now().getEpochSecond());

    /** Every live record with its value, now, staged under {@code java.io.tmpdir} at full speed. */
    public static SnapshotReadOptions defaults() {
        return new SnapshotReadOptions(StorageKeyRange.ALL, Optional.empty(), true, SYSTEM_CLOCK,
                Path.of(System.getProperty("java.io.tmpdir")), Bandwidth.UNLIMITED);
    }

    public SnapshotReadOptions withRange(StorageKeyRange range) {
        return new SnapshotReadOptions(range, hashKeyPrefix, withValues, nowEpochSeconds, stagingParent, bandwidth);
    }

    public SnapshotReadOptions withHashKeyPrefix(byte[] prefix) {
        Optional<HashKeyPrefix> bound = prefix.length == 0 ? Optional.empty() : Optional.of(new HashKeyPrefix(prefix));
        return new SnapshotReadOptions(range, bound, withValues, nowEpochSeconds, stagingParent, bandwidth);
    }

    public SnapshotReadOptions withoutValues() {
        return new SnapshotReadOptions(range, hashKeyPrefix, false, nowEpochSeconds, stagingParent, bandwidth);
    }

    public SnapshotReadOptions withClock(IntSupplier nowEpochSeconds) {
        return new SnapshotReadOptions(range, hashKeyPrefix, withValues, nowEpochSeconds, stagingParent, bandwidth);
    }

    public SnapshotReadOptions withStagingParent(Path stagingParent) {
        return new SnapshotReadOptions(range, hashKeyPrefix, withValues, nowEpochSeconds, stagingParent, bandwidth);
    }

    public SnapshotReadOptions withBandwidth(Bandwidth bandwidth) {
        return new SnapshotReadOptions(range, hashKeyPrefix, withValues, nowEpochSeconds, stagingParent, bandwidth);
    }
}
