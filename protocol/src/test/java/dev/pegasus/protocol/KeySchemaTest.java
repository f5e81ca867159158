package dev.pegasus.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeySchemaTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void encodesLengthPrefixHashKeyAndSortKey() {
        byte[] key = KeySchema.encode(utf8("hk"), utf8("sk"));
        assertArrayEquals(new byte[] {0, 2, 'h', 'k', 's', 'k'}, key);
        assertArrayEquals(utf8("hk"), KeySchema.hashKey(key));
        assertArrayEquals(utf8("sk"), KeySchema.sortKey(key));
    }

    @Test
    void lengthIsBigEndian() {
        byte[] hashKey = new byte[300];
        byte[] key = KeySchema.encode(hashKey, new byte[0]);
        assertEquals(1, key[0]);
        assertEquals(44, key[1]);
    }

    @Test
    void rejectsHashKeysOf64KiBOrMore() {
        KeySchema.encode(new byte[0xFFFE], new byte[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeySchema.encode(new byte[0xFFFF], new byte[0]));
        assertTrue(e.getMessage().contains("65535"), e.getMessage());
    }

    @Test
    void rejectsTruncatedStorageKeys() {
        assertThrows(IllegalArgumentException.class, () -> KeySchema.hashKey(new byte[] {0}));
        assertThrows(IllegalArgumentException.class, () -> KeySchema.hashKey(new byte[] {0, 5, 'a'}));
    }

    @Test
    void prefixSuccessorBoundsThePrefixRange() {
        assertArrayEquals(new byte[] {0, 2, 'h', 'l'}, KeySchema.prefixSuccessor(KeySchema.hashKeyPrefix(utf8("hk"))));
        assertArrayEquals(new byte[] {1}, KeySchema.prefixSuccessor(new byte[] {0, (byte) 0xFF}));
        assertEquals(0, KeySchema.prefixSuccessor(new byte[] {(byte) 0xFF, (byte) 0xFF}).length);
        byte[] prefix = KeySchema.hashKeyPrefix(utf8("hk"));
        byte[] inside = KeySchema.encode(utf8("hk"), new byte[] {(byte) 0xFF, (byte) 0xFF});
        assertTrue(Arrays.compareUnsigned(inside, KeySchema.prefixSuccessor(prefix)) < 0);
    }
}
