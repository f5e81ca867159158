package dev.pegasus.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ValueSchemaTest {
    @Test
    void headerIsExpireTsThenTimetagBigEndian() {
        long timetag = ValueSchema.timetag(0x0102030405L, 3, true);
        byte[] stored = ValueSchema.encode(0x0A0B0C0D, timetag, new byte[] {42});
        assertArrayEquals(new byte[] {0x0A, 0x0B, 0x0C, 0x0D}, java.util.Arrays.copyOf(stored, 4));
        assertEquals(0x0A0B0C0D, ValueSchema.expireTs(stored));
        assertEquals(timetag, ValueSchema.timetag(stored));
        assertEquals(0x0102030405L << 8 | 3 << 1 | 1, timetag);
        assertArrayEquals(new byte[] {42}, ValueSchema.userValue(stored));
    }

    @Test
    void epochIs2016() {
        assertEquals(0, ValueSchema.epochSeconds(1451606400L));
        assertEquals(100, ValueSchema.expireTsForTtl(1451606400L, 100));
        assertEquals(0, ValueSchema.expireTsForTtl(1451606400L, 0));
    }

    @Test
    void expiryIsInclusiveAndZeroMeansNever() {
        assertFalse(ValueSchema.isExpired(0, 1_000_000));
        assertTrue(ValueSchema.isExpired(100, 100));
        assertFalse(ValueSchema.isExpired(101, 100));
    }

    @Test
    void rejectsValuesShorterThanTheHeader() {
        assertThrows(IllegalArgumentException.class, () -> ValueSchema.userValue(new byte[5]));
    }
}
