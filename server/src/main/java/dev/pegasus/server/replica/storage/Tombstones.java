package dev.pegasus.server.replica.storage;

import dev.pegasus.protocol.ValueSchema;
import java.time.Duration;

/**
 * How long the tombstones deletes leave in a duplicated table are kept: a duplicated write older than
 * a delete, arriving after it, must find the delete's timetag to lose to it. Past this age a tombstone
 * is swept like any expired record, so a write delayed longer than this (a duplication paused or
 * lagging for longer) could bring a deleted record back.
 */
public final class Tombstones {
    public static final Duration RETENTION = Duration.ofDays(1);

    private Tombstones() {}

    /** Whether the expired record may be swept at {@code nowEpochSeconds}: not a tombstone younger than the retention. */
    static boolean sweepable(byte[] stored, int nowEpochSeconds) {
        if (!ValueSchema.isTombstone(stored)) {
            return true;
        }
        long deletedAtSeconds = ValueSchema.timestampMicrosOf(ValueSchema.timetag(stored)) / 1_000_000;
        long nowUnixSeconds = nowEpochSeconds + ValueSchema.EPOCH_BEGIN_UNIX_SECONDS;
        return nowUnixSeconds - deletedAtSeconds >= RETENTION.toSeconds();
    }
}
