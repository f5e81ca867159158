package dev.pegasus.protocol;

import java.util.Arrays;

/**
 * Storage key layout shared with Apache Pegasus: {@code [u16 hash key length, big-endian][hash key]
 * [sort key]}. All records of one hash key form the contiguous key range that starts at
 * {@code [length][hash key]}, ordered by sort key.
 */
public final class KeySchema {
    /** Hash keys must be strictly shorter than this (the length field is 16 bits, 0xFFFF reserved). */
    public static final int MAX_HASH_KEY_LENGTH = 0xFFFF;

    private KeySchema() {}

    public static byte[] encode(byte[] hashKey, byte[] sortKey) {
        checkHashKey(hashKey);
        byte[] key = new byte[2 + hashKey.length + sortKey.length];
        key[0] = (byte) (hashKey.length >>> 8);
        key[1] = (byte) hashKey.length;
        System.arraycopy(hashKey, 0, key, 2, hashKey.length);
        System.arraycopy(sortKey, 0, key, 2 + hashKey.length, sortKey.length);
        return key;
    }

    /** The first key of a hash key's range: the hash key with an empty sort key. */
    public static byte[] hashKeyPrefix(byte[] hashKey) {
        return encode(hashKey, new byte[0]);
    }

    public static void checkHashKey(byte[] hashKey) {
        if (hashKey.length >= MAX_HASH_KEY_LENGTH) {
            throw new IllegalArgumentException("hash key is " + hashKey.length
                    + " bytes; it must be shorter than " + MAX_HASH_KEY_LENGTH + " bytes");
        }
    }

    public static int hashKeyLength(byte[] storageKey) {
        return hashKeyLength(storageKey, storageKey.length);
    }

    /** The hash key length of the storage key held in the first {@code keyLength} bytes of {@code buffer}. */
    public static int hashKeyLength(byte[] buffer, int keyLength) {
        if (keyLength < 2) {
            throw new IllegalArgumentException("storage key of " + keyLength + " bytes has no length prefix");
        }
        int length = ((buffer[0] & 0xFF) << 8) | (buffer[1] & 0xFF);
        if (2 + length > keyLength) {
            throw new IllegalArgumentException("storage key claims a " + length + "-byte hash key but holds "
                    + (keyLength - 2) + " bytes");
        }
        return length;
    }

    public static byte[] hashKey(byte[] storageKey) {
        return Arrays.copyOfRange(storageKey, 2, 2 + hashKeyLength(storageKey));
    }

    public static byte[] sortKey(byte[] storageKey) {
        return Arrays.copyOfRange(storageKey, 2 + hashKeyLength(storageKey), storageKey.length);
    }

    /**
     * The smallest key greater than every key that starts with {@code prefix}, or an empty array when
     * there is none (the prefix is all 0xFF): used as an exclusive upper bound of a prefix range.
     */
    public static byte[] prefixSuccessor(byte[] prefix) {
        int end = prefix.length;
        while (end > 0 && prefix[end - 1] == (byte) 0xFF) {
            end--;
        }
        if (end == 0) {
            return new byte[0];
        }
        byte[] next = Arrays.copyOf(prefix, end);
        next[end - 1]++;
        return next;
    }
}
