package dev.pegasus.checkpoint;

import java.util.HexFormat;
import java.util.List;

/**
 * A storage key at which a partition's checkpoint can be cut into ranges of known size, for readers
 * that read one partition with several tasks.
 *
 * @param key the storage key, hex: a record of the checkpoint with this key starts the range after the point
 * @param bytesBefore RocksDB's estimate of the checkpoint's record bytes (as stored: compressed, all
 *                    levels) below {@code key}
 */
public record SplitPoint(String key, long bytesBefore) {
    public SplitPoint {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a split point needs a storage key");
        }
        try {
            HexFormat.of().parseHex(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("split point key '" + key + "' is not hex", e);
        }
        if (bytesBefore < 0) {
            throw new IllegalArgumentException("split point " + key + " has negative bytes before it: " + bytesBefore);
        }
    }

    public static SplitPoint of(byte[] key, long bytesBefore) {
        return new SplitPoint(HexFormat.of().formatHex(key), bytesBefore);
    }

    public byte[] keyBytes() {
        return HexFormat.of().parseHex(key);
    }

    /**
     * Checks that points ascend by key and by bytes, as a reader cutting ranges at them relies on.
     *
     * @return {@code points}, unmodifiable
     */
    public static List<SplitPoint> ascending(List<SplitPoint> points) {
        List<SplitPoint> copy = List.copyOf(points);
        for (int i = 1; i < copy.size(); i++) {
            SplitPoint previous = copy.get(i - 1);
            SplitPoint point = copy.get(i);
            if (java.util.Arrays.compareUnsigned(previous.keyBytes(), point.keyBytes()) >= 0
                    || previous.bytesBefore() > point.bytesBefore()) {
                throw new IllegalArgumentException("split points must ascend by key and bytes: " + previous
                        + " is followed by " + point);
            }
        }
        return copy;
    }
}
