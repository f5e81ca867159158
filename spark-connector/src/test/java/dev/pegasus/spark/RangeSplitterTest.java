package dev.pegasus.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pegasus.checkpoint.SplitPoint;
import dev.pegasus.checkpoint.tools.StorageKeyRange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RangeSplitterTest {
    private static final byte[] NONE = new byte[0];
    /** Points at keys 10, 20, … 90, each 100 bytes after the one before: a partition of 1,000 bytes. */
    private static final List<SplitPoint> POINTS = points();

    private static List<SplitPoint> points() {
        List<SplitPoint> points = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            points.add(SplitPoint.of(key(i * 10), i * 100L));
        }
        return points;
    }

    private static byte[] key(int n) {
        return new byte[] {0, 1, (byte) n};
    }

    private static StorageKeyRange range(int start, int stop) {
        return new StorageKeyRange(start < 0 ? NONE : key(start), stop < 0 ? NONE : key(stop));
    }

    @Test
    void aWholePartitionIsCutIntoPiecesOfAtMostTheSplitSize() {
        assertEquals(List.of(range(-1, 30), range(30, 50), range(50, 80), range(80, -1)),
                new RangeSplitter(300).split(StorageKeyRange.ALL, POINTS, 1000));
        assertEquals(List.of(range(-1, 50), range(50, -1)),
                new RangeSplitter(500).split(StorageKeyRange.ALL, POINTS, 1000));
    }

    @Test
    void aPartitionWithinTheSplitSizeStaysWhole() {
        assertEquals(List.of(StorageKeyRange.ALL), new RangeSplitter(1000).split(StorageKeyRange.ALL, POINTS, 1000));
    }

    @Test
    void aPartitionWithoutSplitPointsStaysWhole() {
        assertEquals(List.of(StorageKeyRange.ALL), new RangeSplitter(1).split(StorageKeyRange.ALL, List.of(), 1 << 30));
    }

    @Test
    void aNarrowedRangeIsCutByWhatItHolds() {
        assertEquals(List.of(range(15, 45)), new RangeSplitter(300).split(range(15, 45), POINTS, 1000));
        assertEquals(List.of(range(15, 30), range(30, 40), range(40, 65)),
                new RangeSplitter(200).split(range(15, 65), POINTS, 1000));
    }

    @Test
    void piecesFollowOneAnotherWithoutGapOrOverlap() {
        for (long splitBytes = 1; splitBytes <= 1100; splitBytes += 37) {
            List<StorageKeyRange> pieces = new RangeSplitter(splitBytes).split(range(5, 95), POINTS, 1000);
            assertEquals(5, pieces.get(0).start()[2]);
            for (int i = 1; i < pieces.size(); i++) {
                assertEquals(pieces.get(i - 1).stop()[2], pieces.get(i).start()[2], "split bytes " + splitBytes);
            }
            assertEquals(95, pieces.get(pieces.size() - 1).stop()[2]);
        }
    }

    @Test
    void aSplitSizeBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RangeSplitter(0));
    }
}
