package dev.pegasus.server.replica.storage;

import dev.pegasus.checkpoint.SplitPoint;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Picks the split points of a partition's records: storage keys that cut them into ranges of about
 * equal size, found by bisection on a size estimate, so without reading the records. A key between
 * two records is as good a cut as a record's own, so the bisection runs over byte strings read as
 * numbers; each point found is then moved up to the first record at or after it.
 *
 * <p>The number of ranges grows with the partition ({@link #BYTES_PER_RANGE}), within
 * [{@link #MIN_RANGES}, {@link #MAX_RANGES}]: a reader can then cut a partition into tasks of a size
 * it chooses, and a manifest stays small. Estimates have the resolution of a data block, so a
 * partition of a few blocks gets fewer points, and one of a single block none.
 */
public final class SplitPointSearch {
    static final int MIN_RANGES = 16;
    static final int MAX_RANGES = 256;
    static final long BYTES_PER_RANGE = 32L << 20;

    /** What the search needs of the records. */
    public interface Records {
        /** The smallest and the largest key, empty when there are no records. */
        Optional<byte[][]> bounds();

        /** Estimated bytes of the records from the first key to {@code key}, exclusive. */
        long bytesBelow(byte[] key);

        /** The first key at or after {@code key}, empty past the last. */
        Optional<byte[]> ceiling(byte[] key);
    }

    private final Records records;

    public SplitPointSearch(Records records) {
        this.records = records;
    }

    /** The split points, ascending by key and by bytes; none for an empty or one-block partition. */
    public List<SplitPoint> points() {
        Optional<byte[][]> bounds = records.bounds();
        if (bounds.isEmpty()) {
            return List.of();
        }
        byte[] first = bounds.get()[0];
        byte[] last = bounds.get()[1];
        long total = records.bytesBelow(successor(last));
        int ranges = (int) Math.max(MIN_RANGES, Math.min(MAX_RANGES, (total + BYTES_PER_RANGE - 1) / BYTES_PER_RANGE));
        // Both bounds padded to one width, so that numeric order is the keys' unsigned byte order.
        int width = Math.max(first.length, last.length) + 1;
        BigInteger low = number(first, width);
        BigInteger high = number(last, width);
        List<SplitPoint> points = new ArrayList<>();
        byte[] previous = first;
        long previousBytes = 0;
        for (int i = 1; i < ranges; i++) {
            long target = total / ranges * i + total % ranges * i / ranges;
            BigInteger found = bisect(low, high, width, target, Math.max(1, total / ranges / 16));
            Optional<byte[]> key = records.ceiling(key(found, width));
            if (key.isEmpty() || Arrays.compareUnsigned(key.get(), previous) <= 0) {
                continue;
            }
            long bytes = Math.max(previousBytes, records.bytesBelow(key.get()));
            if (bytes == previousBytes) {
                continue;
            }
            points.add(SplitPoint.of(key.get(), bytes));
            previous = key.get();
            previousBytes = bytes;
            low = number(previous, width);
        }
        return List.copyOf(points);
    }

    /** The smallest number in [low, high] whose key has at least {@code target} bytes below it, within {@code slack}. */
    private BigInteger bisect(BigInteger low, BigInteger high, int width, long target, long slack) {
        while (low.compareTo(high) < 0) {
            BigInteger middle = low.add(high).shiftRight(1);
            long below = records.bytesBelow(key(middle, width));
            if (Math.abs(below - target) <= slack) {
                return middle;
            }
            if (below < target) {
                low = middle.add(BigInteger.ONE);
            } else {
                high = middle;
            }
        }
        return low;
    }

    private static BigInteger number(byte[] key, int width) {
        return new BigInteger(1, Arrays.copyOf(key, width));
    }

    /** The number as a key of {@code width} bytes, its trailing zero bytes dropped (a shorter key sorts first). */
    private static byte[] key(BigInteger number, int width) {
        byte[] magnitude = number.toByteArray();
        byte[] key = new byte[width];
        int copied = Math.min(width, magnitude.length);
        System.arraycopy(magnitude, magnitude.length - copied, key, width - copied, copied);
        int length = width;
        while (length > 0 && key[length - 1] == 0) {
            length--;
        }
        return Arrays.copyOf(key, length);
    }

    /** The smallest key above {@code key}. */
    static byte[] successor(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }
}
