package dev.pegasus.client;

import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.PartitionHash;
import java.util.Arrays;
import java.util.Optional;

/**
 * A storage-key range of one partition to scan.
 *
 * @param partitionHash routes the requests; for a whole-partition scan it is the partition index itself
 * @param stopKey empty: to the end of the partition
 * @param needCheckHash the server must skip records whose hash does not belong to the partition (a whole
 *     partition scan may otherwise see records left behind by a split)
 */
record ScanRange(long partitionHash, byte[] startKey, byte[] stopKey, boolean startInclusive, boolean stopInclusive,
        boolean needCheckHash) {
    private static final byte[] EMPTY = new byte[0];

    /** All records of one partition. */
    static ScanRange ofPartition(int partitionIndex) {
        return new ScanRange(partitionIndex, EMPTY, EMPTY, true, false, true);
    }

    /**
     * The storage-key range of a hash key's sort keys in {@code [start, stop]} (inclusiveness per options),
     * computed as Apache Pegasus's Java client does: an empty stop sort key means the end of the hash key
     * (exclusive); a sort key prefix filter narrows the range to the prefix. Empty when the range is empty.
     */
    static Optional<ScanRange> ofHashKey(byte[] hashKey, byte[] startSortKey, byte[] stopSortKey, ScanOptions options) {
        byte[] start = KeySchema.encode(hashKey, startSortKey);
        boolean startInclusive = options.startInclusive();
        byte[] stop;
        boolean stopInclusive;
        if (stopSortKey.length == 0) {
            stop = KeySchema.prefixSuccessor(KeySchema.hashKeyPrefix(hashKey));
            stopInclusive = false;
        } else {
            stop = KeySchema.encode(hashKey, stopSortKey);
            stopInclusive = options.stopInclusive();
        }
        byte[] pattern = options.sortKeyFilterPattern();
        if (options.sortKeyFilterType() == FilterType.MATCH_PREFIX && pattern.length > 0) {
            byte[] prefixStart = KeySchema.encode(hashKey, pattern);
            if (Arrays.compareUnsigned(prefixStart, start) > 0) {
                start = prefixStart;
                startInclusive = true;
            }
            byte[] prefixStop = KeySchema.prefixSuccessor(prefixStart);
            if (Arrays.compareUnsigned(prefixStop, stop) <= 0) {
                stop = prefixStop;
                stopInclusive = false;
            }
        }
        int order = Arrays.compareUnsigned(start, stop);
        if (order < 0 || (order == 0 && startInclusive && stopInclusive)) {
            return Optional.of(new ScanRange(PartitionHash.of(hashKey, EMPTY), start, stop, startInclusive,
                    stopInclusive, false));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "ScanRange[hash=" + Long.toUnsignedString(partitionHash) + ", " + (startInclusive ? "[" : "(")
                + Bytes.show(startKey) + ", " + Bytes.show(stopKey) + (stopInclusive ? "]" : ")") + "]";
    }
}
