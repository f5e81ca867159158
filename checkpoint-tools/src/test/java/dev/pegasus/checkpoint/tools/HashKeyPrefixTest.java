package dev.pegasus.checkpoint.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pegasus.protocol.KeySchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class HashKeyPrefixTest {
    private static final byte[] ALPHABET = {0x00, 0x01, 'a', (byte) 0xFE, (byte) 0xFF};

    /** Every hash key up to 3 bytes over the alphabet, each with an empty and a one-byte sort key. */
    private static TreeSet<byte[]> allKeys() {
        TreeSet<byte[]> keys = new TreeSet<>(Arrays::compareUnsigned);
        for (byte[] hashKey : words(3)) {
            keys.add(KeySchema.encode(hashKey, new byte[0]));
            keys.add(KeySchema.encode(hashKey, new byte[] {'s'}));
        }
        return keys;
    }

    private static List<byte[]> words(int maxLength) {
        List<byte[]> words = new ArrayList<>();
        words.add(new byte[0]);
        for (int start = 0, length = 0; length < maxLength; length++) {
            int end = words.size();
            for (int i = start; i < end; i++) {
                for (byte b : ALPHABET) {
                    byte[] longer = Arrays.copyOf(words.get(i), words.get(i).length + 1);
                    longer[longer.length - 1] = b;
                    words.add(longer);
                }
            }
            start = end;
        }
        return words;
    }

    /** Skipping with seeks over a sorted key set finds exactly the keys a filter finds, for every prefix. */
    @Test
    void skipScanEqualsFilter() {
        TreeSet<byte[]> keys = allKeys();
        for (byte[] prefixBytes : words(2)) {
            if (prefixBytes.length == 0) {
                continue;
            }
            HashKeyPrefix prefix = new HashKeyPrefix(prefixBytes);
            List<byte[]> filtered = keys.stream()
                    .filter(key -> startsWith(KeySchema.hashKey(key), prefixBytes)).toList();
            List<byte[]> scanned = new ArrayList<>();
            byte[] key = keys.ceiling(prefix.first());
            int seeks = 0;
            while (key != null) {
                if (prefix.matches(key)) {
                    scanned.add(key);
                    key = keys.higher(key);
                    continue;
                }
                Optional<byte[]> next = prefix.nextCandidateAfter(key);
                if (next.isEmpty()) {
                    break;
                }
                assertTrue(Arrays.compareUnsigned(next.get(), key) > 0, "seeks move forward");
                key = keys.ceiling(next.get());
                seeks++;
            }
            assertEquals(render(filtered), render(scanned), "prefix " + Arrays.toString(prefixBytes));
            assertTrue(seeks <= 2 * 4, "a seek or two per hash key length, not " + seeks);
        }
    }

    @Test
    void matchesComparesOnlyTheHashKey() {
        HashKeyPrefix prefix = new HashKeyPrefix(new byte[] {'a', 'b'});
        assertTrue(prefix.matches(KeySchema.encode(new byte[] {'a', 'b'}, new byte[0])));
        assertTrue(prefix.matches(KeySchema.encode(new byte[] {'a', 'b', 'c'}, new byte[] {'x'})));
        assertFalse(prefix.matches(KeySchema.encode(new byte[] {'a'}, new byte[] {'b'})), "sort keys do not count");
    }

    @Test
    void nextCandidateOfAMatchingKeyIsRefused() {
        HashKeyPrefix prefix = new HashKeyPrefix(new byte[] {'a'});
        assertThrows(IllegalArgumentException.class,
                () -> prefix.nextCandidateAfter(KeySchema.encode(new byte[] {'a'}, new byte[0])));
    }

    @Test
    void theLongestHashKeysHaveNoSuccessor() {
        HashKeyPrefix prefix = new HashKeyPrefix(new byte[] {'a'});
        byte[] longest = new byte[KeySchema.MAX_HASH_KEY_LENGTH - 1];
        Arrays.fill(longest, (byte) 'b');
        assertEquals(Optional.empty(), prefix.nextCandidateAfter(KeySchema.encode(longest, new byte[0])));
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static List<String> render(List<byte[]> keys) {
        return keys.stream().map(Arrays::toString).toList();
    }
}
