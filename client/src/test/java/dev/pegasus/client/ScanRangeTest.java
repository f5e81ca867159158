package dev.pegasus.client;

import static dev.pegasus.client.TestSupport.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.KeySchema;
import dev.pegasus.protocol.PartitionHash;
import org.junit.jupiter.api.Test;

/** Key ranges of hash key scans, computed as Apache Pegasus's Java client computes them. */
class ScanRangeTest {
    private static final byte[] HK = b("hk");
    private static final byte[] NONE = new byte[0];

    @Test
    void wholeHashKeyEndsAtThePrefixSuccessorExclusive() {
        ScanOptions options = ScanOptions.builder().stopInclusive(true).build();
        ScanRange range = ScanRange.ofHashKey(HK, NONE, NONE, options).orElseThrow();
        assertArrayEquals(new byte[] {0, 2, 'h', 'k'}, range.startKey());
        assertArrayEquals(new byte[] {0, 2, 'h', 'l'}, range.stopKey());
        assertTrue(range.startInclusive());
        assertFalse(range.stopInclusive(), "an open end is exclusive whatever the options say");
        assertFalse(range.needCheckHash());
        assertEquals(PartitionHash.crc64(HK), range.partitionHash());
    }

    @Test
    void explicitBoundsKeepTheirInclusiveness() {
        ScanOptions options = ScanOptions.builder().startInclusive(false).stopInclusive(true).build();
        ScanRange range = ScanRange.ofHashKey(HK, b("a"), b("m"), options).orElseThrow();
        assertArrayEquals(KeySchema.encode(HK, b("a")), range.startKey());
        assertArrayEquals(KeySchema.encode(HK, b("m")), range.stopKey());
        assertFalse(range.startInclusive());
        assertTrue(range.stopInclusive());
    }

    @Test
    void prefixFilterNarrowsTheRange() {
        ScanOptions options = ScanOptions.builder().sortKeyFilter(FilterType.MATCH_PREFIX, b("p")).build();
        ScanRange range = ScanRange.ofHashKey(HK, NONE, NONE, options).orElseThrow();
        assertArrayEquals(KeySchema.encode(HK, b("p")), range.startKey());
        assertArrayEquals(KeySchema.encode(HK, b("q")), range.stopKey());
        assertTrue(range.startInclusive());
        assertFalse(range.stopInclusive());

        ScanRange inside = ScanRange.ofHashKey(HK, b("pb"), b("pc"), options).orElseThrow();
        assertArrayEquals(KeySchema.encode(HK, b("pb")), inside.startKey());
        assertArrayEquals(KeySchema.encode(HK, b("pc")), inside.stopKey());
    }

    @Test
    void emptyRanges() {
        ScanOptions defaults = ScanOptions.defaults();
        assertTrue(ScanRange.ofHashKey(HK, b("b"), b("a"), defaults).isEmpty());
        assertTrue(ScanRange.ofHashKey(HK, b("a"), b("a"), defaults).isEmpty());
        ScanOptions both = ScanOptions.builder().stopInclusive(true).build();
        assertTrue(ScanRange.ofHashKey(HK, b("a"), b("a"), both).isPresent());
        ScanOptions prefix = ScanOptions.builder().sortKeyFilter(FilterType.MATCH_PREFIX, b("x")).build();
        assertTrue(ScanRange.ofHashKey(HK, NONE, b("c"), prefix).isEmpty());
    }

    @Test
    void wholePartitionRangeIsRoutedByItsIndex() {
        ScanRange range = ScanRange.ofPartition(3);
        assertEquals(3, range.partitionHash());
        assertEquals(0, range.startKey().length);
        assertEquals(0, range.stopKey().length);
        assertTrue(range.needCheckHash());
    }
}
