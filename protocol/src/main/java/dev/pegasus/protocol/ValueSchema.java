package dev.pegasus.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Stored value layout shared with Apache Pegasus (data version 1): {@code [u32 expire_ts][u64
 * timetag][user bytes]}, big-endian. {@code expire_ts} counts seconds since 2016-01-01T00:00:00Z, 0
 * meaning no TTL; {@code timetag = timestamp_us << 8 | cluster_id << 1 | delete_flag}.
 */
public final class ValueSchema {
    /** Unix time of 2016-01-01T00:00:00Z, the epoch of expire_ts. */
    public static final long EPOCH_BEGIN_UNIX_SECONDS = 1451606400L;
    public static final int HEADER_LENGTH = 12;
    /**
     * expire_ts of a tombstone, what a delete leaves in a duplicated table: long expired, so every reader
     * takes the key as absent, while its timetag still tells a duplicated write older than the delete.
     */
    public static final int TOMBSTONE_EXPIRE_TS = 1;

    private ValueSchema() {}

    public static byte[] encode(int expireTs, long timetag, byte[] userValue) {
        return ByteBuffer.allocate(HEADER_LENGTH + userValue.length)
                .putInt(expireTs).putLong(timetag).put(userValue).array();
    }

    public static int expireTs(byte[] stored) {
        checkHeader(stored);
        return ByteBuffer.wrap(stored).getInt(0);
    }

    public static long timetag(byte[] stored) {
        checkHeader(stored);
        return ByteBuffer.wrap(stored).getLong(4);
    }

    public static byte[] userValue(byte[] stored) {
        checkHeader(stored);
        return Arrays.copyOfRange(stored, HEADER_LENGTH, stored.length);
    }

    private static void checkHeader(byte[] stored) {
        if (stored.length < HEADER_LENGTH) {
            throw new IllegalArgumentException("stored value of " + stored.length + " bytes is shorter than its header");
        }
    }

    /** The stored form of a delete at {@code timestampMicros} by cluster {@code clusterId}. */
    public static byte[] tombstone(long timestampMicros, int clusterId) {
        return encode(TOMBSTONE_EXPIRE_TS, timetag(timestampMicros, clusterId, true), new byte[0]);
    }

    public static boolean isTombstone(byte[] stored) {
        return stored.length == HEADER_LENGTH && expireTs(stored) == TOMBSTONE_EXPIRE_TS && isDelete(timetag(stored));
    }

    public static boolean isDelete(long timetag) {
        return (timetag & 1) == 1;
    }

    /** The cluster that made the write. */
    public static int clusterIdOf(long timetag) {
        return (int) (timetag >>> 1 & 0x7F);
    }

    public static long timestampMicrosOf(long timetag) {
        return timetag >>> 8;
    }

    public static long timetag(long timestampMicros, int clusterId, boolean deleted) {
        return timestampMicros << 8 | (long) (clusterId & 0x7F) << 1 | (deleted ? 1 : 0);
    }

    /** Seconds since 2016-01-01 for a Unix time in seconds (as stored in expire_ts). */
    public static int epochSeconds(long unixSeconds) {
        return (int) (unixSeconds - EPOCH_BEGIN_UNIX_SECONDS);
    }

    /** expire_ts for a record written at {@code nowUnixSeconds} with a TTL, 0 for none. */
    public static int expireTsForTtl(long nowUnixSeconds, int ttlSeconds) {
        return ttlSeconds <= 0 ? 0 : epochSeconds(nowUnixSeconds) + ttlSeconds;
    }

    /** Whether a record with this expire_ts is expired at {@code nowEpochSeconds} (seconds since 2016). */
    public static boolean isExpired(int expireTs, int nowEpochSeconds) {
        return expireTs > 0 && Integer.compareUnsigned(expireTs, nowEpochSeconds) <= 0;
    }
}
