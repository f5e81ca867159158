package dev.pegasus.spark;

import dev.pegasus.checkpoint.SplitPoint;
import dev.pegasus.checkpoint.tools.StorageKeyRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts the key range a scan reads in one table partition into ranges of at most about
 * {@code splitBytes} each, at the partition's split points (see the backup format). Sizes come from
 * the points' estimates, so a range narrowed by filters is cut by what it holds, not by the whole
 * partition's size. A partition without split points (a backup from before they were recorded, or
 * one too small to have any) stays one range.
 */
final class RangeSplitter {
    private final long splitBytes;

    RangeSplitter(long splitBytes) {
        if (splitBytes < 1) {
            throw new IllegalArgumentException("split bytes must be positive, not " + splitBytes);
        }
        this.splitBytes = splitBytes;
    }

    /**
     * @param points the partition's split points, ascending
     * @param partitionBytes the partition's size, for the bytes after its last point
     * @return ranges that together hold exactly {@code range}'s keys, ascending
     */
    List<StorageKeyRange> split(StorageKeyRange range, List<SplitPoint> points, long partitionBytes) {
        byte[] start = range.start();
        byte[] stop = range.stop();
        List<SplitPoint> inside = points.stream().filter(p -> above(p.keyBytes(), start) && below(p.keyBytes(), stop))
                .toList();
        if (inside.isEmpty()) {
            return List.of(range);
        }
        long total = Math.max(partitionBytes, points.get(points.size() - 1).bytesBefore());
        long startBytes = bytesAt(start, points);
        long stopBytes = range.hasStop() ? bytesAt(stop, points) : total;
        long rangeBytes = stopBytes - startBytes;
        long pieces = (rangeBytes + splitBytes - 1) / splitBytes;
        if (pieces <= 1) {
            return List.of(range);
        }
        List<byte[]> cuts = new ArrayList<>();
        int next = 0;
        for (long piece = 1; piece < pieces && next < inside.size(); piece++) {
            long target = startBytes + (long) (rangeBytes * ((double) piece / pieces));
            int nearest = next;
            while (nearest + 1 < inside.size() && Math.abs(inside.get(nearest + 1).bytesBefore() - target)
                    <= Math.abs(inside.get(nearest).bytesBefore() - target)) {
                nearest++;
            }
            cuts.add(inside.get(nearest).keyBytes());
            next = nearest + 1;
        }
        List<StorageKeyRange> ranges = new ArrayList<>();
        byte[] from = start;
        for (byte[] cut : cuts) {
            ranges.add(new StorageKeyRange(from, cut));
            from = cut;
        }
        ranges.add(new StorageKeyRange(from, stop));
        return ranges;
    }

    /** The estimated bytes below {@code key}: those of the last point at or below it, 0 below the first. */
    private static long bytesAt(byte[] key, List<SplitPoint> points) {
        long bytes = 0;
        for (SplitPoint point : points) {
            if (Arrays.compareUnsigned(point.keyBytes(), key) > 0) {
                break;
            }
            bytes = point.bytesBefore();
        }
        return bytes;
    }

    private static boolean above(byte[] key, byte[] start) {
        return Arrays.compareUnsigned(key, start) > 0;
    }

    /** Below an exclusive stop; an empty stop is no bound. */
    private static boolean below(byte[] key, byte[] stop) {
        return stop.length == 0 || Arrays.compareUnsigned(key, stop) < 0;
    }
}
