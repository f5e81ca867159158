package dev.pegasus.server.replica;

import java.time.Duration;

/**
 * When a replica server counts its data disk as short of space: free space below both a share of the
 * filesystem and an absolute minimum — whichever is larger. Below it the server refuses client writes
 * (reads go on) and the meta server moves its primaries away; within twice that it warns in its log.
 *
 * @param checkInterval how often the free space is read
 * @param minFreeRatio  share of the filesystem that must stay free (0 to 1)
 * @param minFreeBytes  bytes that must stay free whatever the filesystem's size
 */
public record DiskSpaceOptions(Duration checkInterval, double minFreeRatio, long minFreeBytes) {
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(1);
    /** As Apache Pegasus's {@code disk_min_available_space_ratio} (10%). */
    public static final double DEFAULT_MIN_FREE_RATIO = 0.10;
    public static final long DEFAULT_MIN_FREE_BYTES = 64L << 20;
    public static final DiskSpaceOptions DEFAULT = new DiskSpaceOptions(DEFAULT_CHECK_INTERVAL, DEFAULT_MIN_FREE_RATIO,
            DEFAULT_MIN_FREE_BYTES);

    public DiskSpaceOptions {
        if (checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException("the disk space check interval must be positive, not " + checkInterval);
        }
        if (!(minFreeRatio >= 0 && minFreeRatio < 1)) {
            throw new IllegalArgumentException("the minimum free share of the disk must be from 0 to below 1, not "
                    + minFreeRatio);
        }
        if (minFreeBytes < 0) {
            throw new IllegalArgumentException("the minimum free bytes must not be negative, not " + minFreeBytes);
        }
    }

    /** How a disk of {@code totalBytes} with {@code freeBytes} free stands. */
    public enum Level { PLENTY, NEARING_MINIMUM, BELOW_MINIMUM }

    /** The free bytes below which a filesystem of {@code totalBytes} is short of space. */
    public long minimumFree(long totalBytes) {
        return Math.max(minFreeBytes, (long) Math.ceil(totalBytes * minFreeRatio));
    }

    public Level levelOf(long freeBytes, long totalBytes) {
        long minimum = minimumFree(totalBytes);
        return freeBytes < minimum ? Level.BELOW_MINIMUM
                : freeBytes < 2 * minimum ? Level.NEARING_MINIMUM : Level.PLENTY;
    }
}
