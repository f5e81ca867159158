package dev.pegasus.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PartitionHashTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The definition, one bit at a time: an independent check of the table-driven code. */
    private static long bitwiseCrc64(byte[] data) {
        long crc = -1L;
        for (byte b : data) {
            crc ^= b & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x9A6C9329AC4BC9B5L : crc >>> 1;
            }
        }
        return ~crc;
    }

    @Test
    void matchesTheCrc64NvmeCheckValue() {
        assertEquals(0xAE8B14860A799888L, PartitionHash.crc64(utf8("123456789")));
        assertEquals(0L, PartitionHash.crc64(new byte[0]));
    }

    @Test
    void tableDrivenEqualsBitwiseDefinition() {
        Random random = new Random(42);
        for (int length = 0; length < 300; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            assertEquals(bitwiseCrc64(data), PartitionHash.crc64(data), "length " + length);
        }
    }

    @Test
    void hashesTheSortKeyOnlyWhenTheHashKeyIsEmpty() {
        assertEquals(PartitionHash.crc64(utf8("user1")), PartitionHash.of(utf8("user1"), utf8("anything")));
        assertEquals(PartitionHash.crc64(utf8("sk")), PartitionHash.of(new byte[0], utf8("sk")));
        assertEquals(PartitionHash.of(utf8("user1"), utf8("x")),
                PartitionHash.ofStorageKey(KeySchema.encode(utf8("user1"), utf8("x"))));
        assertEquals(PartitionHash.of(new byte[0], utf8("sk")),
                PartitionHash.ofStorageKey(KeySchema.encode(new byte[0], utf8("sk"))));
    }

    @Test
    void partitionIndexTreatsTheHashAsUnsigned() {
        long negative = 0xFFFF_FFFF_FFFF_FFF5L;
        assertEquals(Long.remainderUnsigned(negative, 8), PartitionHash.partitionIndex(negative, 8));
        assertEquals(5, PartitionHash.partitionIndex(negative, 8));
        for (String key : new String[] {"a", "hello", "user_42", "123456789"}) {
            long hash = PartitionHash.crc64(utf8(key));
            int index = PartitionHash.partitionIndex(hash, 16);
            assertEquals((int) (hash & 15), index, key);
        }
    }
}
